"""The groups' page permissions on the guide index and About, and the review workflow (model
permissions: pages/roles.py). Saving a section page or any `migrate` grants them, idempotently."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from guides.models import GuideIndexPage, ProfileIndexPage
from pages.roles import EDITORS, MODERATORS

WORKFLOW_NAME = "Guides review"
TASK_NAME = "Moderator approval of guides"
PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page"],
    MODERATORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}


def guides_workflow():
    """The review workflow: one approval task for the Moderators group."""
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        task, _ = GroupApprovalTask.objects.get_or_create(name=TASK_NAME)
        task.groups.add(Group.objects.get_or_create(name=MODERATORS)[0])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def grant_guides_section(page_id):
    """Give both groups their page permissions on a section's page, and put it under review."""
    for group_name, codenames in PAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=codenames
        ):
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=page_id, permission=permission
            )
    WorkflowPage.objects.get_or_create(page_id=page_id, defaults={"workflow": guides_workflow()})


def on_section_saved(instance, created, raw=False, **kwargs):
    if created and not raw:
        grant_guides_section(instance.pk)


def grant_existing_sections(apps, **kwargs):
    """post_migrate: the sections that exist (none of a type a migration back has removed)."""
    for model in (GuideIndexPage, ProfileIndexPage):
        try:
            apps.get_model(model._meta.label)  # the page type, as the database now has it
        except LookupError:
            continue
        for page_id in model.objects.values_list("pk", flat=True):
            grant_guides_section(page_id)
