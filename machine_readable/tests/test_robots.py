"""robots.txt as crawlers read it: Protego (RFC 9309) for every crawler the policy names."""

import pytest

from pages.models import SiteSettings
from pages.models.site_settings import AI_CRAWLERS
from tests.checkers import robots
from tests.fixtures import GUIDE_URL

SEARCH_ENGINES = ["*", "Googlebot", "Bingbot"]


def fetchable(parser, path, agent):
    return parser.can_fetch(f"https://localhost{path}", agent)


@pytest.mark.parametrize("agent", SEARCH_ENGINES + AI_CRAWLERS)
def test_every_crawler_may_read_the_guides_but_not_search_results(client, db, agent):
    parser = robots(client.get("/robots.txt").content)
    assert fetchable(parser, GUIDE_URL, agent)
    assert fetchable(parser, "/", agent)
    assert not fetchable(parser, "/search/?q=pilot", agent)
    assert not fetchable(parser, "/search/", agent)


def test_a_blocked_crawler_may_read_nothing_and_the_others_keep_their_rules(client, db):
    site_settings = SiteSettings.objects.get()
    site_settings.blocked_ai_crawlers = "GPTBot\nCCBot\nSomeNewBot"
    site_settings.save()
    parser = robots(client.get("/robots.txt").content)
    for agent in ["GPTBot", "CCBot", "SomeNewBot"]:
        assert not fetchable(parser, "/", agent), agent
        assert not fetchable(parser, GUIDE_URL, agent), agent
    for agent in ["ClaudeBot", "PerplexityBot", *SEARCH_ENGINES]:
        assert fetchable(parser, GUIDE_URL, agent), agent
        assert not fetchable(parser, "/search/", agent), agent


def test_robots_txt_names_the_sitemap_but_never_the_admin(client, db, settings):
    body = client.get("/robots.txt").content.decode()
    assert list(robots(body).sitemaps) == ["https://localhost/sitemap.xml"]
    assert f"/{settings.ADMIN_PATH}" not in body
    assert "admin" not in body.lower()
