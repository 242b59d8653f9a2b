"""The Editors and Moderators groups, given their permissions after every `migrate`
(docs/architecture.md, "Roles")."""

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


def is_the_sites_own(model):
    """A model of this project's apps, not of Django, Wagtail or another installed package."""
    path = Path(model._meta.app_config.path)
    return path.is_relative_to(settings.BASE_DIR) and "site-packages" not in path.parts


def admin_viewset_models():
    """The models that the `register_admin_viewset` hooks give an admin screen."""
    for register_viewset in hooks.get_hooks("register_admin_viewset"):
        found = register_viewset()
        for viewset in found if isinstance(found, list | tuple) else [found]:
            if isinstance(viewset, ModelViewSet):
                yield viewset.model


def permissions_of(models, actions=None):
    permissions = Permission.objects.filter(
        content_type__in=ContentType.objects.get_for_models(*models).values()
    )
    if actions is None:
        return permissions
    codenames = [f"{action}_{model._meta.model_name}" for model in models for action in actions]
    return permissions.filter(codename__in=codenames)


def grant_roles(**kwargs):
    """post_migrate: give both groups their permissions on every model the apps register."""
    # Pages' signal comes first, so it makes the model permissions it needs itself.
    edited = set(filter(is_the_sites_own, [*get_snippet_models(), *admin_viewset_models()]))
    setting_models = set(filter(is_the_sites_own, settings_registry))
    for app_config in {model._meta.app_config for model in edited | setting_models}:
        create_permissions(app_config, verbosity=0)
    create_extra_permissions(apps.get_app_config("wagtailsnippets"))  # publish, lock
    access_admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    roles = {
        EDITORS: [*access_admin, *permissions_of(edited, ["add", "change", "view"])],
        MODERATORS: [
            *access_admin,
            *permissions_of(edited),
            *permissions_of(setting_models, ["change"]),
        ],
    }
    for name, permissions in roles.items():
        Group.objects.get_or_create(name=name)[0].permissions.add(*permissions)
