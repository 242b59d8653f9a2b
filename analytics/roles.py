"""Editors and Moderators read the traffic and search-terms reports: granted after every
`migrate`, as the other roles are."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from pages.roles import EDITORS, MODERATORS


def grant_traffic_reports(**kwargs):
    # Django makes the permissions in its own post_migrate handler, which may come later.
    create_permissions(apps.get_app_config("analytics"), verbosity=0)
    permission = Permission.objects.get(
        content_type__app_label="analytics", codename="view_traffic"
    )
    for name in (EDITORS, MODERATORS):
        Group.objects.get_or_create(name=name)[0].permissions.add(permission)
