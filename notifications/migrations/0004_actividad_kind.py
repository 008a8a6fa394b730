# The work plan's reminders (workplan.reminders): kind "actividad".

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0003_notification_object_idx'),
    ]

    operations = [
        migrations.AlterField(
            model_name='notification',
            name='kind',
            field=models.CharField(choices=[('reminder', 'Reminder'), ('escalation', 'Escalation'), ('digest', 'Weekly digest'), ('invitation', 'Session invitation'), ('minuta', 'Approved minuta'), ('decision', 'Report or due date decision'), ('actividad', 'Work plan actividad reminder')], max_length=12, verbose_name='kind'),
        ),
    ]
