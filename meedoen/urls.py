from django.urls import path

from meedoen import views

urlpatterns = [path("<int:pk>/stem/", views.vote, name="meedoen_stem")]
