"""Once the Editors' and Moderators' permission to read contact submissions; now empty.

pages/roles.py grants it after every `migrate`, with the roles' other permissions, from the
models the apps register in the admin. A database that ran this migration keeps it.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0003_contact_submissions"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = []
