"""Accessibility checks for the browser tests (issue 18): axe-core (the copy bundled by the
axe-playwright-python package, requirements.txt) run on a page at WCAG 2.1 A/AA, and the
screenshots of that page at a desktop and a phone width, stored under var/screenshots/a11y/."""

from pathlib import Path

SCREENSHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots" / "a11y"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}


def axe_violations(page):
    """axe's violations on the page as it is now: a list of dicts (id, impact, help, nodes)."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page, options=AXE_OPTIONS).response["violations"]


def describe(violations):
    """One readable line per offending element: rule, impact, what to fix, where."""
    lines = []
    for v in violations:
        for node in v["nodes"]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {', '.join(map(str, node['target']))}"
                         f" — {node.get('html', '')[:160]} — {summary[:300]}")
    return "\n".join(lines)


def check_page(page, name, *, screenshots=True):
    """Runs axe on the page at both widths (a layout can hide or overlap things on a phone) and
    stores a full-page screenshot at each; returns the violations found as readable lines."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    found = []
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(50)  # layout after the resize
        violations = axe_violations(page)
        if violations:
            found.append(f"[{name} @ {width}px]\n{describe(violations)}")
        # Reflow (WCAG 1.4.10): the page fits the width, no sideways scrolling of the whole page.
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            found.append(f"[{name} @ {width}px] the page is {scroll_width}px wide: it scrolls sideways")
        if screenshots:
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
    if original:
        page.set_viewport_size(original)
    # What folded <details> hide (the forms of each row) is checked open, once.
    if page.evaluate(EXPAND):
        violations = axe_violations(page)
        if violations:
            found.append(f"[{name}, details open]\n{describe(violations)}")
        page.evaluate(COLLAPSE)
    return found


EXPAND = """() => { const closed = [...document.querySelectorAll("details:not([open])")];
  closed.forEach((d) => { d.open = true; d.dataset.a11yOpened = "1"; }); return closed.length; }"""
COLLAPSE = """() => document.querySelectorAll("details[data-a11y-opened]").forEach((d) => {
  d.open = false; delete d.dataset.a11yOpened; })"""

# Every field marked invalid names (aria-describedby, on itself or its fieldset) an element that
# says what is wrong; every field error (id …_error, Django's convention) is named by its field;
# every aria-describedby points at an element that exists.
ERROR_LINKS = """() => {
  const problems = [];
  const byId = (id) => document.getElementById(id);
  const ids = (el) => (el && el.getAttribute("aria-describedby") || "").split(/\\s+/).filter(Boolean);
  const name = (el) => el.id || el.name || el.outerHTML.slice(0, 80);
  document.querySelectorAll("[aria-describedby]").forEach((el) => ids(el).forEach((id) => {
    if (!byId(id)) problems.push(name(el) + ": aria-describedby names a missing #" + id);
  }));
  document.querySelectorAll("[aria-invalid=true]").forEach((el) => {
    const all = ids(el).concat(ids(el.closest("fieldset")));
    if (!all.some((id) => byId(id) && byId(id).textContent.trim()))
      problems.push(name(el) + ": marked invalid but no aria-describedby says why");
  });
  document.querySelectorAll("[id$=_error]").forEach((err) => {
    if (!document.querySelector('[aria-describedby~="' + err.id + '"]'))
      problems.push("#" + err.id + ": an error no field names (aria-describedby)");
  });
  document.querySelectorAll(".field.has-error").forEach((box) => {
    if (!box.querySelector("[aria-invalid=true]"))
      problems.push(box.textContent.trim().slice(0, 60) + ": a field shown with an error but not aria-invalid");
  });
  return problems;
}"""


def error_links(page):
    """Form errors not tied to their field, as readable lines (empty when all are)."""
    return page.evaluate(ERROR_LINKS)


# A status shown as a badge or a coloured status word says it in words too (a letter or a count,
# not only an icon or a colour): "colour is never the only signal".
COLOUR_ONLY = """() => [...document.querySelectorAll(".badge, [class*=status-]")]
  .filter((el) => !/[\\p{L}\\p{N}]/u.test(el.textContent + (el.getAttribute("aria-label") || "")))
  .map((el) => el.outerHTML.slice(0, 120) + ": a status shown without words")"""


def colour_only(page):
    return page.evaluate(COLOUR_ONLY)
