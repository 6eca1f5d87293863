"""The one stylesheet (docs/adr/0020): what the build keeps, what it leaves out, who links it."""

import gzip
import re
from pathlib import Path

import pytest

from tests.stylesheet import REPO, build_stylesheet

TOKENS = REPO / "node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css"
# The admin (Wagtail's own CSS, plus a file or two of ours) is not part of the site's bundle.
ADMIN_TEMPLATES = re.compile(r"(^|/)(admin|wagtailadmin)/")


@pytest.fixture(scope="module")
def css(tmp_path_factory) -> str:
    return build_stylesheet(tmp_path_factory).read_text()


def site_templates():
    for path in sorted(REPO.glob("**/templates/**/*.html")):
        relative = path.relative_to(REPO).as_posix()
        if relative.startswith(("node_modules/", ".venv/")) or ADMIN_TEMPLATES.search(relative):
            continue
        yield relative, path.read_text()


def test_site_templates_link_only_the_one_stylesheet():
    links = {
        name: re.findall(r"<link[^>]*rel=\"stylesheet\"[^>]*>", text)
        for name, text in site_templates()
    }
    linked = {name: found for name, found in links.items() if found}
    assert list(linked) == ["templates/base.html"], linked
    assert linked["templates/base.html"] == [
        '<link rel="stylesheet" href="{% static \'css/site.css\' %}">'
    ]


def test_components_in_use_are_kept_whole(css):
    # Built in templates: "utrecht-heading-{{ level }}", "utrecht-alert--{% if … %}".
    for selector in (
        ".utrecht-heading-4",
        ".utrecht-heading-6",
        ".utrecht-alert--error",
        ".utrecht-alert--ok",
        ".utrecht-form-field--invalid",
        ".utrecht-textbox--invalid",
        ".utrecht-button--subtle",
        ".utrecht-button:focus-visible",
        ".utrecht-skip-link",
    ):
        assert selector in css, f"{selector} is missing from css/site.css"


def test_unused_components_are_left_out(css):
    for component in (
        "utrecht-accordion",
        "utrecht-calendar",
        "utrecht-page-header",
        "utrecht-drawer",
    ):
        assert f".{component}" not in css


def test_every_token_read_is_defined(css):
    """A token the kept rules read (directly or through another token) was not pruned."""
    source_tokens = set(re.findall(r"(--[\w-]+)\s*:", TOKENS.read_text()))
    defined = set(re.findall(r"(--[\w-]+):", css))
    read = set(re.findall(r"var\((--[\w-]+)", css))
    missing = sorted((read & source_tokens) - defined)
    assert not missing, f"tokens read but pruned: {missing[:20]}"
    # …and the theme's other tokens are gone (611 of its 2,780 are kept on 2026-12-04).
    assert len(defined & source_tokens) < len(source_tokens) / 4


def test_the_site_css_is_all_there(css):
    own = "\n".join(p.read_text() for p in sorted(Path(REPO / "assets/css").glob("*.css")))
    for class_name in sorted(set(re.findall(r"\.((?:site|kb|meldkanaal|zoek)[\w-]*)", own))):
        assert f".{class_name}" in css, f".{class_name} of assets/css/ is missing"


def test_small_enough_for_the_first_view(css):
    compressed = len(gzip.compress(css.encode(), compresslevel=9))
    assert len(css.encode()) < 300_000
    assert compressed < 30_000, f"css/site.css is {compressed} bytes compressed"
