"""Read rendered pages the way a visitor does: as visible text and links."""

import re

from bs4 import BeautifulSoup


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def text_of(node):
    return re.sub(r"\s+", " ", node.get_text()).strip()


def squeeze(text):
    return re.sub(r"\s+", " ", text).strip()
