"""Production settings (DJANGO_DEBUG unset) pass `manage.py check --deploy` with no warning, and
send the security headers a TLS proxy deployment needs."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECRET = "k3Y-" + "".join(chr(c) for c in range(65, 91)) + "0123456789abcdefghijklmnopqrstuv"
PRODUCTION = {
    "DJANGO_SECRET_KEY": SECRET,
    "DJANGO_ALLOWED_HOSTS": "acuerdos.example.gob.mx",
    "SITE_URL": "https://acuerdos.example.gob.mx",
}


def _production(args, code=None, **extra):
    # Everything a developer or the test run may have set is dropped: these are the defaults.
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("DJANGO_", "REDIS_URL", "API_DOCS", "LOG_FORMAT"))}
    command = [sys.executable, "manage.py", *args] if code is None else [sys.executable, "-c", code]
    return subprocess.run(command, cwd=ROOT, env={**clean, **PRODUCTION, **extra}, capture_output=True,
                          text=True, timeout=600)


def test_it_passes_check_deploy_without_a_warning():
    result = _production(["check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout + result.stderr


def test_it_warns_when_debug_is_on():
    # The check can fail: the same command with development settings reports them.
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=ROOT,
                            env={**clean, "DJANGO_DEBUG": "1"}, capture_output=True, text=True,
                            timeout=120)
    assert "security.W018" in result.stdout + result.stderr  # DEBUG on
    assert "security.W004" in result.stdout + result.stderr  # no HSTS


HEADERS = """
import os
os.environ['DJANGO_SETTINGS_MODULE'] = 'tracker.settings'
import django; django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
c = Client(HTTP_HOST='acuerdos.example.gob.mx')
plain = c.get('/accounts/login/')
print('redirect', plain.status_code, plain['Location'])
r = c.get('/accounts/login/', HTTP_X_FORWARDED_PROTO='https')
print('status', r.status_code)
for h in ('Strict-Transport-Security', 'Content-Security-Policy', 'Referrer-Policy',
          'X-Content-Type-Options', 'X-Frame-Options'):
    print(h, '=', r.get(h))
print('cookie-secure', r.cookies['csrftoken']['secure'])
print('docs', c.get('/api/docs/', HTTP_X_FORWARDED_PROTO='https').status_code)
print('schema', c.get('/api/schema/', HTTP_X_FORWARDED_PROTO='https').status_code)
print('static', c.get(r.content.decode().split('href="/static/css/')[1].split('"')[0].join(
    ['/static/css/', '']), HTTP_X_FORWARDED_PROTO='https').status_code)
"""


def test_it_redirects_to_https_and_sends_the_security_headers(tmp_path):
    # The production steps: collectstatic (hashed names for WhiteNoise), then serve.
    env = {"STATIC_ROOT": str(tmp_path / "static"), "DATABASE_URL": "sqlite:///:memory:"}
    collected = _production(["collectstatic", "--noinput", "-v0"], **env)
    assert collected.returncode == 0, collected.stderr
    assert list((tmp_path / "static" / "css").glob("app.*.css.gz"))  # hashed and compressed
    result = _production(None, HEADERS, **env)
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "redirect 301 https://acuerdos.example.gob.mx/accounts/login/" in out
    assert "status 200" in out
    assert "Strict-Transport-Security = max-age=31536000; includeSubDomains; preload" in out
    csp = dict(d.strip().split(" ", 1) for d in
               out.split("Content-Security-Policy = ")[1].splitlines()[0].split(";"))
    assert csp["default-src"] == csp["script-src"] == csp["style-src"] == "'self'"
    assert csp["object-src"] == "'none'" and csp["frame-ancestors"] == "'none'"
    assert "unsafe" not in out
    assert "Referrer-Policy = same-origin" in out
    assert "X-Content-Type-Options = nosniff" in out
    assert "X-Frame-Options = DENY" in out
    assert "cookie-secure True" in out
    # The API documentation and its schema are for signed-in users in production.
    assert "docs 403" in out
    assert "schema 403" in out
    assert "static 200" in out  # WhiteNoise serves the hashed stylesheet the page links
