import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("directory", "0001_initial"),
        ("meetings", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("kind", models.CharField(choices=[("session", "Minutas"), ("agenda_item", "Relevant matters"), ("acuerdo", "Acuerdos"), ("report", "Progress reports"), ("person", "People"), ("institution", "Institutions")], max_length=12, verbose_name="kind")),
                ("object_id", models.BigIntegerField(verbose_name="object")),
                ("date", models.DateField(null=True, verbose_name="date")),
                ("title", models.CharField(max_length=400, verbose_name="title")),
                ("path", models.CharField(blank=True, max_length=300, verbose_name="link")),
                ("body", models.TextField(blank=True, verbose_name="text")),
                ("folded", models.TextField(blank=True, verbose_name="folded text")),
                ("vector", django.contrib.postgres.search.SearchVectorField(null=True)),
                ("group", models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="meetings.workinggroup", verbose_name="group")),
                ("institution", models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="directory.institution", verbose_name="institution")),
                ("session", models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="meetings.session", verbose_name="session")),
            ],
            options={
                "verbose_name": "search entry",
                "verbose_name_plural": "search entries",
                "indexes": [models.Index(fields=["group", "date"], name="search_group_date_idx")],
                "constraints": [models.UniqueConstraint(fields=("kind", "object_id"), name="search_entry_once")],
            },
        ),
    ]
