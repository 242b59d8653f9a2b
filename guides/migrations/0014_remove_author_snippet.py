"""The Author snippet goes: every guide points at its author's profile page now (the last
migration moved each author there), under the field's old name."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("guides", "0013_profile_pages")]

    operations = [
        migrations.RemoveField(model_name="guidepage", name="author"),
        migrations.RenameField(model_name="guidepage", old_name="author_profile", new_name="author"),
        migrations.DeleteModel(name="Author"),
    ]
