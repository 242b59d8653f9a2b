from io import StringIO

from django.core.management import call_command
from wagtail.models import Page, Revision

from guides.models import Author, FaqEntry, GuidePage, Source, Statistic


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Page, Revision, FaqEntry, Statistic, Source, Author)
    }


def test_a_second_run_changes_nothing(db):
    before = counts()
    out = StringIO()
    call_command("load_site_content", stdout=out)
    assert counts() == before
    assert "0 created" in out.getvalue()
    assert "skipped" in out.getvalue()


def test_an_editors_change_is_never_overwritten(db):
    guide = GuidePage.objects.get(slug="fractional-ai-cto")
    guide.title = "Edited by an editor"
    guide.save_revision().publish()
    call_command("load_site_content", stdout=StringIO())
    guide.refresh_from_db()
    assert guide.title == "Edited by an editor"


def test_site_map_states(db):
    live = set(Page.objects.live().values_list("url_path", flat=True))
    drafts = set(Page.objects.filter(live=False).values_list("url_path", flat=True))
    for path in [
        "/",
        "guides/",
        "guides/fractional-cto/",
        "guides/fractional-cto/fractional-ai-cto/",
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
