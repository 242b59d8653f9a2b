"""The editorial roles: Editors write and submit for review; Moderators also publish and delete.

The two groups are Wagtail's own. Their permissions on models come from what the site's apps
register in the admin, never from a list here, so a new snippet or setting needs no second
edit. After every `migrate` (a post_migrate signal) each group is given:

- on every snippet and every other model with an admin screen (contact submissions): Editors
  add, change and view; Moderators every permission of the model, so delete too, and publish
  or lock where the snippet has drafts or locking. A model's permission policy can still
  narrow this: nobody adds or edits a contact submission.
- on every setting: Moderators change it; Editors do not. A setting is site-wide and live at
  once, with no review, like publishing.
- page types need nothing here: Wagtail's page permissions belong to a part of the page tree,
  not to a page type (guides/roles.py grants the guides section's).

Granting only adds: a permission given to a group by hand stays. The roles are defined in
code, so each `migrate` gives back one taken away; for other rights, make another group.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.snippets.models import create_extra_permissions, get_snippet_models

EDITORS = "Editors"
MODERATORS = "Moderators"
EDITOR_ACTIONS = ["add", "change", "view"]


def is_the_sites_own(model):
    """A model of this project's apps (pages, guides, or an app added to the repo), not of
    Django, Wagtail or another installed package."""
    path = Path(model._meta.app_config.path)
    return path.is_relative_to(settings.BASE_DIR) and "site-packages" not in path.parts


def admin_viewset_models():
    """The models that the site's `register_admin_viewset` hooks give an admin screen.
    The hooks only build the viewsets; Wagtail registers its own instances."""
    for register_viewset in hooks.get_hooks("register_admin_viewset"):
        found = register_viewset()
        for viewset in found if isinstance(found, list | tuple) else [found]:
            if isinstance(viewset, ModelViewSet):
                yield viewset.model


def edited_models():
    """The site's models that editors manage in the admin: snippets and other admin screens."""
    models = {*get_snippet_models(), *admin_viewset_models()}
    return sorted(filter(is_the_sites_own, models), key=lambda model: model._meta.label)


def setting_models():
    return [model for model in settings_registry if is_the_sites_own(model)]


def permissions_of(models, actions=None):
    """The permissions of these models: every one, or only those of these actions."""
    permissions = Permission.objects.filter(
        content_type__in=ContentType.objects.get_for_models(*models).values()
    )
    if actions is None:
        return permissions
    codenames = [f"{action}_{model._meta.model_name}" for model in models for action in actions]
    return permissions.filter(codename__in=codenames)


def role_permissions():
    """{group name: the model permissions that role has}."""
    edited = edited_models()
    access_admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    return {
        EDITORS: [*access_admin, *permissions_of(edited, EDITOR_ACTIONS)],
        MODERATORS: [
            *access_admin,
            *permissions_of(edited),
            *permissions_of(setting_models(), ["change"]),
        ],
    }


def grant_roles(**kwargs):
    """post_migrate: give both groups their permissions on every model the apps register.

    Django makes each app's model permissions when that app's post_migrate signal comes,
    and this one comes first (pages is the first app), so it makes those it needs itself.
    """
    for app_config in {model._meta.app_config for model in edited_models() + setting_models()}:
        create_permissions(app_config, verbosity=0)
    create_extra_permissions(apps.get_app_config("wagtailsnippets"))  # publish, lock
    for name, permissions in role_permissions().items():
        Group.objects.get_or_create(name=name)[0].permissions.add(*permissions)
