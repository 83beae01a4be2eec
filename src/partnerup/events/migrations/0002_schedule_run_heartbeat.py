# Schedule runs: attempts, heartbeat and the meetings as the run read them (crash recovery and
# publishing that keeps later changes).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="schedulerun",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="schedulerun",
            name="basis",
            field=models.JSONField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="schedulerun",
            name="failure",
            field=models.CharField(
                blank=True,
                choices=[
                    ("locked", "The meetings locked by hand cannot all be kept"),
                    ("invalid", "The answer broke a rule"),
                    ("crashed", "Stopped unexpectedly too often"),
                    ("error", "Stopped with an error"),
                ],
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="schedulerun",
            name="heartbeat",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="schedulerun",
            name="started",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name="schedulerun",
            index=models.Index(
                condition=models.Q(("status__in", ["queued", "running"])),
                fields=["heartbeat"],
                name="schedule_run_active",
            ),
        ),
    ]
