import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation

from agreements.models import Acuerdo

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT / "locale/es_MX/LC_MESSAGES"


def _po_entries(catalog=CATALOG):
    text = (catalog / "django.po").read_text(encoding="utf-8")
    entries = []
    for block in text.split("\n\n")[1:]:
        if block.lstrip().startswith("#~"):
            continue
        context = re.search(r'^msgctxt "(.*)"$', block, re.M)
        head = block.split("msgstr")[0].split("msgid", 1)[-1] if context else block.split("msgstr")[0]
        msgid = "".join(re.findall(r'^(?:msgid | )?"(.*)"$', head, re.M))
        msgstr = "".join(re.findall(r'"(.*)"', block.split("msgstr", 1)[1])) if "msgstr" in block else ""
        if msgid and "msgid_plural" not in block:  # plural forms: checked by msgfmt itself
            entries.append((msgid, msgstr, "fuzzy" in block, context.group(1) if context else None))
    return entries


def test_every_string_is_translated_to_spanish():
    entries = _po_entries()
    assert len(entries) > 100
    assert [m for m, s, fuzzy, _c in entries if not s or fuzzy] == []


def test_the_catalog_holds_every_string_of_the_code_translated(tmp_path):
    """makemessages over a copy of the code: a string added or reworded since the catalog was
    written comes out untranslated or fuzzy, and would be shown in English; one of the catalog
    that makemessages does not find would be dropped by `make messages` (obsolete, or passed to
    gettext through a variable: mark it with gettext_noop where it is written, as the reasons
    of notifications.planning). A string only ever passed through a variable and never in the
    catalog is not seen by either check."""
    if shutil.which("xgettext") is None:
        pytest.fail("gettext is missing: bash scripts/install-system-packages.sh")
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
        ".venv", ".git", "var", "tests", "node_modules", "__pycache__", "*.mo"))
    env = {**os.environ, "DJANGO_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "tracker.settings"}
    subprocess.run([sys.executable, "manage.py", "makemessages", "-l", "es_MX", "--no-obsolete",
                    "-v0"], cwd=copy, env=env, check=True, capture_output=True)
    entries = _po_entries(copy / "locale/es_MX/LC_MESSAGES")
    assert len(entries) > 100
    assert [m for m, s, fuzzy, _c in entries if not s or fuzzy] == [], "add them to the catalog"
    found = {(context, msgid) for msgid, _s, _f, context in entries}
    assert [key for msgid, _s, _f, context in _po_entries()
            if (key := (context, msgid)) not in found] == [], "not found in the code"


def test_the_compiled_catalog_is_up_to_date():
    with open(CATALOG / "django.mo", "rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = [m for m, s, _, context in _po_entries()
             if (compiled.pgettext(context, m.replace('\\"', '"')) if context
                 else compiled.gettext(m.replace('\\"', '"'))) == m and s != m]
    assert stale == [], "run `make messages`"


@pytest.mark.parametrize("language,label", [("es-mx", "Vencido"), ("en", "Overdue")])
def test_labels_follow_the_active_language(language, label):
    with translation.override(language):
        assert str(Acuerdo.Status.OVERDUE.label) == label


def test_spanish_is_the_default(client, db):
    response = client.get("/admin/login/")
    assert "Nombre de usuario" in response.content.decode()
    english = client.get("/admin/login/", headers={"accept-language": "en"})
    assert "Username" in english.content.decode()


def test_the_sign_in_page_is_in_spanish_by_default(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert "<h1>Iniciar sesión</h1>" in page and 'lang="es-mx"' in page
