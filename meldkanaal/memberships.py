"""Who is in a team, changed only by the team's beheerders, and told to them every time.

The functions here check the rules and speak Dutch; the signal handlers at the bottom log
and notify every change of a membership however it is made (admin, shell, demo), and refuse
one made in a request by someone who is not a beheerder of the team (defence in depth).
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction

from .acting import acting_as, acting_user, after_request
from .constants import BeveiligingSoort, NotificatieSoort
from .models import Beveiligingsregel, Notificatie, Rol, Team, Teamlidmaatschap
from .services import access
from .services.common import ActieGeweigerd
from .services.notifications import enqueue_sending

NOT_BEHEERDER = "Alleen een beheerder van dit team kan wie er in het team zit wijzigen."
LAST_BEHEERDER = (
    "Een team houdt minstens één actieve beheerder. Maak eerst iemand anders beheerder."
)


def notify_beheerders(team: Team, onderwerp: str, tekst: str) -> None:
    """A content-free e-mail to the team's active beheerders (through the outbox)."""
    Notificatie.objects.create(
        team=team,
        soort=NotificatieSoort.TEAMLID,
        alleen_beheerders=True,
        onderwerp=onderwerp,
        tekst=f"{tekst}\n\nKlopt dit niet? Neem dan meteen contact op met de andere beheerders "
        "van het team en de integriteitscoördinator.\n\n"
        "Deze e-mail bevat met opzet geen inhoud van meldingen.",
    )
    transaction.on_commit(enqueue_sending)


def _name(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return "iemand zonder account (een opdracht op de server of een herstel-link)"
    return user.get_username()


def record_account_event(soort: str, actor, user, detail: str) -> None:
    """A change (or refused change) of a member's account: logged, and each team's beheerders
    hear of it. Written on its own connection state: a refusal is kept although the change
    is rolled back (the caller raises after this)."""
    teams = list(Team.objects.filter(lidmaatschappen__gebruiker_id=user.pk).distinct())
    for team in teams or [None]:
        Beveiligingsregel.schrijf(soort, door=actor, betreft=user, team=team, detail=detail)
    label = BeveiligingSoort(soort).label
    for team in teams:
        notify_beheerders(
            team,
            f"{label}: {user.get_username()}",
            f"{label} ({detail}) voor account {user.get_username()} van {team.naam}, "
            f"door {_name(actor)}.",
        )


# --- what a beheerder does -------------------------------------------------------------------


def _check_beheerder(actor, team: Team) -> None:
    access.forget(actor)
    if not access.is_beheerder(actor, team):
        raise ActieGeweigerd(NOT_BEHEERDER)


def _keeps_a_beheerder(lid: Teamlidmaatschap, rol: str | None, actief: bool | None) -> bool:
    stays = (rol or lid.rol) == Rol.BEHEERDER and (lid.actief if actief is None else actief)
    if stays:
        return True
    others = lid.team.lidmaatschappen.filter(
        rol=Rol.BEHEERDER, actief=True, gebruiker__is_active=True
    ).exclude(pk=lid.pk)
    return others.exists()


def add_member(actor, team: Team, user, rol: str = Rol.LID) -> Teamlidmaatschap:
    _check_beheerder(actor, team)
    Rol(rol)
    if not user.is_active:
        raise ActieGeweigerd("Dit account staat uit. Kies een actief account.")
    if team.lidmaatschappen.filter(gebruiker=user).exists():
        raise ActieGeweigerd(f"{user.get_username()} zit al in {team.naam}.")
    with transaction.atomic(), acting_as(actor):
        return Teamlidmaatschap.objects.create(
            team=team, gebruiker=user, rol=rol, toegevoegd_door=actor
        )


def change_member(
    actor, lid: Teamlidmaatschap, rol: str | None = None, actief: bool | None = None
) -> Teamlidmaatschap:
    """Change the role, or deactivate/reactivate a member (offboarding keeps who it was)."""
    _check_beheerder(actor, lid.team)
    if rol is not None:
        Rol(rol)
    if not _keeps_a_beheerder(lid, rol, actief):
        raise ActieGeweigerd(LAST_BEHEERDER)
    with transaction.atomic(), acting_as(actor):
        if rol is not None:
            lid.rol = rol
        if actief is not None:
            lid.actief = actief
        lid.save()
        if not lid.actief:
            _drop_as_behandelaar(actor, lid)
    return lid


def _drop_as_behandelaar(actor, lid: Teamlidmaatschap) -> None:
    """Who leaves the team (deactivated or removed) no longer handles its open cases: they
    show up again as 'Geen behandelaar' once their 7 days are over."""
    from .constants import END_STATES, AuditActie
    from .models import AuditLog, Melding

    cases = Melding.objects.filter(team=lid.team, behandelaar=lid.gebruiker).exclude(
        status__in=END_STATES
    )
    name = lid.gebruiker.get_full_name() or lid.gebruiker.get_username()
    for melding in cases:
        melding.behandelaar = None
        melding.save(update_fields=["behandelaar"])
        AuditLog.schrijf(
            melding, AuditActie.BEHANDELAAR, user=actor, detail=f"geen ({name} is uit het team)"
        )


def remove_member(actor, lid: Teamlidmaatschap) -> None:
    _check_beheerder(actor, lid.team)
    if not _keeps_a_beheerder(lid, rol=Rol.LID, actief=False):
        raise ActieGeweigerd(LAST_BEHEERDER)
    with transaction.atomic(), acting_as(actor):
        _drop_as_behandelaar(actor, lid)
        lid.delete()


def reset_second_factor(actor, lid: Teamlidmaatschap) -> int:
    """A beheerder wipes a member's second factor (a lost phone): the member sets up a new app
    at their next admin page. Logged and told to the beheerders like every account change."""
    from integriteitsplein import twofactor

    _check_beheerder(actor, lid.team)
    with transaction.atomic(), acting_as(actor):
        count = twofactor.reset_second_factor(lid.gebruiker)
    record_account_event(
        BeveiligingSoort.TWEEDE_FACTOR_HERSTELD,
        actor,
        lid.gebruiker,
        f"app en herstelcodes gewist ({count})",
    )
    return count


def create_team(actor, naam: str) -> Team:
    """A beheerder of a team starts another; they are its first beheerder."""
    naam = naam.strip()
    if not access.is_beheerder(actor):
        raise ActieGeweigerd("Alleen een beheerder van een meldpuntteam kan een team maken.")
    if not naam:
        raise ActieGeweigerd("Geef het team een naam.")
    if Team.objects.filter(naam__iexact=naam).exists():
        raise ActieGeweigerd(f"Er is al een team met de naam ‘{naam}’.")
    with transaction.atomic(), acting_as(actor):
        team = Team.objects.create(naam=naam)
        Beveiligingsregel.schrijf(BeveiligingSoort.TEAM_AANGEMAAKT, door=actor, team=team)
        Teamlidmaatschap.objects.create(
            team=team, gebruiker=actor, rol=Rol.BEHEERDER, toegevoegd_door=actor
        )
    return team


def bootstrap_beheerder(team_naam: str, username: str) -> Teamlidmaatschap:
    """For whoever installs the site (manage.py meldkanaal_beheerder, load_demo): the first
    beheerder of a team. No acting user: this runs on the server, not in a request."""
    from .teams import ensure_team

    team = ensure_team(team_naam)
    user = get_user_model().objects.get_by_natural_key(username)
    lid, created = Teamlidmaatschap.objects.get_or_create(
        team=team, gebruiker=user, defaults={"rol": Rol.BEHEERDER}
    )
    if not created and (lid.rol != Rol.BEHEERDER or not lid.actief):
        lid.rol, lid.actief = Rol.BEHEERDER, True
        lid.save()
    return lid


# --- every change, however made ----------------------------------------------------------------


def guard_membership(sender, instance, raw=False, **kwargs):
    """pre_save/pre_delete: in a request, only a beheerder of the team changes its members.
    A beheerder of another team may make themself the first beheerder of a team without one."""
    if raw:
        return
    actor = acting_user()
    if actor is None or not getattr(actor, "is_authenticated", False):
        return
    access.forget(actor)
    if access.is_beheerder(actor, instance.team):
        return
    first = (
        instance.gebruiker_id == actor.pk
        and access.is_beheerder(actor)
        and not instance.team.lidmaatschappen.filter(rol=Rol.BEHEERDER).exists()
    )
    if first:
        return
    team, member = instance.team, instance.gebruiker

    def record():
        Beveiligingsregel.schrijf(
            BeveiligingSoort.WIJZIGING_GEWEIGERD,
            door=actor,
            betreft=member,
            team=team,
            detail="geprobeerd: teamlidmaatschap wijzigen zonder beheerder te zijn",
        )
        notify_beheerders(
            team,
            f"Geweigerd: wijziging in {team.naam}",
            f"{_name(actor)} probeerde het lidmaatschap van {member.get_username()} in "
            f"{team.naam} te wijzigen. Dat is geweigerd: alleen een beheerder van het team "
            "kan dat.",
        )

    after_request(record)
    raise PermissionDenied(NOT_BEHEERDER)


def remember_membership(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._meldkanaal_before = None
        return
    instance._meldkanaal_before = (
        sender.objects.filter(pk=instance.pk).values("rol", "actief").first()
    )


def report_membership_saved(sender, instance, created=False, raw=False, **kwargs):
    if raw:
        return
    actor = acting_user()
    who, team = instance.gebruiker.get_username(), instance.team
    if created:
        soort = BeveiligingSoort.LID_TOEGEVOEGD
        detail = f"als {instance.get_rol_display().lower()}"
        line = f"Account {who} is toegevoegd aan {team.naam} ({detail})"
    else:
        before = getattr(instance, "_meldkanaal_before", None) or {}
        changes = []
        if before.get("rol") not in (None, instance.rol):
            changes.append(f"rol nu {instance.get_rol_display().lower()}")
        if before.get("actief") not in (None, instance.actief):
            changes.append("weer actief" if instance.actief else "uitgezet")
        if not changes:
            return
        soort = BeveiligingSoort.LID_GEWIJZIGD
        detail = ", ".join(changes)
        line = f"Het lidmaatschap van {who} in {team.naam} is gewijzigd: {detail}"
    Beveiligingsregel.schrijf(
        soort, door=actor, betreft=instance.gebruiker, team=team, detail=detail
    )
    notify_beheerders(team, f"Wijziging in {team.naam}", f"{line}, door {_name(actor)}.")


def report_membership_deleted(sender, instance, **kwargs):
    actor = acting_user()
    team = instance.team
    Beveiligingsregel.schrijf(
        BeveiligingSoort.LID_VERWIJDERD, door=actor, betreft=instance.gebruiker, team=team
    )
    notify_beheerders(
        team,
        f"Wijziging in {team.naam}",
        f"Account {instance.gebruiker.get_username()} is uit {team.naam} gehaald, "
        f"door {_name(actor)}.",
    )


def guard_devices(sender, instance, raw=False, **kwargs):
    """pre_save/pre_delete of django-otp's devices: a team member's second factor is changed
    by the member, or wiped by a beheerder of one of their teams, by nobody else."""
    if raw:
        return
    actor = acting_user()
    if actor is None or not getattr(actor, "is_authenticated", False):
        return
    if actor.pk == instance.user_id:
        return
    teams = list(Team.objects.filter(lidmaatschappen__gebruiker_id=instance.user_id))
    if not teams:
        return
    access.forget(actor)
    if any(access.is_beheerder(actor, team) for team in teams):
        return
    user = instance.user
    after_request(
        lambda: record_account_event(
            BeveiligingSoort.WIJZIGING_GEWEIGERD, actor, user, "geprobeerd: tweede factor"
        )
    )
    raise PermissionDenied("Alleen het teamlid zelf of een beheerder van het team wijzigt dit.")


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

    uid = "meldkanaal-lidmaatschap"
    pre_save.connect(guard_membership, sender=Teamlidmaatschap, dispatch_uid=f"{uid}-guard")
    pre_delete.connect(guard_membership, sender=Teamlidmaatschap, dispatch_uid=f"{uid}-guard-del")
    pre_save.connect(remember_membership, sender=Teamlidmaatschap, dispatch_uid=f"{uid}-before")
    post_save.connect(report_membership_saved, sender=Teamlidmaatschap, dispatch_uid=f"{uid}-log")
    post_delete.connect(
        report_membership_deleted, sender=Teamlidmaatschap, dispatch_uid=f"{uid}-del"
    )
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for model in (TOTPDevice, StaticDevice):
        for signal, name in ((pre_save, "save"), (pre_delete, "delete")):
            signal.connect(
                guard_devices, sender=model, dispatch_uid=f"{uid}-otp-{model.__name__}-{name}"
            )


def warn_about_routes_to_nobody() -> list[str]:
    """Daily: the routes (and open reports) that lead to a team nobody can read for, e-mailed
    to the beheerders of every team that still has readers. Returns the problems found."""
    from .models import Melding, Route

    problems = []
    for route in Route.objects.select_related("team").order_by("soort"):
        if not route.team.heeft_lezers():
            problems.append(
                f"Meldingen van de soort ‘{route.get_soort_display()}’ gaan naar "
                f"{route.team.naam}, maar dat team heeft geen actieve leden."
            )
    for team in Team.objects.order_by("naam"):
        stranded = Melding.objects.open().filter(team=team).count()
        if stranded and not team.heeft_lezers():
            problems.append(
                f"{team.naam} heeft {stranded} open melding(en) en geen actieve leden: niemand "
                "kan ze lezen."
            )
    if problems:
        for team in Team.objects.order_by("naam"):
            if team.beheerders():
                notify_beheerders(
                    team,
                    "Meldingen zonder lezer",
                    "De dagelijkse controle van het meldkanaal vond dit:\n\n"
                    + "\n".join(f"- {p}" for p in problems)
                    + "\n\nPas de route aan (Meldkanaal → Routes) of voeg iemand toe aan het "
                    "team (Meldkanaal → Teams).",
                )
    return problems
