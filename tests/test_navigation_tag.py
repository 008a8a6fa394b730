"""The top bar's links written in Python (tracker/templatetags/navigation.py, issue #17) are what
templates/_nav.html wrote: the template is kept here verbatim and rendered over the same context,
for an anonymous user, a plain user, a group follower and staff, on each of the bar's pages and
another, in both languages."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from .factories import UserFactory

pytestmark = pytest.mark.django_db

NAV = """{% load i18n %}{% if user.is_authenticated %}
{% url 'workspace:home' as u %}<a href="{{ u }}"{% if request.path == u %} aria-current="page"{% endif %}>{% translate "Home" %}</a>
{% url 'followup:parts' as u %}<a href="{{ u }}"{% if request.path == u %} aria-current="page"{% endif %}>{% translate "My acuerdos" %}</a>
{% url 'calendars:feeds' as u %}<a href="{{ u }}"{% if request.path == u %} aria-current="page"{% endif %}>{% translate "Calendar" %}</a>
{% if nav_follows_groups %}
{% url 'followup:dashboard' as u %}<a href="{{ u }}"{% if request.path == u %} aria-current="page"{% endif %}>{% translate "Overdue dashboard" %}</a>
{% url 'followup:compliance' as u %}<a href="{{ u }}"{% if request.path == u %} aria-current="page"{% endif %}>{% translate "Compliance" %}</a>
{% url 'reports:informe' as u %}<a href="{{ u }}"{% if request.path == u %} aria-current="page"{% endif %}>{% translate "Informe" %}</a>
{% endif %}
{% url 'api:tokens_page' as u %}<a href="{{ u }}"{% if request.path == u %} aria-current="page"{% endif %}>{% translate "API tokens" %}</a>
{% if user.is_staff %}{% url 'audit:log' as u %}<a href="{{ u }}"{% if request.path == u %} aria-current="page"{% endif %}>{% translate "Audit log" %}</a>
{% url 'design:estilo' as u %}<a href="{{ u }}"{% if request.path == u %} aria-current="page"{% endif %}>{% translate "Style guide" %}</a>{% endif %}
{% endif %}
"""  # noqa: E501 (the template as it was)

PAGES = ["workspace:home", "followup:parts", "calendars:feeds", "followup:dashboard",
         "followup:compliance", "reports:informe", "api:tokens_page", "audit:log",
         "design:estilo"]


@pytest.mark.parametrize("language", ["es-mx", "en"])
def test_the_tag_writes_what_the_template_wrote(language):
    users = [AnonymousUser(), UserFactory(username="plain"),
             UserFactory(username="staff", is_staff=True)]
    django = engines["django"]
    reference, tag = django.from_string(NAV), django.from_string("{% load navigation %}{% main_nav %}")
    seen = set()
    with translation.override(language):
        for user in users:
            for follows in (False, True):
                for path in [reverse(name) for name in PAGES] + ["/elsewhere/"]:
                    request = RequestFactory().get(path)
                    request.user = user
                    context = {"user": user, "request": request, "nav_follows_groups": follows}
                    expected = reference.render(context)
                    assert tag.render(context) == expected, (user, follows, path)
                    seen.add((expected.count("<a "), expected.count("aria-current")))
        # Without a request in the context: no current page.
        assert tag.render({"user": users[1]}) == reference.render({"user": users[1]})
    # Nothing, the plain bar, with the follower's links, with staff's (and a current page or none).
    assert {n for n, _current in seen} == {0, 4, 7, 6, 9} and {c for _n, c in seen} == {0, 1}


def test_the_links_follow_the_script_prefix():
    """The reversed URLs are remembered per script prefix: one behind /sub/ gets its own."""
    from django.urls import get_script_prefix, set_script_prefix

    user = UserFactory(username="plain")
    django = engines["django"]
    reference, tag = django.from_string(NAV), django.from_string("{% load navigation %}{% main_nav %}")
    before = get_script_prefix()
    tag.render({"user": user})  # remembered under the usual prefix first
    try:
        set_script_prefix("/sub/")
        html = tag.render({"user": user})
        assert html == reference.render({"user": user}) and 'href="/sub/' in html
    finally:
        set_script_prefix(before)
    assert 'href="/sub/' not in tag.render({"user": user})
