"""Choosing on a dilemma once, and what the player sees afterwards."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.crypto import salted_hmac

from meedoen.models import Dilemma, DilemmaKeuze, DilemmaSleutel
from meedoen.services import chart_for, result_rows


class KeuzeFout(Exception):
    pass


def choice_key(dilemma_id: int, user) -> str:
    return salted_hmac("meedoen.dilemma.keuze", f"{dilemma_id}:{user.pk}").hexdigest()


def has_chosen(dilemma: Dilemma, user) -> bool:
    return bool(
        user.is_authenticated
        and DilemmaSleutel.objects.filter(
            dilemma=dilemma, sleutel=choice_key(dilemma.pk, user)
        ).exists()
    )


def choose(dilemma: Dilemma, keuze_id, user) -> None:
    """Count the choice once per employee; a second choice is refused, nothing counted."""
    if not user.is_authenticated:
        raise KeuzeFout("Log in om te kiezen.")
    try:
        keuze = dilemma.keuzes.get(pk=int(keuze_id))
    except (TypeError, ValueError, DilemmaKeuze.DoesNotExist):
        raise KeuzeFout("Kies één van de mogelijkheden.") from None
    with transaction.atomic():
        try:
            with transaction.atomic():
                DilemmaSleutel.objects.create(dilemma=dilemma, sleutel=choice_key(dilemma.pk, user))
        except IntegrityError:
            raise KeuzeFout(
                "Je hebt bij dit dilemma al gekozen. Hieronder zie je hoe collega's kozen."
            ) from None
        DilemmaKeuze.objects.filter(pk=keuze.pk).update(gekozen=F("gekozen") + 1)


def play_state(dilemma: Dilemma, user) -> dict:
    chosen = has_chosen(dilemma, user)
    keuzes = list(dilemma.keuzes.all())
    regels, totaal = result_rows(keuzes) if chosen else ([], 0)
    return {
        "keuzes": keuzes,
        "gekozen": chosen,
        "regels": regels,
        "aantal_spelers": totaal,
        "chart": chart_for(regels),
        "dom_id": f"dilemma-{dilemma.pk}",
    }
