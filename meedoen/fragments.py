"""The polls on the Meedoen page, filled in per reader into the page cached for everyone
(integriteitsplein.pagecache, ADR 0019): the form for who has not voted, the result for who
did and once a poll has closed, with this response's counts."""

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
    context = {"poll": state, "heading_level": heading_level}
    return render_to_string("meedoen/includes/peiling.html", context, request=request)
