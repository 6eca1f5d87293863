"""Models of the meldkanaal, split by concept and re-exported here."""

from .handling import Heropening, Uitsluiting
from .melding import Bericht, Bijlage, Melding, MeldingTeller
from .page import MeldFormPage, MeldFormSoort, MeldVraag
from .records import AuditLog, Beveiligingsregel, Notificatie
from .routing import Route
from .team import Rol, Team, Teamlidmaatschap
from .tokens import FormulierToken

__all__ = [
    "AuditLog",
    "Bericht",
    "Beveiligingsregel",
    "Bijlage",
    "FormulierToken",
    "Heropening",
    "MeldFormPage",
    "MeldFormSoort",
    "MeldVraag",
    "Melding",
    "MeldingTeller",
    "Notificatie",
    "Rol",
    "Route",
    "Team",
    "Teamlidmaatschap",
    "Uitsluiting",
]
