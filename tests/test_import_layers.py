"""The notifications layers import each other at module top only: an import hidden inside a
function is how a circle (services → convocatorias → meetings → documents.tasks → services)
stays unnoticed. Whichever module is imported first, it imports."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERED = sorted(
    [p for p in (ROOT / "notifications").rglob("*.py") if "migrations" not in p.parts]
    + [ROOT / "meetings/services.py", ROOT / "convocatorias/services.py",
       ROOT / "documents/tasks.py", ROOT / "followup/hooks.py"]
)
FIRST = ["notifications.services", "notifications.services.messages", "notifications.sweep",
         "notifications.tasks", "notifications.sending", "meetings.services",
         "convocatorias.services", "documents.tasks", "followup.hooks"]


def _imports_in_functions(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in ast.walk(node):
                if isinstance(inner, (ast.Import, ast.ImportFrom)):
                    name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
                    found.append(f"{name}:{inner.lineno}")
    return found


def test_it_finds_no_import_inside_a_function():
    assert len(LAYERED) > 20
    assert [hit for p in LAYERED for hit in _imports_in_functions(p)] == []


def test_the_check_sees_an_import_inside_a_function(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import os\n\n\ndef f():\n    from convocatorias import services\n")
    assert _imports_in_functions(sample) == ["sample.py:5"]


@pytest.mark.parametrize("module", FIRST)
def test_it_imports_first_in_a_fresh_process(module):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tracker.settings", "DJANGO_DEBUG": "1"}
    code = f"import django; django.setup(); import {module}"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
