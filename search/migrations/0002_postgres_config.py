"""PostgreSQL: the text search configuration `acuerdos_es` (Spanish stemming, accents ignored
through the unaccent dictionary) and the GIN index over SearchEntry.vector. Nothing on SQLite,
which searches SearchEntry.folded instead (search.selectors)."""

from django.db import migrations

FORWARD = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'acuerdos_es') THEN
    CREATE TEXT SEARCH CONFIGURATION acuerdos_es (COPY = spanish);
    ALTER TEXT SEARCH CONFIGURATION acuerdos_es
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
  END IF;
END $$;
CREATE INDEX IF NOT EXISTS search_entry_vector_gin ON search_searchentry USING GIN (vector);
"""
BACKWARD = """
DROP INDEX IF EXISTS search_entry_vector_gin;
DROP TEXT SEARCH CONFIGURATION IF EXISTS acuerdos_es;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
