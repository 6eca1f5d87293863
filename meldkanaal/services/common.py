"""What every service module shares: the Dutch refusal, a checked upload, a locked row."""

from dataclasses import dataclass

from ..models import Melding


class ActieGeweigerd(Exception):
    """An action that the rules do not allow; the message is Dutch and shown to the user."""


@dataclass(frozen=True)
class Upload:
    """A checked attachment (see uploads.check_upload)."""

    naam: str
    data: bytes
    content_type: str


def locked(melding: Melding) -> Melding:
    return Melding.objects.select_for_update().get(pk=melding.pk)
