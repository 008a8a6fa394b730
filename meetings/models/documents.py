from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .sessions import Session


class SessionDocument(models.Model):
    """A file the secretariat attaches to a session: a presentation, an annex, the plan draft.
    Checked like evidence at upload (followup.evidence), kept with its SHA-256 so an altered file
    is never served (documents.integrity), listed in the minuta as "Anexos". Who reads it:
    tracker.access.access_session_document."""

    session = models.ForeignKey(
        Session, models.CASCADE, related_name="attachments", verbose_name=_("session")
    )
    file = models.FileField(_("file"), upload_to="session-documents/%Y/%m/")
    title = models.CharField(_("title"), max_length=300, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["session", "uploaded_at", "id"]
        verbose_name = _("session document")
        verbose_name_plural = _("session documents (anexos)")

    def __str__(self):
        return self.title or self.original_name

    @property
    def label(self) -> str:
        return self.title or self.original_name
