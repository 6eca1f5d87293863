"""What the browser tests share: where things are, logging in, axe, overflow, screenshots."""

import json
from pathlib import Path

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


def login(page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the visible form, as a person would."""
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/inloggen/" not in url)


def assert_no_axe_violations(page, label: str = "") -> None:
    """Run axe-core's WCAG 2.1 A/AA rules on the page; explain every violation found."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
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
