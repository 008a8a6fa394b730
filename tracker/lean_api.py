"""A lean middleware path for token-authenticated API requests (issue 17).

A request to /api/ with `Authorization: Token …` never uses a session, messages, CSRF (DRF's token
authentication does not use cookies, so there is nothing to forge), the sign-in lockout pages or
the second-factor redirect (issuing a token is where the second factor is asked): it runs through
the same middleware minus those. What protects every response stays: SecurityMiddleware (HTTPS
redirect, HSTS, nosniff, referrer policy), WhiteNoise, LocaleMiddleware (messages in the asked
language), CommonMiddleware, X-Frame-Options and the Content-Security-Policy header."""

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler

# What only a cookie session needs. Everything else in settings.MIDDLEWARE stays, in its order.
SKIPPED = frozenset({
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "security.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "axes.middleware.AxesMiddleware",
})


def lean_middleware(middleware: list[str]) -> list[str]:
    return [path for path in middleware if path not in SKIPPED]


def is_token_api(environ) -> bool:
    return (environ.get("PATH_INFO", "").startswith("/api/")
            and environ.get("HTTP_AUTHORIZATION", "")[:6].lower() == "token ")


class LeanWSGIHandler(WSGIHandler):
    """Django's WSGI handler with lean_middleware(settings.MIDDLEWARE). BaseHandler.load_middleware
    reads settings.MIDDLEWARE; it sees the lean list while this handler is built (at start-up, before
    any request), and the setting is put back at once."""

    def load_middleware(self, is_async=False):
        full = settings.MIDDLEWARE
        settings.MIDDLEWARE = lean_middleware(full)
        try:
            super().load_middleware(is_async)
        finally:
            settings.MIDDLEWARE = full


class RoutingWSGIHandler:
    """The WSGI application: token API requests to the lean handler, everything else to Django's."""

    def __init__(self, full, lean):
        self.full, self.lean = full, lean

    def __call__(self, environ, start_response):
        handler = self.lean if is_token_api(environ) else self.full
        return handler(environ, start_response)
