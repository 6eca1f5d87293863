from django.conf import settings
from django.db import models


class Identiteit(models.Model):
    """Which account at the identity provider (issuer + subject) is which account here.

    Matched on `sub`, never on e-mail: an address can change or be given to someone else,
    the subject of an account at the provider does not.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="identiteiten"
    )
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    laatst_ingelogd_op = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "identiteit bij de provincie"
        verbose_name_plural = "identiteiten bij de provincie"
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identiteit_uniek")
        ]

    def __str__(self):
        return f"{self.user} ({self.issuer})"
