"""Let the Editors and Moderators groups read contact submissions in the admin.

Django creates model permissions only after migrating, so this makes the one it needs.
"""

from django.db import migrations

GROUPS = ["Editors", "Moderators"]


def grant_view(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="pages", model="contactsubmission"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_contactsubmission",
        defaults={"name": "Can view contact submission"},
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


def revoke_view(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="pages", codename="view_contactsubmission"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0003_contact_submissions"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_view, revoke_view)]
