"""Models of the meldkanaal, split by concept and re-exported here."""

from .melding import Bericht, Bijlage, Melding, MeldingTeller
from .page import MeldFormPage, MeldFormSoort, MeldVraag
from .records import AuditLog, Notificatie
from .routing import Route
from .tokens import FormulierToken

__all__ = [
    "AuditLog",
    "Bericht",
    "Bijlage",
    "FormulierToken",
    "MeldFormPage",
    "MeldFormSoort",
    "MeldVraag",
    "Melding",
    "MeldingTeller",
    "Notificatie",
    "Route",
]
