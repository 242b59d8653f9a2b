"""The guides section's share of the roles: Editors write and submit, Moderators publish.

The roles and their model permissions are in pages/roles.py. Here: the groups' page
permissions on the guide index and the review workflow assigned to it. Both need the index
page, which a fresh database gets only after migrating (from `load_site_content`, or from an
editor), so saving a new index page attaches them. Granting is idempotent.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

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
        task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=TASK_NAME)
        task.groups.add(Group.objects.get_or_create(name=MODERATORS)[0])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def grant_guides_section(index_page):
    """Give both groups their page permissions on the section and put it under review."""
    for group_name, codenames in PAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=codenames
        ):
            GroupPagePermission.objects.get_or_create(
                group=group, page=index_page, permission=permission
            )
    WorkflowPage.objects.get_or_create(page=index_page, defaults={"workflow": guides_workflow()})


def on_guide_index_saved(instance, created, raw=False, **kwargs):
    if created and not raw:
        grant_guides_section(instance)
