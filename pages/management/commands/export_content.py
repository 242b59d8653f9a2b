"""Export the site's content as JSON, for review and as a readable backup: nothing personal
(no users, submissions or comments). A database dump restores a site (docs/operations.md)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from wagtail.fields import StreamField
from wagtail.models import Page, Site
from wagtail.snippets.models import get_snippet_models

from pages.models import SiteSettings

# Editing state and editors' comments: not content, and the comments name people.
LEFT_OUT = {"pk", "path", "wagtail_admin_comments", "locked", "locked_at", "locked_by"}


def page_entry(page):
    data = page.serializable_data()
    for field in page._meta.get_fields():
        # serializable_data() gives StreamField bodies as JSON strings; keep them readable.
        if isinstance(field, StreamField) and isinstance(data.get(field.name), str):
            data[field.name] = json.loads(data[field.name])
    return {
        "id": page.pk,
        "type": page._meta.label,
        "title": page.title,
        "url_path": page.url_path,
        "depth": page.depth,
        "live": page.live,
        "has_unpublished_changes": page.has_unpublished_changes,
        "fields": {key: value for key, value in data.items() if key not in LEFT_OUT},
    }


def model_entry(instance):
    if hasattr(instance, "serializable_data"):
        data = instance.serializable_data()
    else:
        data = {  # as stored: a StreamField's value as its JSON
            field.attname: field.get_prep_value(field.value_from_object(instance))
            for field in instance._meta.concrete_fields
        }
    return {"id": instance.pk, "fields": data}


def content():
    pages = Page.objects.filter(depth__gt=1).order_by("path").specific()
    snippets = {
        model._meta.label: [model_entry(item) for item in model.objects.order_by("pk")]
        for model in sorted(get_snippet_models(), key=lambda model: model._meta.label)
    }
    return {
        "export_version": 1,
        "exported_at": timezone.now(),
        "sites": list(
            Site.objects.order_by("pk").values("hostname", "port", "root_page", "is_default_site")
        ),
        "site_settings": [model_entry(row) for row in SiteSettings.objects.order_by("pk")],
        "pages": [page_entry(page) for page in pages],
        "snippets": snippets,
    }


class Command(BaseCommand):
    help = "Write the site's pages, snippets and settings as JSON, for review."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", "-o", default="-", help="A file to write, or - for stdout (the default)."
        )

    def handle(self, *args, output, **options):
        document = json.dumps(content(), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
        if output == "-":
            self.stdout.write(document)
            return
        Path(output).write_text(document + "\n", encoding="utf-8")
        self.stderr.write(f"Wrote {output}")
