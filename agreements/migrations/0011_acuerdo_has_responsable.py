from django.db import migrations, models
from django.db.models import Exists, OuterRef


def backfill(apps, schema_editor):
    """Acuerdo.has_responsable from the parts as they stand (one UPDATE)."""
    Acuerdo = apps.get_model("agreements", "Acuerdo")
    Responsibility = apps.get_model("agreements", "Responsibility")
    Acuerdo.objects.update(has_responsable=Exists(
        Responsibility.objects.filter(acuerdo_id=OuterRef("pk"), role="responsable")))


class Migration(migrations.Migration):

    dependencies = [
        ("agreements", "0010_acuerdo_kind"),
    ]

    operations = [
        migrations.AddField(
            model_name="acuerdo",
            name="has_responsable",
            field=models.BooleanField(default=False, editable=False,
                                      verbose_name="has a responsable part"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
