"""What every service module shares: the Dutch refusal, a checked upload, a locked row."""

from dataclasses import dataclass
from typing import BinaryIO

from ..models import Melding


class ActieGeweigerd(Exception):
    """An action that the rules do not allow; the message is Dutch and shown to the user."""


@dataclass(frozen=True)
class Upload:
    """A checked attachment (see uploads.check_upload): bytes, or a file read in chunks
    (the reporter's uploads arrive as encrypted temporary files, never whole in memory)."""

    naam: str
    data: bytes | BinaryIO
    content_type: str

    @property
    def grootte(self) -> int:
        if isinstance(self.data, bytes):
            return len(self.data)
        return self.data.size


def locked(melding: Melding) -> Melding:
    return Melding.objects.select_for_update().get(pk=melding.pk)
