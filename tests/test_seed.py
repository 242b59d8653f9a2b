"""The client's seed (guides/content/site.py and fractional-ai-cto.txt), and only here.

Every other test reads the tests' own site (tests/content/site.py), so editing the client's
text breaks no test but these: they check that the seed loads into a complete site, with
the client's words exactly as written, and that the loader never overwrites an editor.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision

from guides.models import Author, FaqEntry, GuidePage, Source, Statistic
from pages.models import HomePage

CLIENT_GUIDE_URL = "/guides/fractional-cto/fractional-ai-cto/"


def load_client_seed():
    out = StringIO()
    call_command("load_site_content", stdout=out)
    return out.getvalue()


@pytest.fixture
def client_seed(db):
    """The client's site in place of the tests' own, inside the test's transaction: the
    loader's output."""
    for home in HomePage.objects.all():
        home.delete()  # its pages, their FAQ entries, and its Site with its settings
    Statistic.objects.all().delete()
    Source.objects.all().delete()
    Author.objects.all().delete()
    return load_client_seed()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Page, Revision, FaqEntry, Statistic, Source, Author)
    }


def test_a_second_run_changes_nothing(client_seed):
    assert "0 skipped" in client_seed.splitlines()[-1]
    before = counts()
    out = load_client_seed()
    assert counts() == before
    assert "0 created" in out.splitlines()[-1]


def test_an_editors_change_is_never_overwritten(client_seed):
    guide = GuidePage.objects.get(url_path__endswith=CLIENT_GUIDE_URL)
    guide.title = "Edited by an editor"
    guide.save_revision().publish()
    load_client_seed()
    guide.refresh_from_db()
    assert guide.title == "Edited by an editor"


def test_site_map_states(client_seed):
    live = set(Page.objects.live().values_list("url_path", flat=True))
    drafts = set(Page.objects.filter(live=False).values_list("url_path", flat=True))
    for path in [
        "/",
        "guides/",
        "guides/fractional-cto/",
        "guides/fractional-cto/fractional-ai-cto/",
        "guides/fractional-cto/fractional-ai-cto/assessment/",
        "engagements/",
        "faq/",
        "contact/",
    ]:
        assert "/home/" + path.lstrip("/") in live
    for path in [
        "guides/cloudflare/",
        "guides/ai-agents/",
        "federal/",
        "guides/fractional-cto/why-ai-pilots-fail/",
    ]:
        assert "/home/" + path in drafts
