from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Institution


class MinutaImport(models.Model):
    """An uploaded Word minuta: kept while the secretary reviews what was understood, then next
    to the session it became (the original file, with its SHA-256)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        IMPORTED = "imported", _("Imported")
        DISCARDED = "discarded", _("Discarded")

    group = models.ForeignKey("meetings.WorkingGroup", models.CASCADE, related_name="imports",
                              verbose_name=_("group"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    filename = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    session = models.OneToOneField("meetings.Session", models.SET_NULL, null=True, blank=True,
                                   related_name="imported_from", verbose_name=_("session"))
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("imported minuta")
        verbose_name_plural = _("imported minutas")
        constraints = [
            # The same Word file becomes a session once: a second import is refused.
            models.UniqueConstraint(fields=["sha256"], condition=Q(status="imported"),
                                    name="minuta_import_once_per_file"),
        ]
        indexes = [
            # "Was this file imported already?" at upload.
            models.Index(fields=["sha256"], name="minuta_import_sha_idx"),
        ]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"


class InstitutionAlias(models.Model):
    """Another way minutas name an institution ("Secretaría de Marina" for "Marina", "UNODC" for
    "ONUDC"), remembered when a secretary confirms a match so the next import recognises it."""

    institution = models.ForeignKey(Institution, models.CASCADE, related_name="aliases",
                                    verbose_name=_("institution"))
    # Stored folded (lower case, no accents): how the importer compares names.
    alias = models.CharField(_("alias"), max_length=255, unique=True)

    class Meta:
        ordering = ["alias"]
        verbose_name = _("institution alias")
        verbose_name_plural = _("institution aliases")

    def __str__(self):
        return f"{self.alias} → {self.institution}"


class BacklogImport(models.Model):
    """An uploaded spreadsheet of past acuerdos, kept while its columns are mapped and its rows
    checked, and afterwards as the source the imported history names."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        IMPORTED = "imported", _("Imported")

    group = models.ForeignKey("meetings.WorkingGroup", models.CASCADE,
                              related_name="backlog_imports", verbose_name=_("group"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    filename = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    acuerdos = models.PositiveIntegerField(_("acuerdos imported"), default=0)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("imported spreadsheet of acuerdos")
        verbose_name_plural = _("imported spreadsheets of acuerdos")

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"
