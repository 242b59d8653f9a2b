"""What a search result shows for every seeded indexable page: a unique title of at most
60 characters, and a unique description of 110 to 160, saying only what the client's
text (or the page itself) says."""

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from guides.content.site import GUIDE_TEXT
from tests.html import soup, text_of

WORD = re.compile(r"[a-z0-9’'-]+")


def words(text):
    return set(WORD.findall(text.lower()))


def indexable_paths(client):
    sitemap = ET.fromstring(client.get("/sitemap.xml").content)
    return [urlsplit(loc.text).path for loc in sitemap.iter() if loc.tag.endswith("loc")]


def test_every_indexable_page_has_a_unique_title_and_description_of_the_right_length(client, db):
    paths = indexable_paths(client)
    assert len(paths) == 8
    titles, descriptions = {}, {}
    for path in paths:
        page = soup(client.get(path))
        titles[path] = page.title.string.strip()
        descriptions[path] = page.find("meta", attrs={"name": "description"})["content"]
        assert page.find("meta", property="og:description")["content"] == descriptions[path]
    assert {path: title for path, title in titles.items() if len(title) > 60} == {}
    assert {p: d for p, d in descriptions.items() if not 110 <= len(d) <= 160} == {}
    assert len(set(titles.values())) == len(paths)
    assert len(set(descriptions.values())) == len(paths)
    assert titles["/"] != "Truvisory | Truvisory"


def test_titles_and_descriptions_use_only_the_seeds_words(client, db):
    seed = words(GUIDE_TEXT.read_text(encoding="utf-8"))
    for path in indexable_paths(client):
        page = soup(client.get(path))
        said = words(page.title.string) | words(
            page.find("meta", attrs={"name": "description"})["content"]
        )
        allowed = seed | words(text_of(page.find("main")))
        assert said - allowed == set(), path
