"""Editorial roles for the guides: Editors write and submit for review, Moderators publish.

Wagtail's own migrations create the Editors and Moderators groups with page permissions on
the root page. This fits them to the guides: permissions on the guide snippets, a review
workflow whose approval task belongs to Moderators, and, when the guide index already
exists, page permissions on it and the workflow assigned to it. On a fresh database the
index is created later; guides/roles.py attaches the same then.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
MODERATORS = "Moderators"
WORKFLOW_NAME = "Guides review"
TASK_NAME = "Moderator approval of guides"
SNIPPETS = ["source", "statistic", "author"]
SNIPPET_ACTIONS = {EDITORS: ["add", "change", "view"], MODERATORS: ["add", "change", "delete", "view"]}
PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page"],
    MODERATORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}


def create_roles(apps, schema_editor):
    # Django makes model permissions only after migrating; make this app's ones now.
    app_config = apps.get_app_config("guides")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GuideIndexPage = apps.get_model("guides", "GuideIndexPage")

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in (EDITORS, MODERATORS)}
    access_admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for name, group in groups.items():
        group.permissions.add(*access_admin)
        codenames = [f"{action}_{model}" for model in SNIPPETS for action in SNIPPET_ACTIONS[name]]
        codenames.append("view_sourcelinkcheck")
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="guides", codename__in=codenames)
        )

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
        if task is None:
            task_type, _ = ContentType.objects.get_or_create(
                app_label="wagtailcore", model="groupapprovaltask"
            )
            task = GroupApprovalTask.objects.create(
                name=TASK_NAME, content_type=task_type, active=True
            )
        task.groups.add(groups[MODERATORS])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)

    for index in GuideIndexPage.objects.all():
        for name, codenames in PAGE_PERMISSIONS.items():
            for permission in Permission.objects.filter(
                content_type__app_label="wagtailcore", codename__in=codenames
            ):
                GroupPagePermission.objects.get_or_create(
                    group=groups[name], page_id=index.pk, permission=permission
                )
        WorkflowPage.objects.get_or_create(page_id=index.pk, defaults={"workflow": workflow})


def remove_roles(apps, schema_editor):
    """Take back what this migration gave; the groups themselves belong to Wagtail."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GuideIndexPage = apps.get_model("guides", "GuideIndexPage")

    guide_permissions = Permission.objects.filter(content_type__app_label="guides")
    for group in Group.objects.filter(name__in=[EDITORS, MODERATORS]):
        group.permissions.remove(*guide_permissions)
    GroupPagePermission.objects.filter(
        page_id__in=GuideIndexPage.objects.values_list("pk", flat=True),
        group__name__in=[EDITORS, MODERATORS],
    ).delete()
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()
    GroupApprovalTask.objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0002_sourcelinkcheck"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
