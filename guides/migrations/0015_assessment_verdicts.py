"""The self-assessment’s verdicts, one a level, shown as its result’s heading; the call to
action’s text shows only when a trigger is ticked."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0014_remove_author_snippet"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessmentpage",
            name="verdict_none",
            field=models.CharField(
                default="",
                help_text="The result’s heading: what the guide’s reading is for a reader who ticked none of the triggers.",
                max_length=200,
                verbose_name="Verdict when none is ticked",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="assessmentpage",
            name="verdict_several",
            field=models.CharField(
                default="",
                help_text="The result’s heading when “several” or more triggers are ticked.",
                max_length=200,
                verbose_name="Verdict when several are ticked",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="assessmentpage",
            name="verdict_some",
            field=models.CharField(
                default="",
                help_text="The result’s heading when one or more triggers are ticked, fewer than “several”.",
                max_length=200,
                verbose_name="Verdict when some are ticked",
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="assessmentpage",
            name="cta_text",
            field=models.TextField(
                blank=True,
                help_text="Under the heading, when at least one trigger is ticked (the triggers "
                "ticked go into the contact form’s message).",
                verbose_name="Call to action text",
            ),
        ),
    ]
