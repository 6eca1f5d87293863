from django.urls import path

from training import views

urlpatterns = [
    path("", views.my_trainings, name="mijn_trainingen"),
    path("<int:pk>/gedaan/", views.mark_done, name="training_gedaan"),
]
