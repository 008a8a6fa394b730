from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CalendarFeed(models.Model):
    """A private iCalendar subscription: calendar apps fetch it with the secret in the URL and no
    login. Only the SHA-256 of the secret is stored; the URL is shown once, when it is made."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="calendar_feeds",
        verbose_name=_("user"),
    )
    # Empty: the user's own feed (their groups' sessions, their institution's due dates). Set: the
    # feed of one group for its secretariat (every session and every open acuerdo's due date).
    group = models.ForeignKey(
        "meetings.WorkingGroup", models.CASCADE, null=True, blank=True,
        related_name="calendar_feeds", verbose_name=_("group"),
    )
    token_hash = models.CharField(_("secret (SHA-256)"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last fetched at"), null=True, blank=True)

    class Meta:
        ordering = ["user", "group", "-created_at"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        indexes = [
            # The settings page: a user's active feeds.
            models.Index(fields=["user"], name="feed_user_active_idx",
                         condition=Q(revoked_at__isnull=True)),
        ]

    def __str__(self):
        return f"{self.user} · {self.group or _('personal')}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
