"""The design system in Chromium (issue 18): /estilo/ at 1366 and 390 px (screenshots in
var/screenshots/), Montserrat served from static/, status badges told apart without colour,
table headers that stay in view, and the printed lists (A4 and Letter): no navigation, the table
header repeated on every page."""

import datetime as dt

import pytest

from .factories import GroupFactory, UserFactory, make_acuerdo, make_session
from .minuta_helpers import pdf_info, pdf_text
from .test_workspace_browser import SCREENSHOTS, browser, sign_in  # noqa: F401 (fixture)

ACUERDO_STATES = ("pending", "in_progress", "reported", "fulfilled", "overdue", "cancelled")
MINUTA_STATES = ("draft", "in_review", "approved")


@pytest.fixture
def staff(transactional_db):
    return UserFactory(username="admin", is_staff=True)


def badge_looks(page, selector):
    """Each badge's icon (its ::before), border style and text, as the browser draws them."""
    return page.eval_on_selector_all(selector, """els => els.map(e => ({
        cls: e.className.split(' ')[1], icon: getComputedStyle(e, '::before').content,
        border: getComputedStyle(e).borderTopStyle, text: e.textContent.trim()}))""")


def test_it_shows_every_component_on_the_style_page(browser, staff, live_server):  # noqa: F811
    base = live_server.url
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="es-MX", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    sign_in(page, base, "admin")
    page.goto(base + "/estilo/")
    page.evaluate("document.fonts.ready")
    # Montserrat, from this server (static/fonts/montserrat/), is the font the text is drawn in.
    loaded = page.evaluate("""[...document.fonts].filter(f => f.family.replace(/"/g, '') === 'Montserrat'
        && f.status === 'loaded').length""")
    assert loaded >= 1
    assert page.evaluate("getComputedStyle(document.body).fontFamily").strip('"').startswith("Montserrat")

    # Each status has its own icon (and a word); "not in force" states have a dashed border.
    for selector, states in (("#acuerdo-badges .badge", ACUERDO_STATES),
                             ("#minuta-badges .badge", MINUTA_STATES)):
        looks = badge_looks(page, selector)
        assert sorted(b["cls"] for b in looks) == sorted(states)
        icons = [b["icon"] for b in looks]
        assert all(icon not in ("none", "normal", '""') for icon in icons), icons
        assert len(set(icons)) == len(icons), icons
        assert all(b["text"] for b in looks)
    dashed = {b["cls"] for b in badge_looks(page, "#acuerdo-badges .badge, #minuta-badges .badge")
              if b["border"] == "dashed"}
    assert dashed == {"cancelled", "draft"}

    # The table's header stays at the top of the screen while its rows scroll under it.
    table_top = page.eval_on_selector("#st-table ~ table", "t => t.getBoundingClientRect().top + scrollY")
    page.evaluate(f"scrollTo(0, {table_top} + 150)")
    assert abs(page.eval_on_selector("#st-table ~ table thead th",
                                     "th => th.getBoundingClientRect().top")) < 1
    page.evaluate("scrollTo(0, 0)")

    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SCREENSHOTS / f"estilo-{width}.png"), full_page=True)
        # Nothing is wider than the screen but what scrolls inside its own box (wide tables).
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


@pytest.fixture
def many_parts(transactional_db):
    """Sixty acuerdos, one responsible institution each: Mis acuerdos prints on several pages."""
    group = GroupFactory(acronym="GTTIM", members=3)
    session = make_session(group=group, date=dt.date(2025, 6, 3))
    for n in range(60):
        make_acuerdo(session, text=f"Acuerdo número {n + 1}: las instituciones enviarán sus "
                     "comentarios al proyecto de lineamientos.", due_date=dt.date(2025, 7, 1))
    return group


def test_it_prints_the_lists_without_navigation_and_with_their_headers_on_every_page(
        browser, staff, many_parts, live_server):  # noqa: F811
    base = live_server.url
    context = browser.new_context(locale="en-US", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    sign_in(page, base, "admin")
    for path in ("/acuerdos/", "/coordinacion/", "/coordinacion/cumplimiento/"):
        page.goto(base + path)
        page.emulate_media(media="print")
        for hidden in ("header nav", "header form.search", ".account", "form.filters", ".pager"):
            if page.locator(hidden).count():
                assert not page.locator(hidden).first.is_visible(), f"{path}: {hidden} printed"
        page.emulate_media(media="screen")
        assert page.locator("header nav").is_visible()

    page.goto(base + "/acuerdos/")  # its first 50 rows
    page.emulate_media(media="print")  # what Ctrl+P uses (and page.pdf, unless told "screen")
    for paper, size in (("A4", "(A4)"), ("Letter", "(letter)")):
        data = page.pdf(format=paper, print_background=True)
        (SCREENSHOTS / f"print-mis-acuerdos-{paper}.pdf").write_bytes(data)
        info = pdf_info(data)
        assert size in info, info
        pages = int(info.split("Pages:")[1].split()[0])
        assert pages >= 2, "sixty rows print on more than one page"
        for number in range(1, pages + 1):
            text = pdf_text_page(data, number)
            assert "Due date" in text and "Institution" in text, f"{paper} page {number}: no header"
        whole = pdf_text(data)
        assert whole.count("07/01/2025") == 50, "every row of the page is printed (its due date)"
        assert "Sign out" not in whole and "Overdue dashboard" not in whole and "Filter" not in whole
    context.close()


def pdf_text_page(data: bytes, number: int) -> str:
    import subprocess

    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(number), "-l", str(number), "-", "-"],
                          input=data, capture_output=True, check=True).stdout.decode()
