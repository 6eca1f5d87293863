"""The admin's upload forms for images and documents (WAGTAILIMAGES_IMAGE_FORM_BASE and
WAGTAILDOCS_DOCUMENT_FORM_BASE): Wagtail's own forms, plus a check of the file's content.

Wagtail builds every upload form from these bases: the single upload, the multiple
uploader and the upload tab of the chooser inside a page, so one check covers all three.
"""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from kennisbank.uploads import INVALID_IMAGE_MESSAGE, check_document_content, check_image_decodes


class WholeImageField(WagtailImageField):
    """Wagtail's image field, which reads the header only, plus a full decode.

    Wagtail's own checks can raise Pillow's errors (a GIF of 8 bytes, random bytes after a
    JPEG marker) instead of a ValidationError; those become the same Dutch message.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.error_messages["invalid_image"] = INVALID_IMAGE_MESSAGE
        self.error_messages["invalid_image_known_format"] = (
            "De inhoud van dit bestand past niet bij de naam: het is geen .%(extension)s maar "
            "een %(image_format)s. Sla de afbeelding opnieuw op, of geef het bestand de goede "
            "extensie."
        )

    def to_python(self, data):
        try:
            file = super().to_python(data)
        except ValidationError:
            raise
        except Exception as error:  # Pillow raises many kinds
            raise ValidationError(INVALID_IMAGE_MESSAGE, code="invalid_image") from error
        if file is not None and getattr(getattr(file, "image", None), "format_name", "") != "svg":
            check_image_decodes(data)
        return file


class ImageForm(BaseImageForm):
    # A declared field wins over the one Wagtail's form factory makes for the model field.
    file = WholeImageField(label="Bestand", widget=BaseImageForm.Meta.widgets["file"])


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):  # a new upload, not the file already stored
            # Stored under a safe name: no direction or control characters, the real extension.
            file.name = check_document_content(file)
        return file
