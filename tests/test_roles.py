"""Roles: Editors write and submit guides for review; Moderators publish them."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Site,
    WorkflowPage,
    WorkflowTask,
)

from guides.models import GuideIndexPage, GuidePage, ProfileIndexPage, ProfilePage, Statistic
from pages.models import ContactSubmission
from tests.editor import edit_form_data
from tests.factories import add_page
from tests.html import soup
from tests.new_snippet.models import Announcement

STATISTICS_URL = "/admin/snippets/guides/statistic/"
ANNOUNCEMENTS_URL = "/admin/snippets/new_snippet/announcement/"


def announcement_permissions():
    return Permission.objects.filter(content_type__app_label="new_snippet")


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
    pillar = GuidePage.objects.get(url_path__endswith="/topic/")
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


def test_a_new_snippet_model_gets_the_roles_without_a_second_edit(client, editor, moderator):
    """tests/new_snippet registers Announcement as any app would, and names no role."""
    Group.objects.get(name="Editors").permissions.remove(*announcement_permissions())
    Group.objects.get(name="Moderators").permissions.remove(*announcement_permissions())
    call_command("migrate", verbosity=0)  # nothing to migrate, and its post_migrate signal

    announcement = Announcement.objects.create(text="A notice")
    client.force_login(editor)
    assert client.get(f"{ANNOUNCEMENTS_URL}add/").status_code == 200
    assert client.get(f"{ANNOUNCEMENTS_URL}edit/{announcement.pk}/").status_code == 200
    assert client.get(f"{ANNOUNCEMENTS_URL}delete/{announcement.pk}/").status_code == 302
    client.force_login(moderator)
    assert client.get(f"{ANNOUNCEMENTS_URL}delete/{announcement.pk}/").status_code == 200


def test_moderators_change_the_site_settings_and_editors_do_not(client, editor, moderator):
    url = f"/admin/settings/pages/sitesettings/{Site.objects.get(is_default_site=True).pk}/"
    client.force_login(moderator)
    assert client.get(url).status_code == 200
    client.force_login(editor)
    assert client.get(url).status_code == 302


def test_both_roles_read_contact_submissions_and_only_moderators_delete_them(
    client, editor, moderator
):
    submission = ContactSubmission.objects.create(
        name="Ada", email="ada@example.com", message="Hello", prompted_by="pilot", consent=True
    )
    for user in (editor, moderator):
        client.force_login(user)
        assert client.get(reverse("contact_submissions:index")).status_code == 200
        assert client.get(reverse("contact_submissions:add")).status_code == 302
    delete = reverse("contact_submissions:delete", args=[submission.pk])
    assert client.get(delete).status_code == 200  # the moderator, on an erasure request
    client.force_login(editor)
    assert client.get(delete).status_code == 302


def test_a_new_guide_index_gets_the_section_roles(client, editor, moderator):
    """Saving a new guide index is enough: no migration or command is run again."""
    home = GuideIndexPage.objects.get().get_parent()
    index = add_page(home, GuideIndexPage(title="More guides", slug="more-guides"))
    draft = add_page(index, GuidePage(title="New", slug="new", summary="A test."), live=False)

    client.force_login(editor)
    assert client.get(f"/admin/pages/add/guides/guidepage/{index.pk}/").status_code == 200
    assert edit_view_actions(client, editor, draft) >= {"action-submit"}
    assert "action-publish" not in edit_view_actions(client, editor, draft)
    assert "action-publish" in edit_view_actions(client, moderator, draft)
    # An editor's submission goes to the guides' review, not the site's default workflow.
    assert draft.get_workflow().name == "Guides review"
    # Saving it again grants nothing twice.
    granted = GroupPagePermission.objects.filter(page=index).count()
    index.save_revision().publish()
    assert GroupPagePermission.objects.filter(page=index).count() == granted


def test_editors_edit_the_authors_profiles_and_moderators_publish_them(client, editor, moderator):
    """The about page is a section like the guides: the profiles were snippets that
    editors changed, and are pages under review now."""
    about = ProfileIndexPage.objects.get()
    profile = ProfilePage.objects.child_of(about).first()
    client.force_login(editor)
    assert client.get(f"/admin/pages/{profile.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/add/guides/profilepage/{about.pk}/").status_code == 200
    assert "action-publish" not in edit_view_actions(client, editor, profile)
    assert "action-publish" in edit_view_actions(client, moderator, profile)
    assert profile.get_workflow().name == "Guides review"


def test_an_about_page_a_migration_made_gets_the_roles_at_the_next_migrate(db):
    """guides/migrations/0011 makes the about page of a database that had authors, with
    no signal: the next `migrate` grants its roles."""
    about = ProfileIndexPage.objects.get()
    GroupPagePermission.objects.filter(page=about).delete()
    WorkflowPage.objects.filter(page=about).delete()
    call_command("migrate", verbosity=0)  # nothing to migrate, and its post_migrate signal
    granted = {
        (permission.group.name, permission.permission.codename)
        for permission in GroupPagePermission.objects.filter(page=about)
    }
    assert {("Editors", "change_page"), ("Moderators", "publish_page")} <= granted
    assert WorkflowPage.objects.get(page=about).workflow.name == "Guides review"
