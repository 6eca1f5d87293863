"""The agenda's parts that differ per reader or by the minute, filled in on every response
into the pages cached for everyone (integriteitsplein.pagecache, ADR 0019): on an event page
the places left and "Aanmelden" (this reader's registration, whether registering is still
open), on the agenda's listings each card's "Je bent aangemeld" or "Vol". Each reads its
state once per response."""

from django.template.loader import render_to_string

from agenda import services
from integriteitsplein import pagecache


def _event_and_state(request, event_id):
    from agenda.models import EventPage

    def read():
        event = EventPage.objects.live().filter(pk=event_id).first()
        return event and (event, services.event_state(event, request.user))

    return pagecache.once_per_response(request, "agenda_event", event_id, read)


def places(request, event_id=None) -> str:
    found = _event_and_state(request, event_id)
    if not found:
        return ""
    event, state = found
    return render_to_string("agenda/includes/places.html", {"page": event, **state})


def registration(request, event_id=None, agenda_url="") -> str:
    found = _event_and_state(request, event_id)
    if not found:
        return ""
    event, state = found
    context = {"page": event, "agenda_url": agenda_url, **state}
    return render_to_string("agenda/includes/registration.html", context, request=request)


def card_status(request, event_id=None, event_ids=(), capacity=None, past=False) -> str:
    # The first card of the listing reads them all.
    states = pagecache.once_per_response(
        request, "agenda_cards", event_ids, lambda: services.card_states(request.user, event_ids)
    )
    status, registered = states.get(event_id, ("", 0))
    context = {"status": status, "full": capacity and registered >= capacity, "past": past}
    return render_to_string("agenda/includes/card_status.html", context)
