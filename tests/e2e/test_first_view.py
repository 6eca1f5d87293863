"""The first view on a phone and a desktop: one stylesheet, nothing moves, few bytes.

Measured in Chromium (docs/performance.md, "Front end"): layout shifts with a
PerformanceObserver('layout-shift'), render-blocking requests and transferred bytes with the
Resource Timing API (a fresh browser context, so nothing comes from a cache).
"""

import pytest

from tests.e2e.helpers import DESKTOP, MOBILE, assert_no_axe_violations

pytestmark = pytest.mark.e2e

HOME = "/"
CONTENT_PAGE = "/melden-en-vertrouwenspersonen/wat-is-een-misstand/"
REPORT_FORM = "/melden/"
FIRST_VIEW_BUDGET = 50 * 1024  # bytes over the wire: HTML, CSS, scripts, icon

FIRST_VIEW_JS = """async () => {
    let cls = 0;
    const shifts = [];
    new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
            if (entry.hadRecentInput) continue;
            cls += entry.value;
            shifts.push(entry.sources.map((s) => s.node ? s.node.nodeName + '.' + s.node.className
                                                        : '?').join(' '));
        }
    }).observe({type: 'layout-shift', buffered: true});
    // Deferred scripts have run at 'load'; give late work (fonts, timers) a second.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const navigation = performance.getEntriesByType('navigation')[0];
    const resources = performance.getEntriesByType('resource');
    return {
        cls,
        shifts,
        stylesheets: document.querySelectorAll('link[rel~="stylesheet"]').length,
        blocking: resources.filter((r) => r.renderBlockingStatus === 'blocking')
                           .map((r) => r.name),
        transferred: navigation.transferSize + resources.reduce((n, r) => n + r.transferSize, 0),
        decoded: navigation.decodedBodySize
                 + resources.reduce((n, r) => n + r.decodedBodySize, 0),
        requests: resources.map((r) => [r.name, r.transferSize]),
    };
}"""


def first_view(browsing, path, viewport):
    page = browsing.new_page("medewerker", viewport=viewport)
    page.goto(path, wait_until="load")
    return page, page.evaluate(FIRST_VIEW_JS)


@pytest.mark.parametrize("path", [HOME, CONTENT_PAGE, REPORT_FORM])
def test_nothing_moves_on_a_phone_and_one_stylesheet_blocks(browsing, path):
    page, view = first_view(browsing, path, MOBILE)

    assert view["cls"] < 0.01, f"CLS {view['cls']:.4f} at 375 px on {path}: {view['shifts']}"
    assert view["stylesheets"] == 1
    assert len(view["blocking"]) == 1 and view["blocking"][0].endswith("/static/css/site.css")
    # The header is final from the CSS: the menu folded behind "Menu", the logout in it.
    assert page.get_by_role("button", name="Menu").is_visible()
    assert not page.get_by_role("navigation", name="Hoofdmenu").is_visible()
    assert_no_axe_violations(page, f"{path} at 375 px")

    page.set_viewport_size(DESKTOP)
    assert page.get_by_role("navigation", name="Hoofdmenu").is_visible()
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert_no_axe_violations(page, f"{path} at 1280 px")


def test_nothing_moves_on_a_desktop(browsing):
    for path in (HOME, CONTENT_PAGE, REPORT_FORM):
        _, view = first_view(browsing, path, DESKTOP)
        assert view["cls"] < 0.01, f"CLS {view['cls']:.4f} at 1280 px on {path}: {view['shifts']}"


def test_first_view_of_home_fits_the_budget(browsing):
    """Home, logged in, empty cache: ≤ 50 KB over the wire (it was 70 KB before the bundle)."""
    _, view = first_view(browsing, HOME, MOBILE)

    assert view["transferred"] <= FIRST_VIEW_BUDGET, (
        f"first view {view['transferred']} bytes (decoded {view['decoded']}): {view['requests']}"
    )
    # Everything came compressed: far fewer bytes on the wire than the browser decoded.
    assert view["transferred"] < view["decoded"] / 4


def test_menu_opens_without_javascript(browser, live_site, _login_states):
    """Without JavaScript "Menu" is a link to the menu: the menu opens as its target."""
    context = browser.new_context(
        base_url=live_site.url,
        viewport=MOBILE,
        java_script_enabled=False,
        storage_state=_login_states("medewerker"),
    )
    try:
        page = context.new_page()
        page.goto(HOME)
        menu = page.get_by_role("navigation", name="Hoofdmenu")
        link = page.get_by_role("link", name="Menu")
        assert link.is_visible() and not menu.is_visible()

        link.focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**/#hoofdmenu")
        assert menu.get_by_role("link", name="Gedragscode en regels").is_visible()
        assert menu.get_by_role("button", name="Uitloggen").is_visible()
        menu.get_by_role("link", name="Gedragscode en regels").click()
        page.get_by_role("heading", level=1, name="Gedragscode en regels").wait_for()
    finally:
        context.close()
