"""Who reads the kwestieregistratie: active vertrouwenspersonen, nobody else.

Being a superuser, having a permission or being in a group counts for nothing; a superuser
account cannot be a vertrouwenspersoon at all (one who runs the site does not also read
what colleagues confided). Cached per user object, that is per request.
"""

from vertrouwenspersonen.models import Vertrouwenspersoon


def is_vertrouwenspersoon(user) -> bool:
    if not (user is not None and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return False
    cached = getattr(user, "_is_vertrouwenspersoon", None)
    if cached is None:
        cached = Vertrouwenspersoon.objects.filter(gebruiker=user, actief=True).exists()
        user._is_vertrouwenspersoon = cached
    return cached


def has_role_row(user) -> bool:
    """Any row, also an inactive one: such an account stays protected (accounts.py)."""
    if user is None or user.pk is None:
        return False
    return Vertrouwenspersoon.objects.filter(gebruiker_id=user.pk).exists()
