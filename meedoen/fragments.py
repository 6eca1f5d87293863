"""The polls, filled in per reader into the page cached for everyone (integriteitsplein.
pagecache, ADR 0019): the form for who has not voted, the result for who did and once a
poll has closed, with this response's counts. `poll` on the Meedoen page, `block_poll` for a
poll in a page's body or on the home page."""

import time

from django.template.loader import render_to_string

from integriteitsplein import pagecache
from meedoen import services


def poll(request, pk=None, poll_ids=(), heading_level=3) -> str:
    from meedoen.models import Peiling

    def read():  # by the first poll on the page, for all of them: three queries
        states = services.polls_for(request.user, Peiling.objects.filter(pk__in=poll_ids))
        return {state.peiling.pk: state for state in states}

    state = pagecache.once_per_response(request, "meedoen_polls", poll_ids, read).get(pk)
    if state is None:  # removed since the page was stored
        return ""
    return _render_state(request, state, heading_level)


def block_poll(request, pk=None, heading_level=2, open_until=None, form=None) -> str:
    """A poll block: its form, the same for everyone who has not voted (rendered with the
    page while it is open, `prepare_block_poll`), or its result for whoever voted, now."""
    from meedoen.models import StemSleutel

    if form is not None and time.time() < open_until:
        user = request.user
        voted = StemSleutel.objects.filter(
            peiling_id=pk, sleutel=services.vote_key(pk, user)
        ).exists()
        if not voted:
            return pagecache.with_csrf_token(request, form)
    # Without a request (a body rendered outside a view) it is the poll as nobody's.
    return _render_poll(request, pk, heading_level, user=getattr(request, "user", None))


def prepare_block_poll(request, marker, pk=None, heading_level=2) -> dict:
    """While the page is recorded: the form as a reader who has not voted sees it."""
    from meedoen.models import Peiling

    poll = Peiling.objects.filter(pk=pk).prefetch_related("opties").first()
    if poll is None or not poll.is_open():
        return {}
    form = _render_poll(request, pk, heading_level, user=None, voted=False, poll=poll)
    return {
        "open_until": poll.sluit_op.timestamp(),
        "form": pagecache.shared_html(request, form, marker),
    }


def _render_poll(request, pk, heading_level, *, user, voted=None, poll=None) -> str:
    from meedoen.models import Peiling

    if poll is None:
        poll = Peiling.objects.filter(pk=pk).prefetch_related("opties").first()
    if poll is None:
        return ""
    return _render_state(request, services.poll_state(poll, user, voted=voted), heading_level)


def _render_state(request, state, heading_level) -> str:
    context = {"poll": state, "heading_level": heading_level}
    return render_to_string("meedoen/includes/peiling.html", context, request=request)
