"""Voting once, anonymously, and the result with small counts hidden."""

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import date_format

from meedoen.models import Peiling, PeilingOptie, StemSleutel

# An answer chosen by fewer than this many is shown as "<5": in a small team a count of
# 1 or 2 can say who chose it.
SMALL_COUNT = 5
HIDDEN = "*"


class StemFout(Exception):
    """A vote that is refused; the message is Dutch and shown as is."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def vote_key(peiling_id: int, user) -> str:
    """Keyed hash of account and poll: the same for a second try, useless without SECRET_KEY."""
    return salted_hmac("meedoen.peiling.stem", f"{peiling_id}:{user.pk}").hexdigest()


@transaction.atomic
def vote(peiling_id, optie_id, user, *, now: datetime.datetime | None = None) -> Peiling:
    now = now or timezone.now()
    try:
        peiling = Peiling.objects.select_for_update().get(pk=int(peiling_id))
    except (TypeError, ValueError, Peiling.DoesNotExist):
        raise StemFout("Deze peiling bestaat niet (meer).", status=404) from None
    if not peiling.is_open(now):
        closed = date_format(timezone.localtime(peiling.sluit_op), "j F Y")
        raise StemFout(f"Deze peiling is gesloten sinds {closed}. Stemmen kan niet meer.")
    try:
        optie = peiling.opties.get(pk=int(optie_id))
    except (TypeError, ValueError, PeilingOptie.DoesNotExist):
        raise StemFout("Kies één van de antwoorden en stem opnieuw.") from None
    try:
        with transaction.atomic():
            StemSleutel.objects.create(peiling=peiling, sleutel=vote_key(peiling.pk, user))
    except IntegrityError:
        raise StemFout(
            "Je hebt al gestemd op deze peiling. Je kunt maar één keer stemmen."
        ) from None
    PeilingOptie.objects.filter(pk=optie.pk).update(stemmen=F("stemmen") + 1)
    return peiling


@dataclass
class Regel:
    tekst: str
    getal: str  # what is shown: "12", "<5" or "*"
    procent: int | None  # bar length, only for counts that are shown


@dataclass
class PollState:
    peiling: Peiling
    opties: list
    is_open: bool
    voted: bool
    regels: list[Regel] = field(default_factory=list)
    totaal: int = 0

    @property
    def show_result(self) -> bool:
        return self.voted or not self.is_open

    def chart(self) -> dict:
        return chart_for(self.regels)

    @property
    def dom_id(self) -> str:
        return f"peiling-{self.peiling.pk}"

    @property
    def caption(self) -> str:
        return f"Uitslag: {self.totaal} {'stem' if self.totaal == 1 else 'stemmen'}"


def result_rows(opties) -> tuple[list[Regel], int]:
    """Counts per answer with "<5" for small ones; with a single "<5" the smallest other
    count is hidden too ("*"), since the total would give it away."""
    counts = [(optie.tekst, optie.stemmen) for optie in opties]
    total = sum(count for _, count in counts)
    small = [i for i, (_, count) in enumerate(counts) if 0 < count < SMALL_COUNT]
    hidden = set()
    if len(small) == 1:
        others = sorted((count, i) for i, (_, count) in enumerate(counts) if i not in small)
        if others:
            hidden.add(others[0][1])
    biggest = max((count for _, count in counts), default=0) or 1
    rows = []
    for i, (tekst, count) in enumerate(counts):
        if i in small:
            rows.append(Regel(tekst, "<5", None))
        elif i in hidden:
            rows.append(Regel(tekst, HIDDEN, None))
        else:
            rows.append(Regel(tekst, str(count), round(100 * count / biggest)))
    return rows, total


# The chart's geometry (SVG user units; it scales with its width).
CHART_WIDTH = 600
CHART_ROW = 44
BAR_MAX = 480


def chart_for(regels: list[Regel]) -> dict:
    """Bars for the counts that are shown; hidden ones get a label and no bar."""
    bars = []
    for index, regel in enumerate(regels):
        top = index * CHART_ROW
        width = round(BAR_MAX * regel.procent / 100) if regel.procent else 0
        bars.append(
            {
                "regel": regel,
                "label_y": top + 16,
                "bar_y": top + 22,
                "width": width,
                "value_x": width + 8,
                "value_y": top + 33,
            }
        )
    return {"width": CHART_WIDTH, "height": len(bars) * CHART_ROW, "bars": bars}


def poll_state(peiling: Peiling, user, *, voted: bool | None = None) -> PollState:
    opties = list(peiling.opties.all())
    if voted is None:
        voted = bool(
            user
            and user.is_authenticated
            and StemSleutel.objects.filter(
                peiling=peiling, sleutel=vote_key(peiling.pk, user)
            ).exists()
        )
    state = PollState(peiling=peiling, opties=opties, is_open=peiling.is_open(), voted=voted)
    if state.show_result:
        state.regels, state.totaal = result_rows(opties)
    return state


def polls_for(user, peilingen) -> list[PollState]:
    """Several polls for one user in three queries (polls, answers, own vote keys)."""
    peilingen = (
        list(peilingen.prefetch_related("opties"))
        if hasattr(peilingen, "prefetch_related")
        else list(peilingen)
    )
    keys = set()
    if user.is_authenticated and peilingen:
        keys = set(
            StemSleutel.objects.filter(
                peiling__in=peilingen,
                sleutel__in=[vote_key(p.pk, user) for p in peilingen],
            ).values_list("peiling_id", flat=True)
        )
    return [poll_state(p, user, voted=p.pk in keys) for p in peilingen]


def home_poll():
    """The poll on the home page: the newest one marked for it. Only its number: the poll
    itself is rendered per reader (pagecache's "peiling" fragment)."""
    return Peiling.objects.filter(op_startpagina=True).only("pk").first()
