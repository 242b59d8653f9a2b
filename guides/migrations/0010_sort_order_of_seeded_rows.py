"""The seed loader added FAQ entries, assessment questions and related guides without a
sort_order, so PostgreSQL listed them in any order (the FAQ page's questions came out
reversed). Give every such row its place: in the order it was added, after any row an
editor has already placed."""

from django.db import migrations
from django.db.models import Max

MODELS = ["FaqEntry", "AssessmentQuestion", "RelatedGuide"]


def place_unordered_rows(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("guides", name)
        unordered = model.objects.filter(sort_order__isnull=True).order_by("pk")
        for page_id in sorted(set(unordered.values_list("page_id", flat=True))):
            placed = model.objects.filter(page_id=page_id, sort_order__isnull=False)
            start = (placed.aggregate(last=Max("sort_order"))["last"] or -1) + 1
            for n, row in enumerate(unordered.filter(page_id=page_id), start=start):
                row.sort_order = n
                row.save(update_fields=["sort_order"])


class Migration(migrations.Migration):
    dependencies = [("guides", "0009_statistic_anchor_from_finding_and_verified_by")]

    operations = [migrations.RunPython(place_unordered_rows, migrations.RunPython.noop)]
