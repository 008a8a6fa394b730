from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import Session


def _upload_to(document: "MinutaDocument", filename: str) -> str:
    session = document.session
    return (
        f"minutas/{session.group.acronym}/{session.number}-{session.type}/"
        f"rev{document.revision}.{document.format}"
    )


class MinutaDocument(models.Model):
    """The exact file of an approved minuta, one per session revision and format. Downloads of
    an approved minuta return these stored bytes, never a new rendering."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"

    session = models.ForeignKey(
        Session, models.PROTECT, related_name="documents", verbose_name=_("session")
    )
    revision = models.PositiveIntegerField(_("revision"))
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    file = models.FileField(_("file"), upload_to=_upload_to, max_length=300)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["session", "-revision", "format"]
        verbose_name = _("minuta file")
        verbose_name_plural = _("minuta files")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "revision", "format"], name="minuta_document_unique_revision"
            ),
        ]
        # The unique constraint's index also serves "the file of this session's current revision".

    def __str__(self):
        return f"{self.session} rev. {self.revision} ({self.get_format_display()})"

    @property
    def filename(self) -> str:
        session = self.session
        return (
            f"minuta-{session.group.acronym}-{session.number}{session.type}"
            f"-rev{self.revision}.{self.format}"
        )
