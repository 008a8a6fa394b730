from django.db import models
from django.utils.translation import gettext_lazy as _

from ..places import Country
from ..states import State
from .groups import WorkingGroup


class Venue(models.Model):
    """A place sessions are held at, written once ("Palacio Nacional") and reused."""

    name = models.CharField(_("name"), max_length=200)
    state = models.CharField(
        _("state (entidad federativa)"), max_length=5, choices=State.choices, blank=True,
        help_text=_("Leave empty for a venue abroad."),
    )
    country = models.CharField(_("country"), max_length=2, choices=Country.choices,
                               default=Country.MX)

    class Meta:
        ordering = ["name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        constraints = [
            models.UniqueConstraint(fields=["name", "state", "country"], name="venue_unique_place"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_state_display()})" if self.state else self.name


class Theme(models.Model):
    """A tema or eje of a group or family (tala ilegal, migración…): a small vocabulary owned by
    a group and used by it and everything under it. The secretariat edits it."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120)
    owner = models.ForeignKey(
        WorkingGroup, models.CASCADE, related_name="owned_themes", verbose_name=_("owner group"),
    )

    class Meta:
        ordering = ["owner", "name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(fields=["owner", "slug"], name="theme_unique_slug_per_owner"),
        ]

    def __str__(self):
        return self.name
