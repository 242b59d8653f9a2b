"""Roles: Editors write and submit guides for review; Moderators publish them."""

import importlib

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from guides.models import GuideIndexPage, GuidePage, Statistic
from tests.editor import edit_form_data
from tests.factories import add_page
from tests.html import soup

STATISTICS_URL = "/admin/snippets/guides/statistic/"


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", password="x")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("moderator", password="x")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def draft_cluster(db):
    pillar = GuidePage.objects.get(slug="fractional-cto")
    page = GuidePage(title="A cluster in review", slug="in-review", summary="Waiting.")
    return add_page(pillar, page, live=False)


def edit_view_actions(client, user, page):
    client.force_login(user)
    html = soup(client.get(f"/admin/pages/{page.pk}/edit/"))
    return {button.get("name") for button in html.select("button[name^=action-]")}


def test_the_guides_section_has_the_roles_and_the_review_workflow(db):
    index = GuideIndexPage.objects.get()
    granted = {
        (permission.group.name, permission.permission.codename)
        for permission in GroupPagePermission.objects.filter(page=index)
    }
    assert {("Editors", "add_page"), ("Editors", "change_page")} <= granted
    assert ("Editors", "publish_page") not in granted
    assert ("Moderators", "publish_page") in granted

    workflow = WorkflowPage.objects.get(page=index).workflow
    assert workflow.name == "Guides review"
    assert workflow.active
    task = WorkflowTask.objects.get(workflow=workflow).task.specific
    assert isinstance(task, GroupApprovalTask)
    assert list(task.groups.values_list("name", flat=True)) == ["Moderators"]


def test_snippet_permissions_fit_the_roles(editor, moderator):
    for action in ("add", "change", "view"):
        assert editor.has_perm(f"guides.{action}_statistic")
        assert editor.has_perm(f"guides.{action}_source")
        assert editor.has_perm(f"guides.{action}_author")
    assert not editor.has_perm("guides.delete_statistic")
    assert moderator.has_perm("guides.delete_statistic")
    assert editor.has_perm("wagtailadmin.access_admin")


def test_an_editor_edits_statistics_but_cannot_delete_them(client, editor):
    client.force_login(editor)
    statistic = Statistic.objects.first()
    assert client.get(STATISTICS_URL).status_code == 200
    assert client.get(f"{STATISTICS_URL}edit/{statistic.pk}/").status_code == 200
    assert client.get(f"{STATISTICS_URL}delete/{statistic.pk}/").status_code in {302, 403}


def test_an_editor_can_submit_but_not_publish(client, editor, draft_cluster):
    assert not draft_cluster.permissions_for_user(editor).can_publish()
    assert draft_cluster.permissions_for_user(editor).can_edit()
    actions = edit_view_actions(client, editor, draft_cluster)
    assert "action-publish" not in actions
    assert "action-submit" in actions


def test_a_moderator_can_publish(client, moderator, draft_cluster):
    assert draft_cluster.permissions_for_user(moderator).can_publish()
    assert "action-publish" in edit_view_actions(client, moderator, draft_cluster)


def test_an_editors_publish_request_does_not_publish(client, editor, draft_cluster):
    client.force_login(editor)
    url = f"/admin/pages/{draft_cluster.pk}/edit/"
    data = edit_form_data(client, draft_cluster)
    data["action-publish"] = "action-publish"
    client.post(url, data)
    draft_cluster.refresh_from_db()
    assert not draft_cluster.live


def test_a_guide_goes_from_editor_to_moderator_to_live(client, editor, moderator, draft_cluster):
    client.force_login(editor)
    url = f"/admin/pages/{draft_cluster.pk}/edit/"
    data = edit_form_data(client, draft_cluster)
    data["action-submit"] = "action-submit"
    assert client.post(url, data).status_code == 302
    draft_cluster.refresh_from_db()
    state = draft_cluster.current_workflow_state
    assert state is not None and state.workflow.name == "Guides review"
    assert not draft_cluster.live

    client.force_login(moderator)
    dashboard = client.get("/admin/").content.decode()
    assert "A cluster in review" in dashboard  # awaiting the moderator's review
    task_state = state.current_task_state
    approve = f"/admin/pages/workflow/action/{draft_cluster.pk}/approve/{task_state.pk}/"
    assert client.post(approve).status_code in {200, 302}
    draft_cluster.refresh_from_db()
    assert draft_cluster.live


def test_the_roles_migration_can_run_again_without_duplicates(db):
    migration = importlib.import_module("guides.migrations.0003_editorial_roles")
    apps = MigrationLoader(connection).project_state(("guides", "0003_editorial_roles")).apps
    before = (
        GroupPagePermission.objects.count(),
        Workflow.objects.count(),
        WorkflowTask.objects.count(),
        GroupApprovalTask.objects.count(),
    )
    migration.create_roles(apps, None)
    after = (
        GroupPagePermission.objects.count(),
        Workflow.objects.count(),
        WorkflowTask.objects.count(),
        GroupApprovalTask.objects.count(),
    )
    assert after == before


def test_a_new_guide_index_gets_the_section_roles(db):
    from guides.roles import grant_guides_section

    index = GuideIndexPage.objects.get()
    GroupPagePermission.objects.filter(page=index).delete()
    WorkflowPage.objects.filter(page=index).delete()
    grant_guides_section(index)
    grant_guides_section(index)  # idempotent
    assert GroupPagePermission.objects.filter(page=index).count() == 7
    assert WorkflowPage.objects.get(page=index).workflow.name == "Guides review"
