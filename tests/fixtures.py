from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from tests.content import site as content
from tests.factories import add_page, build_guide, build_site
from tests.site_copies import SiteTemplate, add_server_accounts

GUIDE_URL = content.GUIDE_URL
# The host of the second Site that `second_site` adds.
SECOND_HOST = "second.example"


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,  # a database name of its own for each xdist worker
):
    """The test database, with the tests' own site (tests/content/site.py) and the accounts
    that the tests of servers sign in with, built once; each test runs in a transaction
    that is rolled back.

    In place of pytest-django's own fixture, which makes no database for a run whose tests
    ask for none themselves (only for copies of it, tests/site_copies.py), and would then
    leave this fixture writing to the development database.
    """
    from django.test.utils import setup_databases, teardown_databases

    verbosity = request.config.option.verbose
    with django_db_blocker.unblock():
        databases = setup_databases(
            verbosity=verbosity,
            interactive=False,
            keepdb=django_db_keepdb and not django_db_createdb,
            aliases={"default"},
        )
        build_site()
        add_server_accounts()
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            teardown_databases(databases, verbosity=verbosity)


@pytest.fixture(scope="session")
def site_template(django_db_setup, django_db_blocker):
    """The tests' site as built above, for servers in subprocesses: `site_template.copy()`
    is a DATABASE_URL of their own (tests/site_copies.py). Made when first asked for."""
    from django.db import connection

    with django_db_blocker.unblock():
        template = SiteTemplate(connection)
    yield template
    template.delete()


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """A STATIC_ROOT for the production servers: collected by the first, shared by all
    (scripts/prodserver.py skips collectstatic once the folder has its manifest)."""
    return tmp_path_factory.mktemp("static")


@pytest.fixture(scope="session")
def site_ids(django_db_setup, django_db_blocker):
    """Primary keys in the tests' site, the same in every copy of it. Session-scoped, so
    it is read before any browser fixture holds an event loop (which Django refuses)."""
    from guides.models import GuidePage, Statistic

    with django_db_blocker.unblock():
        return SimpleNamespace(
            guide=GuidePage.objects.get(url_path__endswith=GUIDE_URL).pk,
            topic=GuidePage.objects.get(url_path__endswith=content.TOPIC_URL).pk,
            statistic=Statistic.objects.order_by("pk").first().pk,
        )


def clear_caches():
    """Empty every cache alias: the page cache's own ("pages") and "default"; and what this
    process remembers of the page cache (its content version, failed writes, a pause)."""
    from django.conf import settings
    from django.core.cache import caches

    from page_cache import cache as page_cache

    for alias in settings.CACHES:
        caches[alias].clear()
    page_cache.state.reset()


def render_afresh(client, url, **extra):
    """A GET that the whole-page cache neither answers nor keeps, as a signed-in editor's:
    it carries a session cookie (an unknown one). Kept fragments and the menu are used."""
    from django.conf import settings

    response = client.get(url, HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=unknown", **extra)
    client.cookies.pop(settings.SESSION_COOKIE_NAME, None)  # Django deletes the unknown one
    return response


@pytest.fixture(autouse=True)
def empty_cache():
    """Database changes roll back after each test; cached pages must not outlive them."""
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def guide(db):
    from guides.models import GuidePage

    return GuidePage.objects.get(url_path__endswith=GUIDE_URL)


@pytest.fixture
def second_site(guide, settings):
    """A second Site (SECOND_HOST) beside the tests' site (localhost), with a tree of its own:
    a home page, guide index, pillar, guide and evidence page. Its guide has the tests' site's
    author in its byline, and a figure no page of the first Site holds.
    {"site": the Site, "home": its home page, "guide": its guide, "figure": its figure}."""
    from wagtail.models import Page, Site

    from guides.models import EvidencePage, GuideIndexPage, GuidePage
    from pages.models import HomePage, SiteSettings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, SECOND_HOST]
    home = add_page(
        Page.get_first_root_node(),
        HomePage(title="Second home", slug="second", introduction="<p>Two.</p>"),
    )
    site = Site.objects.create(hostname=SECOND_HOST, port=80, root_page=home)
    SiteSettings.objects.create(site=site, organisation_name="Second Org", description="Two.")
    index = add_page(home, GuideIndexPage(title="Second guides", slug="guides"))
    pillar = add_page(index, GuidePage(title="Second pillar", slug="pillar", summary="P."))
    second_guide = build_guide(pillar, slug="second-only", size=1)
    add_page(home, EvidencePage(title="Second evidence", slug="evidence"))
    statistic = second_guide.body[2].value["statistics"][0]
    # A figure no page of the first Site can hold (the factory's are whole numbers, which
    # another figure's text may contain, as "30%" is in "30% (≈3 of 10)").
    statistic.figure = "42.42%"
    statistic.save()
    return {"site": site, "home": home, "guide": second_guide, "figure": statistic.figure}


@pytest.fixture
def task_queue(settings):
    """Queue tasks in the database, as production does, instead of running them at once
    (run them with tests.tasks.run_worker). Its value: the queued tasks."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return DBTaskResult.objects


def signed_in(django_user_model, group):
    """A client signed in as a new user of one of the site's groups ("Editors", "Moderators")."""
    user = django_user_model.objects.create_user(group.lower().rstrip("s"), password="x")
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client
