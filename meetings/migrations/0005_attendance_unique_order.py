from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0004_attendance_renumber'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='attendance',
            constraint=models.UniqueConstraint(fields=('session', 'order'), name='attendance_unique_order'),
        ),
    ]
