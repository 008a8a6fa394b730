"""The public site in Debian's Chromium, as a visitor with no account (locale es-MX): crawl every
page reachable from /publico/ and look for any withheld string in what the browser shows and in
the files it links to (PDF, CSV, JSON, Atom)."""

import datetime as dt
from urllib.parse import urljoin, urlparse

import time_machine

from .minuta_helpers import media, pdf_text  # noqa: F401
from .publication_data import SITUATIONS, build_world
from .test_workspace_browser import SCREENSHOTS, browser  # noqa: F401

PUBLIC = {"published", "expired"}


def _withheld(world) -> list[str]:
    """Strings that must never be shown: everything of a non-public session, the reserved parts
    of the published one, the confidential acuerdo and the ways into every meeting."""
    secrets = []
    for name in SITUATIONS:
        secrets += [f"CONFIDENCIALA{name}", f"MID{name}", f"PASS{name}", f"zoom.example/{name}"]
        if name not in PUBLIC:
            secrets += [f"TITULO{name}", f"Visible{name}", f"abierto{name}"]
        if name != "expired":
            secrets += [f"RESERVADOP{name}", f"RESERVADOA{name}", f"RESERVADOF{name}"]
    return secrets


def test_it_crawls_the_public_site_and_finds_nothing_withheld(browser, transactional_db,  # noqa: F811
                                                              live_server, media):  # noqa: F811
    with time_machine.travel(dt.datetime(2026, 1, 15, 12, 0), tick=True):
        world = build_world()
    secrets = _withheld(world)
    context = browser.new_context(locale="es-MX", viewport={"width": 1280, "height": 900})
    errors = []
    # Every resource a page loads answers (the browser's own /favicon.ico aside).
    context.on("response", lambda r: errors.append(f"{r.status} {r.url}")
               if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    page = context.new_page()
    base = live_server.url
    queue, seen, files, shown = [base + "/publico/"], set(), {}, {}
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = context.request.get(url)
        assert response.status == 200, url
        if "text/html" not in response.headers["content-type"]:
            body = response.body()
            files[url] = pdf_text(body) if body.startswith(b"%PDF") else body.decode(
                errors="replace")
            continue
        page.goto(url)
        shown[url] = page.inner_text("body") + page.content()
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            target = urljoin(url, href).split("#")[0]
            if urlparse(target).path.startswith("/publico/") and target.startswith(base):
                queue.append(target)
        for src in page.eval_on_selector_all("img[src]", "els => els.map(e => e.src)"):
            assert context.request.get(src).status == 200, src
    published = world["published"]
    session_url = f"{base}/publico/sesiones/{published.pk}/"
    assert session_url in shown and f"{session_url}pdf" in files
    assert f"{base}/publico/datos/acuerdos.csv" in files
    assert len(shown) >= 5 and len(files) >= 6
    everything = "\n".join(list(shown.values()) + list(files.values()))
    leaks = [s for s in secrets if s in everything]
    assert not leaks, leaks
    # Positive control: the open parts are there, the legend stands for the reserved ones.
    assert "Visiblepublished" in shown[session_url] and "RESERVADOPexpired" in everything
    assert "Información reservada con fundamento en" in shown[session_url]
    assert not errors, errors
    page.goto(session_url)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "publico-version-publica.png"), full_page=True)
    context.close()
