from django import forms

from wagtail.admin.forms.auth import LoginForm


class AdminLoginForm(LoginForm):
    """Wagtail's admin login, with the Dutch label its password field lacks.

    Wagtail declares the field without a label, so Django shows the English field name.
    """

    password = forms.CharField(
        label="Wachtwoord",
        widget=forms.PasswordInput(attrs={"placeholder": "Voer je wachtwoord in"}),
        strip=False,
    )
