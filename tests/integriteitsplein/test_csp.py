"""Content-Security-Policy and Permissions-Policy: on every HTML response, strict outside
Wagtail's own admin screens, and no inline script or style attribute left on the site."""

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.test import Client

import pytest

from integriteitsplein.middleware import ContentSecurityPolicyMiddleware

MELDKANAAL = settings.MELDKANAAL_PATH
LINK = re.compile(r"""<a\s[^>]*href="([^"#]+)""")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*type=\"application/json\")[^>]*>")
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle=\"", re.IGNORECASE)
# Links that change state or leave for a file, not a page.
SKIP = ("/uitloggen/", "/admin/logout/", "/documenten/", "/media/", "/static/")


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {part[0]: part[1:] for part in parts}


def crawl(client: Client, seeds: list[str], limit: int) -> dict[str, object]:
    """Follow the site's own links breadth first; the HTML responses by path."""
    seen, queue, pages = set(seeds), deque(seeds), {}
    while queue and len(pages) < limit:
        url = queue.popleft()
        response = client.get(url)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        pages[url] = response
        if response.status_code in (301, 302, 303):
            links = [response["Location"]]
        else:
            links = LINK.findall(response.content.decode(errors="replace"))
        for link in links:
            target = urlsplit(urljoin(url, link.replace("&amp;", "&")))
            if target.netloc not in ("", "testserver") or target.path.startswith(SKIP):
                continue
            path = target.path + (f"?{target.query}" if target.query else "")
            if path not in seen:
                seen.add(path)
                queue.append(path)
    return pages


@pytest.mark.django_db
# Pages make their renditions on first view; Wagtail leaves those temporary files to the GC.
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_every_html_response_carries_the_policy(demo):
    anonymous = Client()
    employee, team, admin = Client(), Client(), Client()
    employee.force_login(demo["medewerker"])
    team.force_login(demo["meldpunt"])
    admin.force_login(demo["admin"])

    pages = {}
    pages.update({("anoniem", u): r for u, r in crawl(anonymous, ["/", MELDKANAAL], 40).items()})
    pages.update({("medewerker", u): r for u, r in crawl(employee, ["/"], 120).items()})
    pages.update(
        {("meldpunt", u): r for u, r in crawl(team, ["/admin/meldkanaal/melding/"], 60).items()}
    )
    pages.update({("admin", u): r for u, r in crawl(admin, ["/admin/"], 80).items()})
    # Error pages: not found, a bad request, a refused form.
    pages[("anoniem", "404")] = anonymous.get(f"{MELDKANAAL}bestaat-niet/")
    pages[("medewerker", "404")] = employee.get("/bestaat-niet/")
    pages[("medewerker", "400")] = employee.get("/media/%2e%2e/%2e%2e/etc/passwd")
    strict = Client(enforce_csrf_checks=True)
    pages[("anoniem", "403 csrf")] = strict.post("/inloggen/", {"username": "x"})
    assert pages[("medewerker", "404")].status_code == 404
    assert pages[("medewerker", "400")].status_code == 400
    assert pages[("anoniem", "403 csrf")].status_code == 403

    kinds = {"site": 0, "meldkanaal": 0, "case views": 0, "admin": 0}
    missing = []
    for (who, url), response in pages.items():
        header = response.get("Content-Security-Policy")
        if not header or response.get("Permissions-Policy") is None:
            missing.append(f"{who} {url} ({response.status_code})")
            continue
        policy = directives(header)
        assert response["Permissions-Policy"] == "camera=(), microphone=(), geolocation=()"
        assert policy["object-src"] == ["'none'"], url
        if url.startswith(ContentSecurityPolicyMiddleware.CASE_VIEWS):
            kinds["case views"] += 1
        elif url.startswith("/admin/"):
            kinds["admin"] += 1
            continue  # Wagtail's own screens: see the test below and the ADR
        else:
            kinds["meldkanaal" if url.startswith(MELDKANAAL) else "site"] += 1
        assert "'unsafe-inline'" not in policy["script-src"], (who, url)
        assert policy["frame-ancestors"] == ["'none'"], (who, url)
        if not url.startswith("/admin/"):
            assert "'unsafe-inline'" not in policy["style-src"], (who, url)
            body = response.content.decode(errors="replace")
            assert not INLINE_SCRIPT.search(body), (who, url, INLINE_SCRIPT.search(body)[0])
            assert not STYLE_ATTRIBUTE.search(body), (who, url, STYLE_ATTRIBUTE.search(body)[0])

    assert not missing, f"HTML without CSP: {missing}"
    # The crawl reached every part (a crawl that found nothing would prove nothing).
    assert kinds["site"] >= 20, kinds
    assert kinds["meldkanaal"] >= 2, kinds
    assert kinds["case views"] >= 3, kinds
    assert kinds["admin"] >= 20, kinds


@pytest.mark.django_db
def test_the_admin_policy_relaxes_only_what_wagtail_needs(superuser, home_page):
    client = Client()
    client.force_login(superuser)
    policy = directives(client.get("/admin/")["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    # The preview panel shows the page in a frame of the admin itself; nobody else frames it.
    preview = client.get(f"/admin/pages/{home_page.pk}/edit/preview/")
    assert directives(preview["Content-Security-Policy"])["frame-ancestors"] == ["'self'"]
