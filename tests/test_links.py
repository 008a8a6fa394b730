"""tracker.links.IdLink and {% id_link %}|with_id write the URL {% url %} writes, for any id,
reversed once."""

from django.template import Context, Template
from django.urls import reverse

from tracker.links import IdLink

NAMES = ("publication:session", "publication:session_pdf", "followup:acuerdo",
         "workspace:session")


def test_it_writes_what_url_writes():
    for name in NAMES:
        link = IdLink(name)
        for pk in (1, 42, 987654321, 10**12):
            assert link(pk) == reverse(name, args=[pk])
            assert link(str(pk)) == reverse(name, args=[pk])


def test_the_template_tag_and_filter_write_what_the_url_tag_writes():
    ids = [3, 17, 250]
    with_tag = Template(
        '{% load links %}{% id_link name as link %}'
        '{% for pk in ids %}<a href="{{ link|with_id:pk }}">{% endfor %}')
    with_url = Template('{% for pk in ids %}<a href="{% url name pk %}">{% endfor %}')
    for name in NAMES:
        context = {"name": name, "ids": ids}
        written = with_tag.render(Context(context))
        assert written == with_url.render(Context(context))
        assert written.count("<a href=") == 3 and "/250/" in written
