import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Institution

DEFAULT_NUMBER_PATTERN = "{session}/{type}-{seq}"


class WorkingGroup(models.Model):
    class DateStyle(models.TextChoices):
        PLAIN = "plain", _("3 de junio de 2025")
        OFFICIAL = "official", _("03 de junio del 2025 (as the reference minuta)")

    class AgendaLayout(models.TextChoices):
        TWO_COLUMNS = "two_columns", _("Two columns: presenters inside the activity")
        THREE_COLUMNS = "three_columns", _("Three columns: time, activity, presenters")

    class SessionNaming(models.TextChoices):
        ORDINAL_NUMBER = "ordinal_number", _("Ordinal number (5ª. sesión ordinaria)")
        ORDINAL_WORD = "ordinal_word", _("Ordinal word (Quincuagésima Sesión Ordinaria)")
        ROMAN = "roman", _("Roman numeral (III Reunión Ordinaria)")

    class SessionNoun(models.TextChoices):
        SESION = "sesion", _("sesión")
        REUNION = "reunion", _("reunión")

    name = models.CharField(_("name"), max_length=255)
    acronym = models.CharField(_("acronym"), max_length=40, unique=True)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="subgroups",
        verbose_name=_("parent body"),
        help_text=_("The body that created this group, e.g. the CCPM for the GTTIM."),
    )
    convening_institution = models.ForeignKey(
        Institution,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="convened_groups",
        verbose_name=_("convening institution"),
    )
    convening_unit = models.CharField(
        _("convening unit"),
        max_length=255,
        blank=True,
        help_text=_("Printed under the title of the minuta."),
    )
    drafting_unit = models.CharField(
        _("drafting unit"),
        max_length=255,
        blank=True,
        help_text=_("The area that drafts the minutas, printed in the title block."),
    )
    created_on = models.DateField(_("created on"), null=True, blank=True)
    number_pattern = models.CharField(
        _("acuerdo number pattern"),
        max_length=60,
        default=DEFAULT_NUMBER_PATTERN,
        help_text=_(
            "Placeholders: {session} session number, {type} SO/SE, {seq} sequence, "
            "{year} session year, {group} group acronym."
        ),
    )
    # How the group's minutas and session names are written (meetings/naming.py, tracker/dates.py).
    date_style = models.CharField(
        _("date style of the minuta"), max_length=10, choices=DateStyle.choices,
        default=DateStyle.PLAIN,
    )
    agenda_layout = models.CharField(
        _("agenda layout of the minuta"), max_length=15, choices=AgendaLayout.choices,
        default=AgendaLayout.TWO_COLUMNS,
    )
    session_naming = models.CharField(
        _("session naming"), max_length=15, choices=SessionNaming.choices,
        default=SessionNaming.ORDINAL_NUMBER,
        help_text=_("How new sessions are titled: 5ª. sesión, Quincuagésima Sesión, III Sesión."),
    )
    session_noun = models.CharField(
        _("the group meets in"), max_length=10, choices=SessionNoun.choices,
        default=SessionNoun.SESION,
    )
    institutions = models.ManyToManyField(
        Institution,
        through="Membership",
        related_name="working_groups",
        verbose_name=_("member institutions"),
    )
    secretariat = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="secretariat_of",
        verbose_name=_("secretariat"),
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinator_of",
        verbose_name=_("coordinators"),
    )
    # The temas a group works on (a Mesa de hidrocarburos carries "hidrocarburos", a theme owned
    # by its Gabinete); its sessions count under them in the Informe.
    themes = models.ManyToManyField(
        "meetings.Theme", blank=True, related_name="groups", verbose_name=_("themes"),
    )

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self):
        return self.acronym

    def member_institutions(self, on: datetime.date | None = None):
        """Institutions that are members on the given day (today when omitted)."""
        day = on or timezone.localdate()
        return Institution.objects.filter(
            Q(memberships__left_on__isnull=True) | Q(memberships__left_on__gt=day),
            memberships__group=self,
            memberships__joined_on__lte=day,
        ).distinct()


class Membership(models.Model):
    group = models.ForeignKey(
        WorkingGroup, models.CASCADE, related_name="memberships", verbose_name=_("group")
    )
    institution = models.ForeignKey(
        Institution, models.PROTECT, related_name="memberships", verbose_name=_("institution")
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["group", "institution__acronym"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "institution", "joined_on"], name="membership_unique_period"
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="membership_left_after_joined",
            ),
        ]

    def __str__(self):
        return f"{self.institution} ∈ {self.group}"
