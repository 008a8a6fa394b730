"""Tokens issued before hashing (rest_framework.authtoken, keys in clear) become hashed ApiTokens
valid for API_TOKEN_DAYS from now, and the clear keys are deleted. Scripts keep working with the
key they have until it expires."""

import datetime as dt
import hashlib

from django.conf import settings
from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    Token = apps.get_model("authtoken", "Token")
    ApiToken = apps.get_model("api", "ApiToken")
    now = timezone.now()
    for token in Token.objects.select_related("user"):
        ApiToken.objects.create(
            user_id=token.user_id, name="API (antes de 2026-12)", prefix=token.key[:8],
            key_hash=hashlib.sha256(token.key.encode()).hexdigest(),
            password_fingerprint=hashlib.sha256((token.user.password or "").encode()).hexdigest(),
            created_at=token.created, expires_at=now + dt.timedelta(days=settings.API_TOKEN_DAYS),
        )
    Token.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_api_tokens_hashed"),
        ("authtoken", "0004_alter_tokenproxy_options"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
