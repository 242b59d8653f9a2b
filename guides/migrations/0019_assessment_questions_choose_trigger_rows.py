"""The triggers become editors' rows (pages.Trigger, Snippets › Triggers), and each
self-assessment question chooses one by its short name, in the column that held it.

A database that stores any trigger (a lead, or an assessment question) gets the six triggers
the `Prompt` enum held, with its labels, in its order, the pilot called out, so that every
stored lead and question keeps its triggers, with the same labels. A new database gets its
triggers from the content spec instead (load_site_content), as it gets its pages.
A stored value that is none of the six (none should be) gets a row too, named by itself.
"""

import django.db.models.deletion
from django.db import migrations, models


# What pages.models.Prompt held, in its order ("other", "Something else", was never a trigger).
PROMPT = [
    ("roadmap", "An AI feature or product is on the roadmap with no senior technical owner"),
    ("pilot", "A pilot demos well but won’t ship"),
    ("build-vs-buy", "An AI build-vs-buy decision"),
    ("infrastructure", "Data or ML infrastructure choices are looming"),
    ("board", "Board or investor pressure to “have an AI story”"),
    ("governance", "AI governance and risk are starting to surface"),
]
CALLED_OUT = "pilot"
OTHER = "other"


def stored_values(apps):
    """Every trigger value the database stores: leads' triggers and what prompted them, and
    the assessment questions' triggers."""
    leads = apps.get_model("pages", "ContactSubmission").objects
    values = set(leads.exclude(prompted_by=OTHER).values_list("prompted_by", flat=True))
    for triggers in leads.values_list("triggers", flat=True):
        values.update(value for value in triggers or [] if isinstance(value, str))
    questions = apps.get_model("guides", "AssessmentQuestion").objects
    values.update(questions.values_list("trigger", flat=True))
    values.discard("")
    return values


def create_triggers(apps, schema_editor):
    stored = stored_values(apps)
    if not stored:
        return
    Trigger = apps.get_model("pages", "Trigger")
    known = dict(PROMPT)
    rows = [*PROMPT, *((value, value) for value in sorted(stored - set(known)))]
    for n, (value, label) in enumerate(rows):
        Trigger.objects.get_or_create(
            value=value[:20],
            defaults={"label": label, "called_out": value == CALLED_OUT, "sort_order": n},
        )


class Migration(migrations.Migration):

    dependencies = [
        ('guides', '0018_faq_short_answers_and_awaiting_answers'),
        ('pages', '0020_triggers_are_snippets'),
    ]

    operations = [
        migrations.RunPython(create_triggers, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='assessmentquestion',
            name='callout',
            field=models.TextField(blank=True, help_text='Optional. Set apart when this trigger is ticked: for the trigger the guide calls the recurring one (marked so in Snippets › Triggers, which shows it first).', verbose_name='Called out'),
        ),
        migrations.AlterField(
            model_name='assessmentquestion',
            name='trigger',
            field=models.ForeignKey(db_column='trigger', help_text='Which of the guide’s triggers this is (Snippets › Triggers). It is carried to the contact form and stored with the message.', on_delete=django.db.models.deletion.PROTECT, related_name='questions', to='pages.trigger', to_field='value'),
        ),
    ]
