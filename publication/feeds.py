"""Atom feed of the newly published versiones públicas (django.contrib.syndication)."""

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from .selectors import public_sessions


class MinutasFeed(Feed):
    feed_type = Atom1Feed
    title = "Minutas publicadas (versión pública)"
    link = "/publico/"
    subtitle = "Versiones públicas de las minutas aprobadas de los grupos que publican."

    def items(self):
        # Newest approvals first: an approval (or a correction approved again) republishes.
        return (public_sessions(timezone.localdate()).select_related("group")
                .order_by("-approved_at", "-pk")[:50])

    def item_title(self, item):
        return f"{item.group.acronym} {item.code}: {item.title}"

    def item_description(self, item):
        return f"{item.group.name}, {item.date:%Y-%m-%d}"

    def item_link(self, item):
        return f"/publico/sesiones/{item.pk}/"

    def item_pubdate(self, item):
        return item.approved_at

    def item_updateddate(self, item):
        return item.approved_at
