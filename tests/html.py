"""Read rendered pages the way a visitor does: as visible text and links."""

import copy
import re

from bs4 import BeautifulSoup, NavigableString, Tag


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def text_of(node):
    return re.sub(r"\s+", " ", node.get_text()).strip()


def squeeze(text):
    return re.sub(r"\s+", " ", text).strip()


def table_rows(response, cell=text_of):
    """Each row of the page's table as {column header: cell text}."""
    page = soup(response)
    headers = [text_of(th) for th in page.select("table thead th")]
    return [
        dict(zip(headers, (cell(td) for td in tr.select("td")), strict=False))
        for tr in page.select("table tbody tr")
    ]


def missing_lines(article, lines):
    """The lines of a guide's text (headings, paragraphs, list items; not its table) that
    the rendered article does not show word for word, leaving out the citations the site
    puts at a passage's claims."""
    article = copy.copy(article)
    for citation in article.select(".citation"):
        citation.decompose()
    shown = squeeze(text_of(article))
    expected = [line[2:] if line.startswith("- ") else line for line in lines]
    return [line for line in expected if not line.startswith("|") and squeeze(line) not in shown]


CLOSING_QUOTATION = r"[.,;:!?]?[”\"]?"


def citation_after(article, claim):
    """The citation (`.citation`) that the passage holding the claim shows right after the
    claim's words (or after the closing quotation mark that follows them); None if there is
    none. Read as a visitor reads: the passage's text, leaving out the citations before."""
    ending = re.compile(re.escape(squeeze(claim)) + CLOSING_QUOTATION + "$")
    for passage in article.find_all(["p", "li"]):
        before = []
        for node in passage.descendants:
            if node.find_parent(class_="citation"):
                continue
            if isinstance(node, Tag) and "citation" in node.get("class", []):
                if ending.search(squeeze("".join(before))):
                    return node
            elif isinstance(node, NavigableString):
                before.append(str(node))
    return None


def statistic_cells(row):
    """A statistics table row as the seed's table has it: its finding, figure and source
    (date), without the caveat, verified date, permalink and note on method shown beside
    them."""
    row = copy.copy(row)
    for detail in row.select(".stats__detail, .stats__permalink"):
        detail.decompose()
    return [text_of(row.th), *map(text_of, row.find_all("td"))]


WORD = re.compile(r"[\w’'-]+")


def visible_words(node):
    """The words a visitor reads in a node, lower-cased, in reading order: no script, style,
    template or hidden element."""
    node = copy.copy(node)
    for hidden in node.select("script, style, template, [hidden]"):
        hidden.decompose()
    return WORD.findall(node.get_text(" ").lower())


def shingles(words, size=5):
    """Every run of `size` words in a text, as near-duplicate detection compares them."""
    return {tuple(words[start : start + size]) for start in range(len(words) - size + 1)}


def shared_shingles(node, other, size=5):
    """The share of the node's runs of `size` words that the other node also has (0 to 1)."""
    own = shingles(visible_words(node), size)
    return len(own & shingles(visible_words(other), size)) / len(own) if own else 0.0
