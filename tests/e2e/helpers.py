"""What the browser tests share: where things are, logging in, axe, overflow, screenshots."""

import base64
import json
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DEMO_PASSWORD = "integriteit"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 375, "height": 740}


TOTP_STEP = 30
# The last time step whose code each demo account used (per test process, per served demo):
# the site accepts a code once, so a second login within 30 s takes the next step's code.
_last_step: dict[str, int] = {}


def totp_code(username: str) -> str:
    """The demo app's code for a new login of `username` (load_demo's known secret).

    The site accepts the code of the current step and of the next one; a third login within
    the same 30 s waits for the clock, as a person waits for the app's next code.
    """
    from django_otp.oath import hotp

    from integriteitsplein.twofactor import DEMO_TOTP_SECRET

    step = max(int(time.time() // TOTP_STEP), _last_step.get(username, -1) + 1)
    wait = (step - 1) * TOTP_STEP - time.time()
    if wait > 0:
        time.sleep(wait + 0.5)
    _last_step[username] = step
    return f"{hotp(base64.b32decode(DEMO_TOTP_SECRET), step):06d}"


def second_step(page, username: str) -> None:
    """Fill in the second step's code, on the page that asks for it."""
    page.get_by_label("Code").fill(totp_code(username))
    page.get_by_role("button", name="Controleren").click()
    page.wait_for_url(lambda url: "/inloggen/" not in url)


def login(page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the visible form, as a person would, with the second step when the
    account has one (meldpunt, admin: a code from the demo app's known secret)."""
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/inloggen/" not in url)
    # The intranet asks no code; the admin does. Take the step now, then return.
    landed = urlsplit(page.url)
    back = landed.path + (f"?{landed.query}" if landed.query else "")
    page.goto(f"/inloggen/tweede-stap/?next={quote(back)}")
    if "/inloggen/tweede-stap/" in page.url:
        second_step(page, username)


def assert_no_axe_violations(page, label: str = "") -> None:
    """Run axe-core's WCAG 2.1 A/AA rules on the page; explain every violation found."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `make install` (npm ci installs axe-core).")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, not as a <script> tag: the site's CSP
        # (no inline scripts) would block a tag, and that block would count as a violation.
        page.evaluate(AXE_JS.read_text() + "\n;undefined")
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target, html: n.html,
                                          summary: n.failureSummary})),
            }));
        }""",
        AXE_TAGS,
    )
    if result:
        lines = [f"axe found {len(result)} WCAG 2.1 A/AA violation(s) on {label or page.url}:"]
        for violation in result:
            lines.append(
                f"- {violation['id']} ({violation['impact']}): {violation['help']} "
                f"<{violation['helpUrl']}>"
            )
            for node in violation["nodes"][:8]:
                lines.append(f"    at {json.dumps(node['target'])}: {node['html'][:200]}")
                if node["summary"]:
                    lines.append("      " + node["summary"].replace("\n", "\n      ")[:600])
        pytest.fail("\n".join(lines), pytrace=False)


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the viewport (0 = no sideways scroll)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def screenshot(page, name: str) -> None:
    """Save the viewport at desktop and mobile width under test-artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    for label, size in (("1280", DESKTOP), ("375", MOBILE)):
        page.set_viewport_size(size)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"))
    page.set_viewport_size(original)


def is_focused(locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


def assert_focus_visible(page) -> None:
    """The focused element shows an outline or a focus ring (WCAG 2.4.7)."""
    style = page.evaluate(
        """() => {
            const el = document.activeElement;
            const s = getComputedStyle(el);
            return {tag: el.tagName, outline: s.outlineStyle, width: s.outlineWidth,
                    shadow: s.boxShadow};
        }"""
    )
    visible = (style["outline"] != "none" and style["width"] != "0px") or style["shadow"] != "none"
    assert visible, f"no visible focus indicator on the focused {style['tag']}: {style}"


def tab_to(page, locator, limit: int = 120) -> None:
    """Press Tab until the locator has focus, as a keyboard user would; fail if never."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if is_focused(locator):
            assert_focus_visible(page)
            return
    raise AssertionError(f"{locator} cannot be reached with the Tab key")


def follow(page, link) -> None:
    """Reach a link with the Tab key and open it with Enter, as a keyboard user does."""
    before = page.url
    tab_to(page, link)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url != before)


def tab_to_radio(page, radio, limit: int = 120) -> None:
    """Tab into the radio group of `radio`, then choose it with the arrow keys."""
    name = radio.get_attribute("name")
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "(name) => document.activeElement.type === 'radio' && "
            "document.activeElement.name === name",
            name,
        ):
            break
    else:
        raise AssertionError(f"the radio group {name!r} cannot be reached with the Tab key")
    assert_focus_visible(page)
    for _ in range(12):
        if is_focused(radio):
            break
        page.keyboard.press("ArrowDown")
    assert is_focused(radio), f"{radio} cannot be chosen with the arrow keys"
    if not radio.is_checked():
        page.keyboard.press("Space")
    assert radio.is_checked()


def main_text(page) -> str:
    return page.get_by_role("main").inner_text()


def check_page_type(page, name: str) -> None:
    """axe at desktop width, no sideways scrolling at 320 px and at 200 % text, screenshots."""
    assert_no_axe_violations(page, name)

    page.set_viewport_size({"width": 320, "height": 640})
    assert horizontal_overflow(page) <= 0, f"{name}: scrolls sideways at 320 px wide"
    assert_no_axe_violations(page, f"{name} at 320 px")

    page.set_viewport_size(DESKTOP)
    body_text_size = "() => parseFloat(getComputedStyle(document.body).fontSize)"
    normal = page.evaluate(body_text_size)
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    assert page.evaluate(body_text_size) >= 1.9 * normal, f"{name}: text does not grow with zoom"
    assert horizontal_overflow(page) <= 0, f"{name}: scrolls sideways with text at 200 %"
    page.evaluate("() => { document.documentElement.style.fontSize = ''; }")

    screenshot(page, name)


# --- Content-Security-Policy violations ---------------------------------------------------

_CSP_LISTENER = """
document.addEventListener('securitypolicyviolation', (e) => {
    window.__reportCspViolation({
        page: location.pathname + location.search,
        directive: e.effectiveDirective,
        blocked: e.blockedURI,
        source: (e.sourceFile || '') + ':' + (e.lineNumber || 0),
        sample: e.sample || '',
    });
});
"""


def watch_csp(context, violations: list[str]) -> None:
    """Collect every CSP violation in the context's pages: the `securitypolicyviolation`
    events of each document and Chromium's console errors about the policy."""

    def report(source, v):
        violations.append(
            f"{v['page']}: {v['directive']} blocked {v['blocked'] or 'inline'} "
            f"at {v['source']} {v['sample']}".strip()
        )

    context.expose_binding("__reportCspViolation", report)
    context.add_init_script(_CSP_LISTENER)

    def console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            violations.append(f"console: {message.text[:300]}")

    context.on("console", console)
