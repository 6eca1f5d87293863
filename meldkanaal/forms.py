"""Forms of the reporter: the report, the follow-up code, the answer (the team's: admin_forms)."""

from django import forms
from django.core import signing
from django.utils.html import format_html

from .constants import MAX_ATTACHMENTS, Identiteit
from .services import Upload
from .uploads import UploadError, check_total, check_upload

TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"
TEXTAREA = "utrecht-textarea utrecht-textarea--html-textarea"

IDENTITEIT_UITLEG = {
    Identiteit.GENOEMD: "Het meldpunt weet wie je bent. Wie de melding onderzoekt, kan je "
    "naam ook horen als dat nodig is. We vertellen het je vooraf.",
    Identiteit.VERTROUWELIJK: "Alleen het meldpunt kent je naam. Zonder jouw toestemming "
    "geven we je naam aan niemand anders door.",
    Identiteit.ANONIEM: "Niemand weet wie je bent, ook het meldpunt niet. We bewaren geen "
    "account, IP-adres of tijdstip. Je volgt je melding alleen met de code die je krijgt.",
}

FORM_TOKEN_SALT = "meldkanaal.formulier"  # noqa: S105 (a signing salt, not a secret)
FORM_TOKEN_MAX_AGE = 24 * 60 * 60


def new_form_token() -> str:
    import secrets

    return signing.dumps(secrets.token_urlsafe(16), salt=FORM_TOKEN_SALT)


def form_token_input() -> str:
    """The hidden field with a fresh token, as Django draws an unbound form's
    {{ form.formulier_token }}: filled into every response of the cached form (ADR 0025)."""
    return format_html(
        '<input type="hidden" name="formulier_token" value="{}" id="id_formulier_token">',
        new_form_token(),
    )


def form_token_fragment(request) -> str:
    """The page cache's "formulier_token" fragment: a fresh token in every response."""
    return form_token_input()


def read_form_token(token: str) -> str | None:
    """The nonce inside a form token, or None when forged or expired."""
    try:
        return signing.loads(token, salt=FORM_TOKEN_SALT, max_age=FORM_TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files at once, each checked by content; returns a list of services.Upload."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "utrecht-file-input"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(
                f"Je kunt hoogstens {MAX_ATTACHMENTS} bijlagen toevoegen. Je koos er {len(files)}."
            )
        try:
            check_total([uploaded.size for uploaded in files])
        except UploadError as error:
            raise forms.ValidationError(str(error)) from error
        uploads, errors = [], []
        for uploaded in files:
            try:
                file, kind, name = check_upload(uploaded)
            except UploadError as error:
                errors.append(str(error))
                continue
            uploads.append(Upload(naam=name, data=file, content_type=kind.content_type))
        if errors:
            if uploads:
                # A browser empties every file input when a form comes back, so the files
                # that were fine are gone from the form too.
                names = ", ".join(upload.naam for upload in uploads)
                errors.append(
                    f"Je andere {'bijlage' if len(uploads) == 1 else 'bijlagen'} ({names}) "
                    f"{'is' if len(uploads) == 1 else 'zijn'} wel goed, maar ook die moet je "
                    "opnieuw kiezen: de browser bewaart gekozen bestanden niet."
                )
            raise forms.ValidationError(errors)
        return uploads


class CheckboxGroup(forms.CheckboxSelectMultiple):
    """Checkboxes written out as a group (includes/vinkgroep.html); the error summary links
    to the first box (<id>_0), as it does for a radio group."""

    group = True


def excludable_members(soorten) -> list[tuple[int, str]]:
    """(user id, "Name (role)") of who the reporter may exclude on the form.

    The team is decided by the kind the reporter picks, after the form is drawn, so the form
    lists the active members of every team that the page's kinds route to today (usually one
    team; with several, each name says its team). Whoever the reporter ticks is excluded
    from the case whichever team gets it, and stays excluded if it is passed on.
    """
    from .models import Route, Teamlidmaatschap

    kinds = [value for value, _, _ in soorten]  # the page's aangeboden_soorten()
    team_ids = set(Route.objects.filter(soort__in=kinds).values_list("team_id", flat=True))
    memberships = (
        Teamlidmaatschap.objects.filter(
            team_id__in=team_ids, actief=True, gebruiker__is_active=True
        )
        .select_related("gebruiker", "team")
        .order_by("gebruiker__first_name", "gebruiker__last_name", "gebruiker__username")
    )
    roles: dict[int, list[str]] = {}
    names: dict[int, str] = {}
    for lid in memberships:
        user = lid.gebruiker
        names[user.pk] = user.get_full_name() or user.get_username()
        role = lid.get_rol_display().lower()
        roles.setdefault(user.pk, []).append(
            role if len(team_ids) == 1 else f"{role}, {lid.team.naam}"
        )
    return [(pk, f"{names[pk]} ({'; '.join(roles[pk])})") for pk in names]


def form_keuzes(page) -> tuple:
    """What the report form offers besides its fixed fields: the kinds (value, label,
    explanation), the members a reporter may exclude (id, "Name (role)") and the extra
    questions (MeldVraag rows, only read)."""
    soorten = tuple(page.aangeboden_soorten())  # one query, not one per use
    return soorten, tuple(excludable_members(soorten)), tuple(page.vragen.all())


class AccessibleErrorsMixin:
    """Fields with errors get aria-invalid and aria-describedby from Django itself:
    "<id>_helptext <id>_error", the ids that includes/veld.html gives the help text and the
    error (the radio groups are written out in meld_form_page.html with the same ids).

    No HTML `required`: the browser would style empty fields as invalid before anyone typed;
    the server checks and the labels say what is optional.
    """

    use_required_attribute = False


TOO_MANY_FIELDS = (
    "Het formulier kwam met meer velden binnen dan het heeft. Laad de pagina opnieuw en "
    "verstuur het nog eens."
)


# Values a page may send beside the form's own fields: the CSRF token, the follow-up page's
# `actie`, and a little room for what a browser adds (a named submit button). Hundreds of
# invented fields are still refused.
FIELDS_BESIDES_THE_FORM = 4


class FormTokenMixin(AccessibleErrorsMixin, forms.Form):
    formulier_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        """Refuse a POST with more values than the form has fields (one value each, plus
        FIELDS_BESIDES_THE_FORM). Django's own limit (DATA_UPLOAD_MAX_NUMBER_FIELDS) must leave room
        for the Wagtail editor's large pages; the meldkanaal needs a few dozen at most."""
        data = super().clean()
        if hasattr(self.data, "lists"):
            # A checkbox group sends one value per ticked box: it counts as one field
            # (a made-up value in it is refused by the field itself).
            sent = sum(
                1 if isinstance(self.fields.get(name), forms.MultipleChoiceField) else len(values)
                for name, values in self.data.lists()
            )
            if sent > len(self.fields) + FIELDS_BESIDES_THE_FORM:
                raise forms.ValidationError(TOO_MANY_FIELDS, code="too_many_fields")
        return data


class ReportForm(FormTokenMixin):
    soort = forms.ChoiceField(
        label="Waar gaat je melding over?",
        widget=forms.RadioSelect,
        error_messages={"required": "Kies waar je melding over gaat."},
    )
    beschrijving = forms.CharField(
        label="Wat is er gebeurd?",
        help_text="Wat, wanneer, waar, wie zijn erbij betrokken en hoe weet je het?",
        max_length=20_000,
        widget=forms.Textarea(attrs={"class": TEXTAREA, "rows": 10}),
        error_messages={
            "required": "Beschrijf wat er is gebeurd.",
            "max_length": "Je beschrijving is te lang (hoogstens %(limit_value)d tekens).",
        },
    )
    identiteit = forms.ChoiceField(
        label="Hoe wil je melden?",
        choices=Identiteit.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies hoe je wilt melden."},
    )
    naam = forms.CharField(
        label="Je naam",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": TEXTBOX, "autocomplete": "name"}),
    )
    contact = forms.CharField(
        label="Telefoon of e-mailadres (niet verplicht)",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": TEXTBOX}),
    )
    bijlagen = AttachmentsField(
        label="Bijlagen (niet verplicht)",
        help_text=f"Hoogstens {MAX_ATTACHMENTS} bestanden van elk hoogstens 10 MB: "
        "pdf, afbeelding of kantoordocument.",
    )
    uitgesloten = forms.TypedMultipleChoiceField(
        label="Wie van het meldpunt mag je melding niet lezen? (niet verplicht)",
        help_text="Gaat je melding over iemand van het meldpunt, of ken je iemand er te goed? "
        "Vink die persoon aan. Die ziet dan alleen dat er een melding is, niet wat erin staat "
        "of wie hem deed.",
        required=False,
        coerce=int,
        widget=CheckboxGroup,
        error_messages={"invalid_choice": "Kies alleen namen uit de lijst."},
    )

    def __init__(self, page, *args, keuzes=None, **kwargs):
        """`keuzes`: what form_keuzes(page) returns, when the caller has it already (the view
        keeps it per process under the page cache's generation: meldkanaal/form_cache.py)."""
        super().__init__(*args, **kwargs)
        self.page = page
        soorten, leden, vragen = keuzes if keuzes is not None else form_keuzes(page)
        self.fields["soort"].choices = [(v, label) for v, label, _ in soorten]
        self.soort_uitleg = {v: uitleg for v, _, uitleg in soorten}
        self.fields["uitgesloten"].choices = list(leden)
        self.vraag_velden = []
        for vraag in vragen:
            field = _question_field(vraag)
            self.fields[vraag.veldnaam] = field
            self.vraag_velden.append((vraag, vraag.veldnaam))
        # Extra questions come right after the description.
        order = ["soort", "beschrijving", *[name for _, name in self.vraag_velden]]
        self.order_fields(order)

    def soort_keuzes(self):
        return [
            (value, label, self.soort_uitleg.get(value, ""))
            for value, label in self.fields["soort"].choices
        ]

    def identiteit_keuzes(self):
        return [(v, label, IDENTITEIT_UITLEG[v]) for v, label in Identiteit.choices]

    def extra_question_fields(self):
        return [self[name] for _, name in self.vraag_velden]

    def clean(self):
        data = super().clean()
        identiteit = data.get("identiteit")
        if (
            identiteit in (Identiteit.GENOEMD, Identiteit.VERTROUWELIJK)
            and not data.get("naam", "").strip()
        ):
            self.add_error(
                "naam", "Vul je naam in, of kies ‘Anoniem’ als je je naam niet wilt geven."
            )
        return data

    def uitgesloten_leden(self) -> list:
        """The users the reporter ticked (each one of the listed members)."""
        from django.contrib.auth import get_user_model

        ids = self.cleaned_data.get("uitgesloten") or []
        return list(get_user_model().objects.filter(pk__in=ids)) if ids else []

    def antwoorden(self) -> dict:
        answers = {}
        for vraag, name in self.vraag_velden:
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                continue
            if vraag.veldtype == vraag.JA_NEE:
                value = "ja" if value else "nee"
            answers[vraag.label] = str(value)
        return answers


def _question_field(vraag) -> forms.Field:
    label = vraag.label if vraag.verplicht else f"{vraag.label} (niet verplicht)"
    common = {"label": label, "help_text": vraag.hulptekst, "required": vraag.verplicht}
    required_message = {"required": f"Beantwoord de vraag ‘{vraag.label}’."}
    if vraag.veldtype == vraag.LANG:
        return forms.CharField(
            max_length=5000,
            widget=forms.Textarea(attrs={"class": TEXTAREA, "rows": 4}),
            error_messages=required_message,
            **common,
        )
    if vraag.veldtype == vraag.DATUM:
        return forms.DateField(
            widget=forms.DateInput(attrs={"class": TEXTBOX, "type": "date"}),
            error_messages={**required_message, "invalid": "Vul een geldige datum in."},
            **common,
        )
    if vraag.veldtype == vraag.JA_NEE:
        return forms.BooleanField(error_messages=required_message, **common)
    return forms.CharField(
        max_length=500,
        widget=forms.TextInput(attrs={"class": TEXTBOX}),
        error_messages=required_message,
        **common,
    )


class CodeForm(AccessibleErrorsMixin, forms.Form):
    code = forms.CharField(
        label="Je code",
        max_length=64,
        help_text="De code die je kreeg toen je de melding verstuurde, bijvoorbeeld ABCD-EFGH-….",
        widget=forms.TextInput(
            attrs={"class": TEXTBOX, "autocomplete": "off", "spellcheck": "false"}
        ),
        error_messages={"required": "Vul je code in."},
    )


class ReplyForm(FormTokenMixin):
    tekst = forms.CharField(
        label="Je bericht of aanvulling",
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"class": TEXTAREA, "rows": 6}),
    )
    bijlagen = AttachmentsField(
        label="Bijlagen toevoegen (niet verplicht)",
        help_text=f"Hoogstens {MAX_ATTACHMENTS} bestanden van elk hoogstens 10 MB.",
    )

    def clean(self):
        data = super().clean()
        if not data.get("tekst", "").strip() and not data.get("bijlagen") and not self.errors:
            self.add_error("tekst", "Schrijf een bericht of voeg een bijlage toe.")
        return data
