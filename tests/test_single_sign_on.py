"""Single sign-on with OpenID Connect against a small local provider (authorization, token with
PKCE, an HS256-signed id_token with the nonce, userinfo): directory people sign in and get an
account linked to them; unknown addresses are refused; off unless configured."""

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
import pytest
import requests
from django.contrib.auth import get_user_model

from directory.models import Person

from .factories import InstitutionFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
CLIENT_ID, CLIENT_SECRET = "acuerdos", "test-secret-for-the-local-provider-0123456789"


class Provider(ThreadingHTTPServer):
    """The provider's state: codes issued, and the e-mail it vouches for next."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), ProviderHandler)
        self.codes, self.email, self.email_verified = {}, "", True

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"


class ProviderHandler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _json(self, data, status=200):
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path == "/authorize":
            assert query["client_id"] == CLIENT_ID and query["response_type"] == "code"
            code = secrets.token_urlsafe(16)
            self.server.codes[code] = query
            self.send_response(302)
            self.send_header("Location", f"{query['redirect_uri']}?"
                             + urlencode({"code": code, "state": query["state"]}))
            self.end_headers()
        elif url.path == "/userinfo":
            assert self.headers["Authorization"] == "Bearer access-token"
            self._json({"sub": "u-1", "email": self.server.email,
                        "email_verified": self.server.email_verified,
                        "given_name": "Ana", "family_name": "Ruiz"})
        else:
            self._json({"error": "not_found"}, 404)

    def do_POST(self):
        form = {k: v[0] for k, v in parse_qs(
            self.rfile.read(int(self.headers["Content-Length"])).decode()).items()}
        asked = self.server.codes.pop(form.get("code"), None)
        challenge = base64.urlsafe_b64encode(
            hashlib.sha256(form.get("code_verifier", "").encode()).digest()).rstrip(b"=").decode()
        if (asked is None or form.get("client_secret") != CLIENT_SECRET
                or challenge != asked.get("code_challenge")):
            return self._json({"error": "invalid_grant"}, 400)
        now = int(time.time())
        id_token = jwt.encode({"iss": self.server.url, "sub": "u-1", "aud": CLIENT_ID,
                               "iat": now, "exp": now + 300, "nonce": asked["nonce"]},
                              CLIENT_SECRET, algorithm="HS256")
        self._json({"access_token": "access-token", "token_type": "Bearer",
                    "id_token": id_token, "expires_in": 300})


@pytest.fixture
def provider(settings):
    server = Provider()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.ROOT_URLCONF = "tests.oidc_urls"
    settings.OIDC_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS,
                                        "security.oidc.DirectoryOIDCBackend"]
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
    settings.OIDC_RP_SIGN_ALGO = "HS256"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{server.url}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{server.url}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{server.url}/userinfo"
    settings.OIDC_PROVIDER_NAME = "Llave MX"
    yield server
    server.shutdown()
    server.server_close()


def _sign_in(client, provider, email):
    """The browser's round trip: our start URL → the provider → our callback."""
    provider.email = email
    start = client.get("/oidc/authenticate/?next=/acuerdos/")
    assert start.status_code == 302 and start["Location"].startswith(provider.url)
    back = requests.get(start["Location"], allow_redirects=False, timeout=5)
    assert back.status_code == 302
    callback = urlparse(back.headers["Location"])
    return client.get(f"{callback.path}?{callback.query}")


def _user_id(client):
    return client.session.get("_auth_user_id")


def test_a_directory_person_signs_in_and_gets_a_linked_account(client, provider):
    person = PersonFactory(email="Ana.Ruiz@fgr.example", institution=InstitutionFactory())
    response = _sign_in(client, provider, "ana.ruiz@fgr.example")
    assert response.status_code == 302 and response["Location"] == "/acuerdos/"
    person.refresh_from_db()
    assert person.user is not None and str(person.user.pk) == _user_id(client)
    assert person.user.username == "ana.ruiz" and not person.user.has_usable_password()
    # The next time, the same account.
    client.post("/accounts/logout/")
    _sign_in(client, provider, "ana.ruiz@fgr.example")
    assert _user_id(client) == str(person.user.pk)
    assert get_user_model().objects.count() == 1


def test_an_existing_account_is_found_by_its_email(client, provider):
    user = UserFactory(username="ana", email="ana@sre.example")
    _sign_in(client, provider, "ANA@sre.example")
    assert _user_id(client) == str(user.pk)


def test_an_address_unknown_to_the_directory_is_refused(client, provider):
    response = _sign_in(client, provider, "intruso@example.com")
    assert response.status_code == 302 and "sso=failed" in response["Location"]
    assert _user_id(client) is None
    assert not get_user_model().objects.exists()
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "must use an e-mail address registered in the directory" in page
    assert "Sign in with Llave MX" in page


def test_an_unverified_address_is_refused(client, provider):
    PersonFactory(email="ana@fgr.example", institution=InstitutionFactory())
    provider.email_verified = False
    _sign_in(client, provider, "ana@fgr.example")
    assert _user_id(client) is None
    assert Person.objects.get(email="ana@fgr.example").user is None


def test_it_is_off_unless_configured(client, settings):
    import importlib

    from django.urls import clear_url_caches

    import tracker.urls

    assert settings.OIDC_ENABLED is False  # no OIDC_RP_CLIENT_ID in the test environment
    assert "security.oidc.DirectoryOIDCBackend" not in settings.AUTHENTICATION_BACKENDS
    importlib.reload(tracker.urls)  # its routes as a start-up without OIDC makes them
    clear_url_caches()
    assert client.get("/oidc/authenticate/").status_code == 404
    assert "oidc" not in client.get("/accounts/login/").content.decode()
