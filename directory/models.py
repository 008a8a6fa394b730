from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Institution(models.Model):
    class Kind(models.TextChoices):
        FEDERAL = "federal", _("Federal government")
        STATE = "state", _("State government")
        INTERNATIONAL = "international", _("International organisation")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        FOREIGN_GOVERNMENT = "foreign", _("Foreign government")

    # The acronym is how minutas name an institution ("UPMRIP", "Guardia Nacional").
    acronym = models.CharField(_("acronym"), max_length=60, unique=True)
    name = models.CharField(_("full name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.FEDERAL)

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self):
        return self.acronym


class Person(models.Model):
    class Sex(models.TextChoices):
        # Optional: reports are disaggregated by sex (the attendance keeps a snapshot).
        FEMALE = "female", _("Woman")
        MALE = "male", _("Man")
        OTHER = "other", _("Non-binary / other")
        UNSPECIFIED = "unspecified", _("Not specified")

    name = models.CharField(_("name"), max_length=200)
    cargo = models.CharField(_("position"), max_length=255, blank=True)
    institution = models.ForeignKey(
        Institution, models.PROTECT, related_name="people", verbose_name=_("institution")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    sex = models.CharField(_("sex"), max_length=12, choices=Sex.choices, default=Sex.UNSPECIFIED)
    is_enlace = models.BooleanField(
        _("liaison (enlace)"),
        default=False,
        help_text=_("Receives and reports on the acuerdos of their institution."),
    )
    # A person may have a login; most participants in a minuta never sign in.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user account"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            # The enlaces of an institution: who gets its reminders (notifications sweep).
            models.Index(fields=["institution", "is_enlace"], name="person_inst_enlace_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({self.institution})"
