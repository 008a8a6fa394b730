"""A user's e-mail preferences; every change is written to the audit log with old and new."""

from django.db import transaction

from audit.services import Action, audit_record

from ..models import NotificationPreference


@transaction.atomic
def preference_set_weekly_digest(*, user, weekly_digest: bool, request=None):
    pref, _created = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    if pref.weekly_digest != weekly_digest:
        old = pref.weekly_digest
        pref.weekly_digest = weekly_digest
        pref.save(update_fields=["weekly_digest"])
        audit_record(action=Action.PREFERENCES, actor=user, obj=pref, request=request,
                     changes={"weekly_digest": [old, weekly_digest]})
    return pref
