"""PostgreSQL indexes of search.selectors (raw SQL: SQLite has neither NULLS LAST in an index nor
operator classes, and its fallback search reads the table anyway):
- search_kind_recent_idx: a kind's most recent entries, the order in which a very common word's
  ranking candidates are read (search.selectors.RANK_CANDIDATES) instead of sorting every match;
- search_title_upper_idx: UPPER(title) in LIKE-prefix order, for acuerdo numbers
  (title__iexact / title__istartswith: "5/SO-3", "5/so")."""

from django.db import migrations

FORWARD = """
CREATE INDEX IF NOT EXISTS search_kind_recent_idx
    ON search_searchentry (kind, date DESC NULLS LAST, id DESC);
CREATE INDEX IF NOT EXISTS search_title_upper_idx
    ON search_searchentry ((UPPER(title)) text_pattern_ops);
"""
BACKWARD = """
DROP INDEX IF EXISTS search_kind_recent_idx;
DROP INDEX IF EXISTS search_title_upper_idx;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_postgres_config")]
    operations = [migrations.RunPython(forward, backward)]
