from django.urls import path

from . import views

urlpatterns = [
    path("callback/", views.CallbackView.as_view(), name="oidc_authentication_callback"),
    path("inloggen/", views.AuthenticationRequestView.as_view(), name="oidc_authentication_init"),
]
