from django.apps import AppConfig


class SsoConfig(AppConfig):
    """Sign-in with the province's identity provider (OpenID Connect)."""

    name = "sso"
    verbose_name = "Inloggen met je provincie-account"
    default_auto_field = "django.db.models.BigAutoField"
