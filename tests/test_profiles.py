"""The people behind the guides: the byline links to the author's profile page, which shows
who they are and what they wrote, and tells search engines the same (ProfilePage and
Person); /about/ lists them; the editors' checks say what a profile still lacks."""

import datetime
import json
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from PIL import Image as PillowImage

from guides.models import GuidePage
from pages.lines import one_per_line
from tests.content import site as content
from tests.factories import add_image, add_profile, site_author, topic_guide
from tests.fixtures import SECOND_HOST
from tests.html import soup, table_rows, text_of

BASE = "https://localhost"
PHOTO_ALT = "The example author, smiling"
PROFILE_LINKS = [
    ("link", {"label": "LinkedIn", "url": "https://www.linkedin.com/in/example-author"}),
    ("link", {"label": "GitHub", "url": "https://github.com/example-author"}),
]


def graph_of(response):
    scripts = soup(response).find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return {node["@type"]: node for node in json.loads(scripts[0].string)["@graph"]}


def publish(page, **fields):
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_the_byline_links_to_the_author_s_profile_page(client, db):
    for url in (content.GUIDE_URL, content.TOPIC_URL):
        byline = soup(client.get(url)).select_one(".byline")
        author = byline.select_one("a.byline__author")
        assert author["href"] == content.AUTHOR_URL, url
        assert text_of(author) == content.AUTHOR["name"]
        assert text_of(byline).startswith(f"By {content.AUTHOR['name']}, {content.AUTHOR['role']}.")


def test_a_profile_that_is_not_live_is_named_but_not_linked(client, db):
    site_author().unpublish()
    page = soup(client.get(content.GUIDE_URL))
    byline = page.select_one(".byline")
    assert byline.find("a") is None
    assert text_of(byline.select_one(".byline__author")) == content.AUTHOR["name"]
    author = graph_of(client.get(content.GUIDE_URL))["Article"]["author"]
    assert author == {"@type": "Person", "name": content.AUTHOR["name"]}


def test_the_profile_page_shows_who_the_author_is_and_the_live_guides_they_wrote(client, db):
    publish(site_author(), profile_links=PROFILE_LINKS)
    page = soup(client.get(content.AUTHOR_URL))
    main = page.find("main")
    assert text_of(main.h1) == content.AUTHOR["name"]
    assert text_of(main.select_one(".profile__role")) == content.AUTHOR["role"]
    assert text_of(main.select_one(".profile__bio")) == content.AUTHOR["bio"]
    credentials = [text_of(li) for li in main.select(".profile__credentials li")]
    assert credentials == one_per_line(content.AUTHOR["credentials"])
    links = [(text_of(a), a["href"]) for a in main.select(".profile-links a")]
    assert links == [(link["label"], link["url"]) for _, link in PROFILE_LINKS]
    # The live guides with this byline, in tree order: a draft with it is not listed.
    written = GuidePage.objects.filter(author=site_author())
    assert written.filter(live=False).exists()
    listed = [(text_of(a), a["href"]) for a in main.select(".listing .card__title a")]
    assert listed == [(guide.title, guide.url) for guide in written.live().order_by("path")]
    assert len(listed) == 2
    # The breadcrumbs lead to /about/, which answers.
    crumbs = [a["href"] for a in page.select("nav.breadcrumbs a")]
    assert crumbs == ["/", content.ABOUT_URL]


def test_a_profile_lists_only_its_own_sites_guides(client, second_site):
    """A guide under another Site's root with this byline is not listed, on the page nor in its
    markdown copy; the guides in the profile's own Site are."""
    theirs, mine = second_site["guide"], GuidePage.objects.get(url_path__endswith=content.GUIDE_URL)
    assert theirs.author == mine.author == site_author()
    response = client.get(content.AUTHOR_URL, HTTP_HOST="localhost")
    listed = [
        (text_of(a), a["href"]) for a in soup(response).select("main .listing .card__title a")
    ]
    assert (mine.title, content.GUIDE_URL) in listed
    html = response.content.decode()
    assert theirs.title not in html and SECOND_HOST not in html
    markdown = client.get(content.AUTHOR_URL + "index.html.md", HTTP_HOST="localhost")
    assert mine.title in markdown.content.decode()
    assert theirs.title not in markdown.content.decode()


def test_a_photo_shows_on_the_profile_and_in_its_structured_data(client, db, media):
    photo = add_image(description=PHOTO_ALT)
    publish(site_author(), photo=photo)
    response = client.get(content.AUTHOR_URL)
    img = soup(response).select_one("main .profile__photo img, main img.profile__photo")
    assert img["alt"] == PHOTO_ALT
    assert img["width"] and img["height"]
    person = graph_of(response)["ProfilePage"]["mainEntity"]
    assert person["image"].startswith(BASE + "/")
    stored = urlsplit(person["image"]).path.removeprefix("/media/")
    assert (media / stored).is_file()  # the rendition, 480 px square
    assert PillowImage.open(media / stored).size == (480, 480)


def test_the_profile_s_structured_data_is_a_profile_page_about_a_person(client, db):
    publish(site_author(), profile_links=PROFILE_LINKS)
    graph = graph_of(client.get(content.AUTHOR_URL))
    profile_page = graph["ProfilePage"]
    assert "WebPage" not in graph  # the page's one node is the ProfilePage
    url = BASE + content.AUTHOR_URL
    assert profile_page["url"] == url
    person = profile_page["mainEntity"]
    assert person == {
        "@type": "Person",
        "@id": f"{url}#person",
        "name": content.AUTHOR["name"],
        "url": url,
        "worksFor": {"@id": graph["Organization"]["@id"]},
        "jobTitle": content.AUTHOR["role"],
        "description": content.AUTHOR["bio"],
        "sameAs": [link["url"] for _, link in PROFILE_LINKS],
        "hasCredential": [
            {"@type": "EducationalOccupationalCredential", "name": credential}
            for credential in one_per_line(content.AUTHOR["credentials"])
        ],
    }
    # Every guide's Article names its author by that Person's @id and the profile's URL.
    for guide_url in (content.GUIDE_URL, content.TOPIC_URL):
        author = graph_of(client.get(guide_url))["Article"]["author"]
        assert author == {
            "@type": "Person",
            "@id": person["@id"],
            "url": url,
            "name": content.AUTHOR["name"],
        }
    head = soup(client.get(content.GUIDE_URL))
    assert head.find("meta", property="article:author")["content"] == url


def test_a_profile_without_photo_or_links_says_nothing_of_them(client, db):
    person = graph_of(client.get(content.AUTHOR_URL))["ProfilePage"]["mainEntity"]
    assert "image" not in person
    assert "sameAs" not in person
    main = soup(client.get(content.AUTHOR_URL)).find("main")
    assert main.find("img") is None
    assert main.select(".profile-links") == []


def test_about_lists_the_live_people_with_its_editable_introduction(client, db):
    add_profile("Grace Example", role="Second role", bio="A second example author.")
    add_profile("Hidden Example", live=False)
    page = soup(client.get(content.ABOUT_URL))
    main = page.find("main")
    assert text_of(main.h1) == "About"
    introduction = "The example firm’s guides are written by one example author."
    assert text_of(main.select_one(".prose")) == introduction
    people = [
        (text_of(card.select_one(".card__title")), card.select_one("a")["href"])
        for card in main.select(".person")
    ]
    assert people == [
        (content.AUTHOR["name"], content.AUTHOR_URL),
        ("Grace Example", content.ABOUT_URL + "grace-example/"),
    ]
    assert "AboutPage" in graph_of(client.get(content.ABOUT_URL))


def test_about_and_the_profile_are_in_the_sitemap(client, db):
    xml = ET.fromstring(client.get("/sitemap.xml").content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    paths = {urlsplit(loc.text).path for loc in xml.findall("s:url/s:loc", ns)}
    assert {content.ABOUT_URL, content.AUTHOR_URL} <= paths
    for path in (content.ABOUT_URL, content.AUTHOR_URL):
        assert client.get(path).status_code == 200


def test_a_guide_chooses_its_author_from_the_profile_pages(admin_client, guide):
    html = soup(admin_client.get(f"/admin/pages/{guide.pk}/edit/"))
    chooser = html.find("input", attrs={"name": "author"})
    assert chooser["value"] == str(site_author().pk)
    # The page chooser offers profile pages only.
    choose = admin_client.get("/admin/choose-page/", {"page_type": "guides.profilepage"})
    assert choose.status_code == 200
    assert content.AUTHOR["name"] in choose.content.decode()


def test_the_markdown_copy_carries_the_profile(client, db):
    text = client.get(content.AUTHOR_URL + "index.html.md").content.decode()
    assert f"# {content.AUTHOR['name']}" in text
    assert content.AUTHOR["bio"] in text
    for credential in one_per_line(content.AUTHOR["credentials"]):
        assert f"- {credential}" in text
    guide = GuidePage.objects.get(url_path__endswith=content.GUIDE_URL)
    assert f"[{guide.title}]({BASE}{content.GUIDE_URL})" in text


def test_the_feed_links_each_entry_s_author_to_their_profile(client, db):
    feed = ET.fromstring(client.get("/feeds/guides/").content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    uris = {uri.text for uri in feed.findall("a:entry/a:author/a:uri", ns)}
    assert uris == {BASE + content.AUTHOR_URL}


# The editors' checks: what the author's profile still lacks, said plainly, each with a link
# to the profile's editor.
NO_NAME = "The author has no personal name yet."
NO_PHOTO = "The author has no photo yet."
NO_LINK = "The author has no profile link yet."


def author_checks(client, guide):
    html = soup(client.get(f"/admin/pages/{guide.pk}/edit/"))
    items = html.select("[data-content-checks] li")
    return {
        text_of(item).split(" Edit ")[0]: item.find("a")["href"]
        for item in items
        if text_of(item).startswith("The author has")
    }


def test_the_publish_checks_list_what_the_author_s_profile_lacks_until_it_is_fixed(
    admin_client, guide, media
):
    profile = site_author()
    edit_url = f"/admin/pages/{profile.pk}/edit/"
    assert author_checks(admin_client, guide) == {
        NO_NAME: edit_url,
        NO_PHOTO: edit_url,
        NO_LINK: edit_url,
    }
    assert admin_client.get(edit_url).status_code == 200

    publish(profile, title="Ada Lovelace")
    assert set(author_checks(admin_client, guide)) == {NO_PHOTO, NO_LINK}
    publish(profile, photo=add_image(description=PHOTO_ALT))
    assert set(author_checks(admin_client, guide)) == {NO_LINK}
    publish(profile, profile_links=PROFILE_LINKS[:1])
    assert author_checks(admin_client, guide) == {}
    # The byline reads the new name at once.
    byline = soup(admin_client.get(content.GUIDE_URL)).select_one(".byline__author")
    assert text_of(byline) == "Ada Lovelace"


def test_a_name_is_a_placeholder_only_while_it_is_the_one_the_seed_gave(db):
    profile = site_author()
    assert profile.placeholder_name == content.AUTHOR["name"]
    assert "no personal name yet" in profile.missing_details()
    profile.title = "Ada Lovelace"
    assert "no personal name yet" not in profile.missing_details()
    # A profile an editor makes has a name of their choosing.
    assert "no personal name yet" not in add_profile("Grace Example").missing_details()


REPORT_URL = "/admin/guide-reports/content-plan/author-profiles/"


def test_the_content_plan_lists_authors_profiles_that_lack_details(admin_client, media):
    profile = site_author()
    response = admin_client.get(REPORT_URL)
    rows = table_rows(response)
    assert [row["Author"] for row in rows] == [content.AUTHOR["name"]]
    row = rows[0]
    assert row["Missing"] == "No personal name yet; no photo yet; no profile link yet"
    guides = GuidePage.objects.filter(author=profile)
    for guide in guides:
        assert guide.title in row["Guides with this byline"]
    page = soup(response)
    assert page.find("a", href=f"/admin/pages/{profile.pk}/edit/")

    publish(profile, title="Ada Lovelace", photo=add_image(description=PHOTO_ALT))
    assert table_rows(admin_client.get(REPORT_URL))[0]["Missing"] == "No profile link yet"
    publish(profile, profile_links=PROFILE_LINKS)
    assert table_rows(admin_client.get(REPORT_URL)) == []
    assert "Every author’s profile has" in text_of(soup(admin_client.get(REPORT_URL)))


def test_a_guide_moves_with_its_author_when_the_profile_is_deleted(client, db):
    """Deleting a profile leaves its guides the organisation's, never a broken byline."""
    guide = GuidePage.objects.get(url_path__endswith=content.GUIDE_URL)
    site_author().delete()
    guide.refresh_from_db()
    assert guide.author is None
    graph = graph_of(client.get(content.GUIDE_URL))
    assert graph["Article"]["author"] == {"@id": graph["Organization"]["@id"]}
    assert soup(client.get(content.GUIDE_URL)).select(".byline__author") == []
    assert topic_guide().author is None


def test_a_reviewed_guide_says_when_and_by_whom_and_tells_search_engines(client, guide):
    assert "Reviewed" not in text_of(soup(client.get(content.GUIDE_URL)).select_one(".byline"))
    assert "lastReviewed" not in graph_of(client.get(content.GUIDE_URL))["WebPage"]

    reviewer = add_profile("Example Reviewer", role="Editor")
    publish(guide, last_reviewed=datetime.date(2026, 3, 4))
    byline = soup(client.get(content.GUIDE_URL)).select_one(".byline")
    assert "Reviewed 4 March 2026." in text_of(byline)
    assert graph_of(client.get(content.GUIDE_URL))["WebPage"]["lastReviewed"] == "2026-03-04"

    publish(guide, reviewed_by=reviewer)
    response = client.get(content.GUIDE_URL)
    byline = soup(response).select_one(".byline")
    assert "Reviewed 4 March 2026 by Example Reviewer." in text_of(byline)
    assert byline.find("a", string="Example Reviewer")["href"] == reviewer.url
    reviewed_by = graph_of(response)["WebPage"]["reviewedBy"]
    assert reviewed_by == {
        "@type": "Person",
        "@id": f"{BASE}{reviewer.url}#person",
        "url": f"{BASE}{reviewer.url}",
        "name": "Example Reviewer",
    }
