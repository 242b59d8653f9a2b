"""Every internal link a crawler can reach from the home page answers 200."""

from collections import deque
from urllib.parse import urldefrag, urlsplit

from bs4 import BeautifulSoup
from wagtail.models import Page


def test_every_internal_link_from_home_answers_200(client, db):
    seen, queue, broken = {"/"}, deque(["/"]), []
    while queue:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200:
            broken.append((url, response.status_code))
            continue
        if "html" not in response.get("Content-Type", ""):
            continue
        for link in BeautifulSoup(response.content, "html.parser").find_all("a", href=True):
            href = urldefrag(link["href"])[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/") or href in seen:
                continue
            seen.add(href)
            queue.append(href)
    assert broken == []
    live = {page.url for page in Page.objects.live().filter(depth__gt=1)}
    assert live and live <= seen
