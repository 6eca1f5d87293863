"""Shared helpers of the apps' demo content (`<app>/demo.py`, run by `manage.py load_demo`).

`load_demo` runs on every `make run`. Publishing an unchanged page again would add an
identical revision each time: editors would find page histories full of demo revisions, and
every publish costs the reference index, the search index and the page cache. So a page or
snippet is published only when its content differs from what is live.
"""

import json

from django.conf import settings
from django.contrib.auth.hashers import get_hasher, identify_hasher, make_password
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder

from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import get_all_child_relations
from wagtail.blocks import StreamValue, StructValue
from wagtail.blocks.list_block import ListValue
from wagtail.fields import StreamField
from wagtail.models import COMMENTS_RELATION_NAME

# Set by Wagtail (tree, publishing, locking, scheduling, ownership), not by the demo: they
# differ between the object in hand and its revision without any change of content.
BOOKKEEPING = {
    "pk",
    "content_type",
    "path",
    "depth",
    "numchild",
    "url_path",
    "draft_title",
    "live",
    "has_unpublished_changes",
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
    "latest_revision",
    "live_revision",
    "locked",
    "locked_at",
    "locked_by",
    "owner",
    "go_live_at",
    "expire_at",
    "expired",
    "alias_of",
    "locale",
    "translation_key",
    "index_entries",
    "postgres_index_entries",
    COMMENTS_RELATION_NAME,
}


def upsert_page(parent, model, slug, **fields):
    """Find the page by slug under its parent (or create it), set the fields, publish if
    that changed anything (publish_if_changed). Returns the page read afresh."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
    else:
        for name, value in fields.items():
            setattr(page, name, value)
    publish_if_changed(page)
    return model.objects.get(pk=page.pk)


def publish_if_changed(obj, user=None, *, publish=True) -> bool:
    """Save a revision of a page or snippet (already saved, its fields set) and publish it,
    unless it is live with exactly this content already. Returns whether it saved one.

    Not live, or a draft on top of what is live: saved and published, as the demo always
    did. With publish=False (a demo page that stays a draft) the comparison is with the
    latest revision and nothing is published.
    """
    # As save_revision would (it is told not to below): the same errors, and fields in the
    # types they are saved in (a date given as text is a date) before comparing.
    obj.full_clean()
    if publish:
        current = obj.live_revision if obj.live and not obj.has_unpublished_changes else None
    else:
        current = obj.latest_revision
    if current is not None and same_content(obj, current.content):
        return False
    revision = obj.save_revision(user=user, clean=False)
    if publish:
        revision.publish()
    return True


def same_content(obj, content: dict) -> bool:
    """Whether a revision's content holds what obj holds now, bookkeeping aside."""
    # Through JSON as Revision.content went, so dates and datetimes read alike.
    now = json.loads(json.dumps(obj.serializable_data(), cls=DjangoJSONEncoder))
    model = type(obj)
    return _content(model, now) == _content(model, content)


def _content(model, data: dict, parent_key: str | None = None) -> dict:
    """A model's serialised data without what changes when its content does not: Wagtail's
    bookkeeping, keys, auto_now dates, the parent key of inline children (ParentalKey),
    and StreamField block ids (new uuids for blocks the demo gives without one)."""
    children = {rel.get_accessor_name(): rel for rel in get_all_child_relations(model)}
    result = {}
    for name, value in data.items():
        if name in BOOKKEEPING or name == parent_key:
            continue
        if name in children:
            rel = children[name]
            result[name] = [
                _content(rel.related_model, child, parent_key=rel.field.name)
                for child in value or []
            ]
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            result[name] = value
            continue
        if (
            field.primary_key
            or getattr(field.remote_field, "parent_link", False)
            or getattr(field, "auto_now", False)
            or getattr(field, "auto_now_add", False)
        ):
            continue
        if isinstance(field, StreamField):
            value = _stream(field, value)
        elif isinstance(field, ParentalManyToManyField):
            value = sorted(value or [])
        result[name] = value
    return result


def _stream(field, raw):
    """A StreamField's JSON as its blocks write it, without block ids (new uuids for blocks
    the demo gives without one). Both sides are read into blocks and written again: a
    revision may hold the demo's JSON as given (a ListBlock as a plain list) or as the
    blocks wrote it once read (items {"type": "item", "value": ..., "id": ...}, defaults
    filled in)."""
    if isinstance(raw, str):
        raw = json.loads(raw) if raw else []
    block = field.stream_block
    value = block.to_python(raw or [])
    _read(value)
    return _without_ids(block.get_prep_value(value))


def _read(value) -> None:
    """Read every block: a StreamValue keeps blocks not yet read as the JSON it was given,
    and writes them back unchanged."""
    if isinstance(value, StreamValue):
        for child in value:
            _read(child.value)
    elif isinstance(value, StructValue):
        for child in value.values():
            _read(child)
    elif isinstance(value, ListValue):
        for child in value:
            _read(child)


def _without_ids(value):
    if isinstance(value, list):
        return [_without_ids(item) for item in value]
    if isinstance(value, dict):
        is_block = "type" in value and "value" in value
        return {
            key: _without_ids(item) for key, item in value.items() if not (is_block and key == "id")
        }
    return value


# (password, hasher) -> the demo accounts' hash, chosen once per process.
_demo_hashes: dict[tuple[str, str], str] = {}


def demo_password_hash(current=()) -> str:
    """The encoded `DEMO_PASSWORD` for every demo account: one of the accounts' `current`
    hashes when it still holds that password with today's hasher, so a reload keeps
    everyone's sessions; else one new hash. PBKDF2 takes about 0.3 s a hash: eight accounts
    hashed apart cost 2.4 s of each `make run`. One salt for all of them gives nothing
    away: the password is in the README."""
    password, hasher = settings.DEMO_PASSWORD, get_hasher()
    key = (password, hasher.algorithm)
    if key not in _demo_hashes:
        for encoded in dict.fromkeys(c for c in current if c):
            try:
                used = identify_hasher(encoded)
            except ValueError:  # unusable ("!…") or of a hasher no longer installed
                continue
            if (
                used.algorithm == hasher.algorithm
                and not used.must_update(encoded)
                and used.verify(password, encoded)
            ):
                _demo_hashes[key] = encoded
                break
        else:
            _demo_hashes[key] = make_password(password, hasher=hasher)
    return _demo_hashes[key]
