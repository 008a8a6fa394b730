"""What a publishing group shows the public (docs/transparency.md): a group opts in, sessions and
acuerdos carry a publication status, narrative paragraphs and photos can be reserved. Kept in
rows of their own (one-to-one), so the meetings and agreements models stay as they are."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import Acuerdo
from meetings.models import AgendaItem, Session, SessionPhoto, WorkingGroup

CONFIDENTIAL_BASIS = (
    "el artículo 116 de la Ley General de Transparencia y Acceso a la Información Pública"
)


class Reservation(models.Model):
    """Público, reservado (legal basis and end date) or confidencial (personal data)."""

    class Status(models.TextChoices):
        PUBLIC = "public", _("Public")
        RESERVED = "reserved", _("Reserved")
        CONFIDENTIAL = "confidential", _("Confidential (personal data)")

    status = models.CharField(_("publication status"), max_length=12, choices=Status.choices,
                              default=Status.PUBLIC)
    legal_basis = models.CharField(_("legal basis"), max_length=500, blank=True)
    reserved_until = models.DateField(_("reserved until"), null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("updated by"))
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        abstract = True

    def withheld_on(self, day: datetime.date) -> bool:
        """Withheld on `day`: confidential always; reserved until its end date has passed."""
        if self.status == self.Status.CONFIDENTIAL:
            return True
        if self.status == self.Status.RESERVED:
            return self.reserved_until is None or self.reserved_until >= day
        return False

    def legend(self) -> str:
        """The usual legend of a versión pública (official Spanish, whatever the UI language)."""
        from documents.spanish import date_in_words

        if self.status == self.Status.CONFIDENTIAL:
            return f"Información confidencial con fundamento en {self.legal_basis or CONFIDENTIAL_BASIS}"
        until = date_in_words(self.reserved_until) if self.reserved_until else "nuevo aviso"
        return f"Información reservada con fundamento en {self.legal_basis} hasta {until}"


def reservation_constraints(prefix: str) -> list:
    # A reservation always says why and until when (the law requires both).
    return [
        models.CheckConstraint(
            condition=~Q(status="reserved") | (~Q(legal_basis="") & Q(reserved_until__isnull=False)),
            name=f"{prefix}_reserved_has_basis_and_end",
        ),
    ]


class GroupPublication(models.Model):
    """The group's opt-in: nothing of a group is public until its secretariat turns this on."""

    group = models.OneToOneField(WorkingGroup, models.CASCADE, related_name="publication",
                                 verbose_name=_("group"))
    publishes = models.BooleanField(_("publishes its approved minutas"), default=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("updated by"))
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("group publication")
        verbose_name_plural = _("group publications")

    def __str__(self):
        return f"{self.group} ({'publica' if self.publishes else 'no publica'})"


class SessionPublication(Reservation):
    session = models.OneToOneField(Session, models.CASCADE, related_name="publication",
                                   verbose_name=_("session"))

    class Meta:
        verbose_name = _("session publication")
        verbose_name_plural = _("session publications")
        constraints = reservation_constraints("session_publication")

    def __str__(self):
        return f"{self.session}: {self.get_status_display()}"


class AcuerdoPublication(Reservation):
    acuerdo = models.OneToOneField(Acuerdo, models.CASCADE, related_name="publication",
                                   verbose_name=_("acuerdo"))

    class Meta:
        verbose_name = _("acuerdo publication")
        verbose_name_plural = _("acuerdo publications")
        constraints = reservation_constraints("acuerdo_publication")

    def __str__(self):
        return f"{self.acuerdo}: {self.get_status_display()}"


class ReservedParagraph(Reservation):
    """One narrative paragraph of an agenda item (paragraphs are separated by a blank line,
    documents.content.paragraphs), by its position in the item."""

    item = models.ForeignKey(AgendaItem, models.CASCADE, related_name="reserved_paragraphs",
                             verbose_name=_("agenda item"))
    index = models.PositiveIntegerField(_("paragraph"))

    DELETE_WHEN_PUBLIC = True  # public is the default: no row
    class Meta:
        verbose_name = _("reserved paragraph")
        verbose_name_plural = _("reserved paragraphs")
        constraints = [
            models.UniqueConstraint(fields=["item", "index"], name="reserved_paragraph_unique"),
            *reservation_constraints("reserved_paragraph"),
        ]

    def __str__(self):
        return f"{self.item} ¶{self.index + 1}"


class ReservedPhoto(Reservation):
    photo = models.OneToOneField(SessionPhoto, models.CASCADE, related_name="reservation",
                                 verbose_name=_("photo"))

    DELETE_WHEN_PUBLIC = True
    class Meta:
        verbose_name = _("reserved photo")
        verbose_name_plural = _("reserved photos")
        constraints = reservation_constraints("reserved_photo")

    def __str__(self):
        return f"{self.photo}: {self.get_status_display()}"


def _upload_to(document: "PublicMinutaDocument", filename: str) -> str:
    session = document.session
    return (f"publico/{session.group.acronym}/{session.number}-{session.type}/"
            f"rev{document.revision}-{document.variant[:12]}.pdf")


class PublicMinutaDocument(models.Model):
    """The exact PDF of a versión pública with its SHA-256. `variant` fingerprints what was
    withheld when it was rendered: a reservation that ends or a new mark renders a new file, the
    old ones stay as they were published."""

    session = models.ForeignKey(Session, models.PROTECT, related_name="public_documents",
                                verbose_name=_("session"))
    revision = models.PositiveIntegerField(_("revision"))
    variant = models.CharField(_("withheld parts fingerprint"), max_length=64)
    file = models.FileField(_("file"), upload_to=_upload_to, max_length=300)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["session", "-created_at"]
        verbose_name = _("public minuta file")
        verbose_name_plural = _("public minuta files")
        constraints = [
            models.UniqueConstraint(fields=["session", "revision", "variant"],
                                    name="public_minuta_document_unique_variant"),
        ]

    def __str__(self):
        return f"{self.session} rev. {self.revision} (versión pública)"

    @property
    def filename(self) -> str:
        s = self.session
        return f"minuta-{s.group.acronym}-{s.number}{s.type}-version-publica.pdf"
