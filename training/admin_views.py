"""The organiser's admin: completion per module and department (counts only), and recording
who followed a classroom training (from a session's attendance, or by account name)."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import permission_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from wagtail.admin import messages

from kennisbank.models import ELearningPage
from training import services

BEHEER = "training.beheer_afrondingen"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class RecordForm(forms.Form):
    accounts = forms.CharField(
        label="Medewerkers",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Gebruikersnaam of e-mailadres, één per regel.",
    )
    gedaan_op = forms.DateField(label="Gedaan op", widget=DateInput)

    def clean_accounts(self):
        names = [line.strip() for line in self.cleaned_data["accounts"].splitlines()]
        names = list(dict.fromkeys(name for name in names if name))
        if not names:
            raise forms.ValidationError("Vul minstens één gebruikersnaam of e-mailadres in.")
        if len(names) > 500:
            raise forms.ValidationError("Hoogstens 500 tegelijk.")
        users = list(
            get_user_model().objects.filter(
                Q(username__in=names) | Q(email__in=names), is_active=True
            )
        )
        known = {user.username for user in users} | {user.email for user in users}
        unknown = [name for name in names if name not in known]
        if unknown:
            raise forms.ValidationError(
                "Deze accounts bestaan niet (of niet meer): %(names)s. Er is niets vastgelegd.",
                params={"names": ", ".join(unknown[:20])},
            )
        return users

    def clean_gedaan_op(self):
        day = self.cleaned_data["gedaan_op"]
        if day > timezone.localdate():
            raise forms.ValidationError("De datum ligt in de toekomst.")
        return day


class WithdrawForm(forms.Form):
    account = forms.CharField(label="Gebruikersnaam of e-mailadres", max_length=254)


class AttendanceForm(forms.Form):
    bijeenkomst = forms.ChoiceField(label="Bijeenkomst")

    def __init__(self, *args, events=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.events = {str(event.pk): event for event in events}
        self.fields["bijeenkomst"].choices = [
            (pk, f"{event.title} ({timezone.localtime(event.start):%d-%m-%Y})")
            for pk, event in self.events.items()
        ]


@permission_required(BEHEER, raise_exception=True)
def overview(request):
    return TemplateResponse(request, "training/admin/overview.html", {"rows": services.overview()})


@permission_required(BEHEER, raise_exception=True)
def module(request, pk: int):
    page = get_object_or_404(ELearningPage, pk=pk, mandatory=True)
    events = list(services.attendance_events())
    forms_ = {
        "record_form": RecordForm(prefix="vastleggen", initial={"gedaan_op": timezone.localdate()}),
        "withdraw_form": WithdrawForm(prefix="intrekken"),
        "attendance_form": AttendanceForm(prefix="aanwezigheid", events=events),
    }
    status = 200
    if request.method == "POST":
        action = request.POST.get("actie")
        done = _handle(request, page, action, events, forms_)
        if done:
            return redirect("training_module", pk=page.pk)
        status = 400
    context = {"page": page, "stand": services.module_stand(page), "events": events, **forms_}
    return TemplateResponse(request, "training/admin/module.html", context, status=status)


def _handle(request, page, action, events, forms_) -> bool:
    if action == "vastleggen":
        form = forms_["record_form"] = RecordForm(request.POST, prefix="vastleggen")
        if form.is_valid():
            new = services.record(
                page, form.cleaned_data["accounts"], form.cleaned_data["gedaan_op"], request.user
            )
            already = len(form.cleaned_data["accounts"]) - new
            text = f"Vastgelegd voor {new} medewerker(s)."
            if already:
                text += f" {already} had(den) deze training al gedaan; dat bleef zo."
            messages.success(request, text)
            return True
    elif action == "aanwezigheid":
        form = forms_["attendance_form"] = AttendanceForm(
            request.POST, prefix="aanwezigheid", events=events
        )
        if form.is_valid():
            event = form.events[form.cleaned_data["bijeenkomst"]]
            new = services.record_from_attendance(page, event, request.user)
            messages.success(
                request, f"Aanwezigen van ‘{event.title}’ overgenomen: {new} nieuw vastgelegd."
            )
            return True
    elif action == "intrekken":
        form = forms_["withdraw_form"] = WithdrawForm(request.POST, prefix="intrekken")
        if form.is_valid():
            name = form.cleaned_data["account"].strip()
            user = get_user_model().objects.filter(Q(username=name) | Q(email=name)).first()
            if user and services.withdraw(page, user):
                messages.success(request, f"De afronding van {name} is ingetrokken.")
                return True
            form.add_error("account", "Voor dit account staat deze training niet vastgelegd.")
    else:
        messages.error(request, "Onbekende actie. Er is niets veranderd.")
        return False
    messages.error(request, "Er is niets veranderd. Bekijk de melding bij het formulier.")
    return False


urlpatterns = [
    path("trainingen/", overview, name="training_overzicht"),
    path("trainingen/<int:pk>/", module, name="training_module"),
]
