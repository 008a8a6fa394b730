from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """One searchable thing (a session's header, an agenda item with its narrative, an acuerdo, a
    progress report, a person, an institution), with what the search reads and what the access
    rules filter on. Kept by search.index, called on every save and delete of the source row."""

    class Kind(models.TextChoices):
        SESSION = "session", _("Minutas")
        AGENDA_ITEM = "agenda_item", _("Relevant matters")
        ACUERDO = "acuerdo", _("Acuerdos")
        REPORT = "report", _("Progress reports")
        PERSON = "person", _("People")
        INSTITUTION = "institution", _("Institutions")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    object_id = models.BigIntegerField(_("object"))
    group = models.ForeignKey("meetings.WorkingGroup", models.CASCADE, null=True,
                              related_name="+", verbose_name=_("group"))
    session = models.ForeignKey("meetings.Session", models.CASCADE, null=True, related_name="+",
                                verbose_name=_("session"))
    institution = models.ForeignKey("directory.Institution", models.CASCADE, null=True,
                                    related_name="+", verbose_name=_("institution"))
    date = models.DateField(_("date"), null=True)
    title = models.CharField(_("title"), max_length=400)
    path = models.CharField(_("link"), max_length=300, blank=True)
    body = models.TextField(_("text"), blank=True)
    # Lower case without accents: the SQLite fallback searches this column.
    folded = models.TextField(_("folded text"), blank=True)
    # PostgreSQL: to_tsvector('acuerdos_es', title A, body B); a GIN index (migration 0002).
    vector = SearchVectorField(null=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_once"),
        ]
        indexes = [
            # Results filtered by group and period (the search page's filters).
            models.Index(fields=["group", "date"], name="search_group_date_idx"),
            # PostgreSQL also has search_kind_recent_idx (a kind's most recent entries: a very
            # common word's ranking candidates) and search_title_upper_idx (acuerdo numbers),
            # created by migration 0003 in raw SQL.
        ]

    def __str__(self):
        return f"{self.kind}:{self.object_id} {self.title[:60]}"
