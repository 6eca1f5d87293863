"""Who is acting, for the checks on the models (accounts.py) that have no request at hand.

ActingUserMiddleware (after AuthenticationMiddleware) puts the request in a context variable for
the time of the request; `acting_as` does the same for code without a request (tests, a
beheerder's service call). Outside both (a management command, the shell) nobody acts: the
model checks then let the change through, because whoever has the shell has the database too
(docs/data_protection.md says so).
"""

import contextlib
import contextvars

_acting = contextvars.ContextVar("meldkanaal_acting", default=None)


class _Explicit:
    def __init__(self, user):
        self.user = user


def acting_user():
    """The user of the current request (or `acting_as`), or None outside a request."""
    holder = _acting.get()
    return getattr(holder, "user", None) if holder is not None else None


def after_request(fn) -> None:
    """Run `fn` once the request is answered, outside its transactions, or now without a
    request. For the record of a refused change: the refusal rolls the change back, and the
    record must not go with it."""
    holder = _acting.get()
    pending = getattr(holder, "_meldkanaal_after", None)
    if pending is None:
        fn()
    else:
        pending.append(fn)


@contextlib.contextmanager
def acting_as(user):
    token = _acting.set(_Explicit(user))
    try:
        yield
    finally:
        _acting.reset(token)


class ActingUserMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _acting.set(request)  # request.user stays lazy until a check needs it
        request._meldkanaal_after = []
        try:
            return self.get_response(request)
        finally:
            _acting.reset(token)
            for fn in request._meldkanaal_after:
                fn()
