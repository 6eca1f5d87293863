"""What the cached report form shows besides its page: who a reporter may exclude (ADR 0025).

The page cache keeps the empty form per audience (integriteitsplein/pagecache.py). The form
lists the active members of the teams that the page's kinds route to, by name and role, so a
change of a route, a team, a membership, or a member's name or active state forgets every
stored page (`pagecache.invalidate`: now and again after the commit). The page's own kinds and
questions are saved with the page, which forgets the pages already.
"""

import threading

from integriteitsplein import pagecache

# The user fields the form shows or filters on (excludable_members).
SHOWN_USER_FIELDS = frozenset({"first_name", "last_name", "username", "is_active"})


# The form's choices per page, for the current generation, in this process: the POST builds
# the form too (to check it), and the page cache never answers a POST.
_keuzes: dict[int, tuple[int, tuple]] = {}
_lock = threading.Lock()


def keuzes(request, page) -> tuple:
    """forms.form_keuzes(page), kept per process under the page cache's generation (which
    every change above raises). Read fresh while the cache cannot be reached."""
    from .forms import form_keuzes

    generation = pagecache.request_generation(request)
    if generation is None or page.pk is None:
        return form_keuzes(page)
    entry = _keuzes.get(page.pk)
    if entry is not None and entry[0] == generation:
        return entry[1]
    value = form_keuzes(page)
    with _lock:
        if len(_keuzes) > 8:
            _keuzes.clear()
        _keuzes[page.pk] = (generation, value)
    return value


def reset() -> None:
    """Forget the kept choices (tests)."""
    with _lock:
        _keuzes.clear()


def forget_form_pages(**kwargs) -> None:
    pagecache.invalidate()


def member_account_saved(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """A user saved: the form changes only if they are in a team and a shown field may have
    changed (a login saves only last_login: no query, nothing forgotten)."""
    if raw:
        return
    if update_fields is not None and not SHOWN_USER_FIELDS & set(update_fields):
        return
    from .accounts import has_memberships

    if has_memberships(instance):
        pagecache.invalidate()


def connect_signals() -> None:
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_delete, post_save

    from .models import MeldFormSoort, MeldVraag, Route, Team, Teamlidmaatschap

    uid = "meldkanaal-form-cache"
    for model in (Route, Team, Teamlidmaatschap, MeldFormSoort, MeldVraag):
        label = model._meta.label_lower
        post_save.connect(forget_form_pages, sender=model, dispatch_uid=f"{uid}-save-{label}")
        post_delete.connect(forget_form_pages, sender=model, dispatch_uid=f"{uid}-del-{label}")
    post_save.connect(member_account_saved, sender=get_user_model(), dispatch_uid=f"{uid}-user")
