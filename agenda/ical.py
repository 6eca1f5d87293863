"""iCalendar (RFC 5545) for one session and for the agenda, built with the icalendar library."""

from collections.abc import Iterable

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from icalendar import Calendar, Event

from agenda.models import EventPage


def _uid(event: EventPage) -> str:
    # Stable per session, so importing the file twice updates the entry instead of copying it.
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return f"bijeenkomst-{event.pk}@{host or 'integriteitsplein'}"


def calendar_for(request, events: Iterable[EventPage]) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Provincie//Integriteitsplein//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Agenda Integriteitsplein")
    now = timezone.now()
    for page in events:
        entry = Event()
        entry.add("uid", _uid(page))
        entry.add("dtstamp", now)
        entry.add("dtstart", page.start)
        entry.add("dtend", page.end)
        entry.add("summary", page.title)
        entry.add("description", page.intro)
        entry.add("categories", [page.get_soort_display()])
        location = page.location or page.online_link
        if location:
            entry.add("location", location)
        entry.add("url", page.get_full_url(request))
        if page.online_link and page.location:
            entry.add("comment", f"Online meedoen: {page.online_link}")
        calendar.add_component(entry)
    return calendar


def response(calendar: Calendar, filename: str) -> HttpResponse:
    result = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    result["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    return result
