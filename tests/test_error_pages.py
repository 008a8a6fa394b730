"""Error pages with DEBUG off (as DJANGO_DEBUG=0): Spanish by default, English when chosen, in the
site's layout, with a way back, and nothing technical (exception text, reason, traceback)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

pytestmark = [pytest.mark.django_db,
              pytest.mark.urls("tests.error_urls")]

TECHNICAL = ("secret-internal-detail", "Traceback", "CSRF token", "Reason given", "DEBUG",
             "django", "RuntimeError", "PermissionDenied")


def _client(**kwargs):
    return Client(raise_request_exception=False, **kwargs)


def _assert_page(response, status, *texts):
    assert response.status_code == status
    page = response.content.decode()
    assert 'class="topbar"' in page  # the site's layout (base.html)
    assert '<a href="/">' in page  # a way back
    for text in texts:
        assert text in page, text
    for word in TECHNICAL:
        assert word not in page, word
    return page


@override_settings(DEBUG=False)
def test_it_shows_404_in_spanish():
    _assert_page(_client().get("/no-existe/"), 404, "Página no encontrada",
                 "Volver al inicio", 'lang="es-mx"')


@override_settings(DEBUG=False)
def test_it_shows_404_in_english_when_chosen():
    _assert_page(_client(HTTP_ACCEPT_LANGUAGE="en").get("/no-existe/"), 404, "Page not found",
                 "Back to the home page", 'lang="en"')


@override_settings(DEBUG=False)
def test_it_shows_404_for_an_object_outside_the_users_scope(demo):
    client = _client()
    client.force_login(get_user_model().objects.get(username="secretaria.mj"))
    from .minuta_helpers import gttim_session

    page = _assert_page(client.get(f"/sessions/{gttim_session().pk}/"), 404,
                        "Página no encontrada")
    assert "Mis acuerdos" in page  # signed in: the navigation is there


@override_settings(DEBUG=False)
def test_it_shows_403_in_spanish():
    _assert_page(_client().get("/test-errors/403/"), 403, "No puede hacer esto",
                 "Volver al inicio")


@override_settings(DEBUG=False)
def test_it_shows_400_in_spanish():
    _assert_page(_client().get("/test-errors/400/"), 400, "No se pudo entender la solicitud")


@override_settings(DEBUG=False)
def test_it_shows_500_in_spanish_without_details():
    _assert_page(_client().get("/test-errors/500/"), 500, "Algo salió mal de nuestro lado",
                 "Volver al inicio")


@override_settings(DEBUG=False)
def test_it_shows_500_in_english_when_chosen():
    _assert_page(_client(HTTP_ACCEPT_LANGUAGE="en").get("/test-errors/500/"), 500,
                 "Something went wrong on our side")


@override_settings(DEBUG=False)
def test_the_500_page_needs_no_database(django_assert_num_queries):
    client = _client()
    with django_assert_num_queries(0):  # the database may be what failed
        _assert_page(client.get("/test-errors/500/"), 500, "Algo salió mal")


@override_settings(DEBUG=False)
def test_it_shows_the_csrf_failure_in_spanish():
    client = _client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    _assert_page(response, 403, "El formulario expiró", "Nada se guardó",
                 "Volver a iniciar sesión")


@override_settings(DEBUG=False)
def test_it_shows_the_csrf_failure_in_english_when_chosen(demo):
    client = _client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(get_user_model().objects.get(username="secretaria"))
    response = client.post("/notifications/preferences/", {})
    page = _assert_page(response, 403, "The form has expired", "Sign in again")
    assert "My acuerdos" in page  # the signed-in layout, with the navigation
