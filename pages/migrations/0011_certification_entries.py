"""Certifications become entries an editor can link to their public record: each line of
the old one-per-line field becomes an entry with its text and no URL (none was ever
given). The old field goes in the next migration, so that no table is altered after its
rows were changed in the same transaction (PostgreSQL refuses that)."""

import uuid

import wagtail.fields
from django.db import migrations


def lines_to_entries(apps, schema_editor):
    SiteSettings = apps.get_model("pages", "SiteSettings")
    for site_settings in SiteSettings.objects.all():
        lines = [line.strip() for line in site_settings.certification_lines.splitlines()]
        site_settings.certifications = [
            {"type": "certification", "value": {"text": line, "url": ""}, "id": str(uuid.uuid4())}
            for line in lines
            if line
        ]
        site_settings.save(update_fields=["certifications"])


def entries_to_lines(apps, schema_editor):
    """Back: each entry's text a line; a URL, which the old field had no place for, is lost."""
    SiteSettings = apps.get_model("pages", "SiteSettings")
    for site_settings in SiteSettings.objects.all():
        entries = site_settings.certifications.raw_data
        site_settings.certification_lines = "\n".join(entry["value"]["text"] for entry in entries)
        site_settings.save(update_fields=["certification_lines"])


class Migration(migrations.Migration):

    dependencies = [
        ('pages', '0010_privacy_page_and_contact_email_block'),
    ]

    operations = [
        migrations.AddField(
            model_name='sitesettings',
            name='certifications',
            field=wagtail.fields.StreamField([('certification', 2)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'max_length': 255}), 1: ('wagtail.blocks.URLBlock', (), {'help_text': 'Optional: the address where anyone can check it, such as the registry’s entry. Left blank, the line shows as text.', 'label': 'Public record', 'required': False}), 2: ('wagtail.blocks.StructBlock', [[('text', 0), ('url', 1)]], {})}, help_text='Each a line of the footer. State them exactly as they are held; one with a public record links to it.'),
        ),
        migrations.AlterField(
            model_name='sitesettings',
            name='profile_links',
            field=wagtail.fields.StreamField([('link', 2)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'help_text': 'For example: LinkedIn', 'max_length': 60}), 1: ('wagtail.blocks.URLBlock', (), {}), 2: ('wagtail.blocks.StructBlock', [[('label', 0), ('url', 1)]], {})}, help_text='The organisation’s profiles elsewhere: in the footer, and in the structured data as the organisation’s sameAs.'),
        ),
        migrations.RunPython(lines_to_entries, entries_to_lines),
    ]
