"""The unaccent extension for accent-insensitive search (tracker/search.py). On SQLite this does
nothing: each connection gets a Python unaccent() instead."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("agreements", "0006_responsibility_due_date_sweep_index"),
    ]

    operations = [UnaccentExtension()]
