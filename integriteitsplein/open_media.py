"""Which images and documents a visitor without a login may fetch (issue 15, ADR 0008).

A page marked "ook te lezen zonder in te loggen" must be whole for an external reporter: its
images (as renditions) and its documents. Everything else of the media stays behind the
login. What a page shows is the page's own answer (`OpenWithoutLoginMixin.open_media()`:
what Wagtail's reference index says it uses, plus what it shows from elsewhere, such as the
contact persons' portraits); this module asks every live open page and keeps the answer in
the cache until a page or a snippet is published or unpublished.
"""

from django.apps import apps
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, published, unpublished

CACHE_KEY = "open-media:v1"
CACHE_SECONDS = 10 * 60


def _open_pages():
    from integriteitsplein.models import OpenWithoutLoginMixin

    open_models = [
        model
        for model in apps.get_models()
        if issubclass(model, OpenWithoutLoginMixin) and issubclass(model, Page)
    ]
    for model in open_models:
        yield from model.objects.live().filter(open_without_login=True)


def open_media() -> dict[str, frozenset[int]]:
    """{"images": ids, "documents": ids} that open pages show; cached."""
    cached = cache.get(CACHE_KEY)
    if cached is not None:
        return cached
    images: set[int] = set()
    documents: set[int] = set()
    for page in _open_pages():
        page_images, page_documents = page.open_media()
        images.update(page_images)
        documents.update(page_documents)
    result = {"images": frozenset(images), "documents": frozenset(documents)}
    cache.set(CACHE_KEY, result, CACHE_SECONDS)
    return result


def forget(**kwargs) -> None:
    cache.delete(CACHE_KEY)


def image_id_for_media_path(path: str) -> int | None:
    """The image a file under MEDIA_ROOT belongs to: a rendition (images/…) only."""
    if not path.startswith("images/"):
        return None
    Rendition = get_image_model().get_rendition_model()
    return Rendition.objects.filter(file=path).values_list("image_id", flat=True).first()


def is_open_media_path(path: str) -> bool:
    """May a visitor without a login fetch /media/<path>? Only a rendition of an open image."""
    image_id = image_id_for_media_path(path)
    return image_id is not None and image_id in open_media()["images"]


def is_open_document(document_id: int) -> bool:
    return document_id in open_media()["documents"]


def connect_signals() -> None:
    for signal in (page_published, page_unpublished, published, unpublished):
        signal.connect(forget, dispatch_uid=f"open-media-{id(signal)}")
    for model in (get_image_model(), get_document_model()):
        post_save.connect(forget, sender=model, dispatch_uid=f"open-media-save-{model.__name__}")
        post_delete.connect(forget, sender=model, dispatch_uid=f"open-media-del-{model.__name__}")
