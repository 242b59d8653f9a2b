"""Once the editorial roles' setup; now empty.

It gave the Editors and Moderators groups their permissions on the guide snippets, and the
guides section its review workflow, from a second copy of guides/roles.py. The roles are
now granted in one place: pages/roles.py after every `migrate`, from the models the apps
register, and guides/roles.py when the guide index is created. A database that ran this
migration keeps what it was given.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0002_sourcelinkcheck"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = []
