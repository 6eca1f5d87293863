"""What templates need to know about the reader, decided once per session."""

import time

from django.utils.functional import SimpleLazyObject

# Someone who may use the Wagtail admin sees the user bar (edit this page). Checked once
# per this many seconds per session: a reader never pays the permission query on a page,
# and a new editor sees the bar within minutes (the admin checks again on every request).
EDITOR_CHECK_SECONDS = 300
SESSION_KEY = "_integriteitsplein_editor"


def may_edit(request) -> bool:
    # Decided once per request (the page cache asks first, for the reader's audience).
    known = request.__dict__.get("_may_edit")
    if known is not None:
        return known
    request._may_edit = _may_edit(request)
    return request._may_edit


def _may_edit(request) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    session = getattr(request, "session", None)
    now = int(time.time())
    if session is not None:
        stored = session.get(SESSION_KEY)
        if stored and stored[0] == user.pk and stored[2] > now:
            return stored[1]
    allowed = user.has_perm("wagtailadmin.access_admin")
    if session is not None:
        session[SESSION_KEY] = (user.pk, allowed, now + EDITOR_CHECK_SECONDS)
    return allowed


def reader(request):
    return {"may_edit": SimpleLazyObject(lambda: may_edit(request))}
