"""The analytics script on visitor pages, as Site settings > Analytics decide, the goals the
pages fire, and the Content-Security-Policy that follows an external endpoint."""

import pytest
from django.test import Client

from analytics.goals import GOALS
from guides.models import AssessmentPage
from pages.models import SiteSettings
from tests.fixtures import GUIDE_URL
from tests.html import soup
from tests.test_preview_revisions import preview
from tests.test_security_headers import policy

pytestmark = pytest.mark.django_db

SCRIPT = "/static/js/analytics.js"


def scripts(response):
    """The analytics' script tags (not the visit's note for the contact form, visit.js)."""
    return [tag for tag in soup(response).find_all("script") if tag.get("src") == SCRIPT]


def change_settings(**values):
    site_settings = SiteSettings.for_default_site()
    for name, value in values.items():
        setattr(site_settings, name, value)
    site_settings.save()


def test_every_visitor_page_loads_the_script_deferred_from_this_site():
    for url in ["/", GUIDE_URL, "/contact/", "/privacy/", "/search/?q=cto"]:
        response = Client().get(url)
        [tag] = scripts(response)
        assert tag["src"] == SCRIPT, url
        assert tag.has_attr("defer")
        assert tag["data-collect"] == "/_a/"
        assert tag["data-endpoint"] == ""
        assert policy(response)["connect-src"] == ["'self'"]


def test_an_error_page_is_not_counted():
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and SCRIPT not in html


def test_a_cached_guide_still_carries_the_script():
    Client().get(GUIDE_URL)
    response = Client().get(GUIDE_URL, {"utm_source": "newsletter"})
    assert response["X-Page-Cache"] == "hit"
    assert [tag["src"] for tag in scripts(response)] == [SCRIPT]


def test_switched_off_the_pages_load_no_script_at_once():
    Client().get(GUIDE_URL)  # cached with the script
    change_settings(analytics_enabled=False)
    response = Client().get(GUIDE_URL)
    assert scripts(response) == []
    assert SCRIPT not in response.content.decode()


def test_an_external_endpoint_is_posted_to_and_allowed_by_the_policy_alone():
    change_settings(analytics_endpoint="https://plausible.example.net/api/event")
    response = Client().get(GUIDE_URL)
    [tag] = scripts(response)
    assert tag["data-endpoint"] == "https://plausible.example.net/api/event"
    assert policy(response)["connect-src"] == ["'self'", "https://plausible.example.net"]
    # Only the endpoint, with the built-in count off.
    change_settings(analytics_enabled=False)
    response = Client().get(GUIDE_URL)
    [tag] = scripts(response)
    assert (tag["data-collect"], tag["data-endpoint"]) == (
        "",
        "https://plausible.example.net/api/event",
    )
    # Emptied, the policy is strict again.
    change_settings(analytics_endpoint="")
    response = Client().get(GUIDE_URL)
    assert policy(response)["connect-src"] == ["'self'"]
    assert scripts(response) == []


def test_the_admin_and_previews_load_no_analytics(admin_client, guide):
    assert SCRIPT not in admin_client.get("/admin/").content.decode()
    response = preview(admin_client, guide, "")
    assert response.status_code == 200
    assert "Previewed title" in response.content.decode()
    assert SCRIPT not in response.content.decode()


def goals_on(response):
    page = soup(response)
    return [tag["data-goal-view"] for tag in page.select("[data-goal-view]")] + [
        tag["data-goal"] for tag in page.select("[data-goal]")
    ]


def test_each_step_of_the_funnel_fires_its_goal(client):
    assessment = AssessmentPage.objects.live().first()
    assert goals_on(client.get(assessment.url)) == ["assessment_started"]
    assert goals_on(client.get(f"{assessment.url}result/")) == ["assessment_result"]
    assert goals_on(client.get("/contact/")) == ["contact_opened"]
    assert goals_on(client.get(GUIDE_URL)) == []
    assert set(GOALS) == {"assessment_started", "assessment_result", "contact_opened", "lead_sent"}


def test_the_thanks_after_a_lead_fires_lead_sent():
    from tests.test_contact import send

    response = send(message="Counting the lead")
    thanks = Client().get(response["Location"]) if response.status_code == 302 else response
    assert goals_on(thanks) == ["lead_sent"]


def test_the_search_page_tells_the_script_its_term_and_how_much_it_found(client):
    found = soup(client.get("/search/", {"q": "  Example  "})).select_one("[data-search-term]")
    assert found["data-search-term"] == "Example"
    assert int(found["data-search-results"]) > 0
    nothing = soup(client.get("/search/", {"q": "zzxqv"})).select_one("[data-search-term]")
    assert (nothing["data-search-term"], nothing["data-search-results"]) == ("zzxqv", "0")
    assert soup(client.get("/search/")).select_one("[data-search-term]") is None
