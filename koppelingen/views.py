"""The admin for koppelingen (create shows the key once; renew and revoke) and the private feeds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from wagtail.admin.views import generic

from training.models import Afdeling

from .models import Feedadres, Koppeling

KEY_TEMPLATE = "koppelingen/admin/sleutel.html"


def _show_key(request, koppeling, secret):
    """The key, once, on the page the POST answered (never in a message or the session)."""
    response = TemplateResponse(
        request,
        KEY_TEMPLATE,
        {"koppeling": koppeling, "sleutel": secret, "header_title": koppeling.naam},
    )
    response["Cache-Control"] = "no-store"
    return response


class KoppelingCreateView(generic.CreateView):
    def save_instance(self):
        koppeling = self.form.instance
        self._secret = koppeling.issue_key()
        koppeling.aangemaakt_door = self.request.user
        return super().save_instance()

    def save_action(self):
        return _show_key(self.request, self.object, self._secret)


def _check(request, codename):
    if not request.user.has_perm(f"koppelingen.{codename}_koppeling"):
        raise PermissionDenied


@require_POST
def renew_key(request, pk):
    _check(request, "change")
    koppeling = get_object_or_404(Koppeling.objects.active(), pk=pk)
    secret = koppeling.issue_key()
    koppeling.save(update_fields=["sleutel_hash", "sleutel_begin"])
    return _show_key(request, koppeling, secret)


@require_POST
def revoke(request, pk):
    _check(request, "change")
    koppeling = get_object_or_404(Koppeling.objects.active(), pk=pk)
    koppeling.revoke()
    messages.success(request, f"De sleutel van ‘{koppeling.naam}’ is ingetrokken.")
    return redirect("koppelingen:index")


# --- private feeds ---------------------------------------------------------------------------


def _private_feed(request, key, page_model, feed):
    """A feed opened by an employee's private key: the key's user reads the live public
    `page_model` page's feed (`feed(page, request)`); 404 for an unknown key or no page."""
    user = Feedadres.user_for_key(key)
    page = page_model.objects.live().public().first()
    if user is None or page is None:
        raise Http404
    request.user = user
    return feed(page, request)


@require_GET
def news_feed(request, key):
    """The news RSS for a feed reader, opened by the employee's private feed key."""
    from kennisbank.models import NewsFeed, NewsIndexPage

    return _private_feed(
        request, key, NewsIndexPage, lambda page, request: NewsFeed(page, request)(request)
    )


@require_GET
def agenda_feed(request, key):
    """The agenda's iCal for a calendar app, opened by the employee's private feed key."""
    from agenda.models import AgendaPage

    return _private_feed(
        request, key, AgendaPage, lambda page, request: page.specific.feed_view(request)
    )


@login_required
def mijn_account(request):
    """The employee's own page: who they are on the plein, and their private feed addresses."""
    feedadres = Feedadres.for_user(request.user)
    if request.method == "POST":
        feedadres.renew()
        messages.success(request, "Je hebt nieuwe feedadressen. De oude adressen werken niet meer.")
        return redirect("mijn_account")
    news_url = request.build_absolute_uri(reverse("private_news_feed", args=[feedadres.key]))
    agenda_url = request.build_absolute_uri(reverse("private_agenda_feed", args=[feedadres.key]))
    return TemplateResponse(
        request,
        "koppelingen/mijn_account.html",
        {
            "roles": request.user.groups.order_by("name").values_list("name", flat=True),
            "afdeling": Afdeling.objects.filter(profielen__user=request.user).first(),
            "feeds": [("Nieuws (RSS)", news_url), ("Agenda (iCal)", agenda_url)],
            "feedadres": feedadres,
        },
        headers={"Cache-Control": "private, no-store"},
    )
