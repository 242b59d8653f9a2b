"""The one-per-line certifications field, whose lines the last migration made entries of."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("pages", "0011_certification_entries")]

    operations = [migrations.RemoveField(model_name="sitesettings", name="certification_lines")]
