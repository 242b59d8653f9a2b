"""Link suggestions: the other live pages a page's rich text names without linking them."""

import re
from dataclasses import dataclass

from guides.citations import html_tokens
from guides.links import RICH_TEXT, page_contents, page_links, site_pages, site_root_ids
from pages.visibility import visible_pages

# Elements that end a passage of text: a sentence never runs across them.
BLOCK_ELEMENTS = {"p", "li", "ul", "ol", "h2", "h3", "h4", "h5", "h6", "blockquote", "br"}
# A sentence ends after . ! ? or …, and any closing quote or bracket, before a space.
SENTENCE_END = re.compile(r"(?<=[.!?…])[”’\"')\]]*\s+")
APOSTROPHES = str.maketrans("‘’", "''")
MIN_PHRASE_LENGTH = 3


@dataclass(frozen=True)
class Passage:
    """A paragraph or list item of rich text, as plain text, and where its links are."""

    text: str
    linked: tuple[tuple[int, int], ...]  # (start, end) of each link's text

    def is_linked(self, start, end):
        return any(start < link_end and link_start < end for link_start, link_end in self.linked)


def passages(rich_text):
    """The passages of stored rich text, in reading order."""
    found, text, linked, link_start = [], "", [], None
    for token in html_tokens(rich_text or ""):
        if token.kind == "text":
            text += token.raw
        elif token.tag in BLOCK_ELEMENTS:
            found.append(Passage(text, tuple(linked)))
            text, linked = "", []
            link_start = 0 if link_start is not None else None
        elif token.tag == "a" and token.kind == "start":
            link_start = len(text)
        elif token.tag == "a" and token.kind == "end" and link_start is not None:
            linked.append((link_start, len(text)))
            link_start = None
    found.append(Passage(text, tuple(linked)))
    return [passage for passage in found if passage.text.strip()]


def _squeeze(text):
    return re.sub(r"\s+", " ", text)


def sentence_around(text, start, end):
    """(before, words, after): the sentence of `text` that holds text[start:end], in three."""
    first, last = 0, len(text)
    for boundary in SENTENCE_END.finditer(text):
        if boundary.end() <= start:
            first = boundary.end()
        elif boundary.start() >= end:
            last = boundary.start()
            break
    before, words, after = text[first:start], text[start:end], text[end:last]
    return _squeeze(before).lstrip(), _squeeze(words), _squeeze(after).rstrip()


def _pattern(page):
    """Any of the page's phrases as whole words: one of several words in any case, one word
    only as written, so that “Contact” names the contact page and “contact” does not."""
    phrases = {}  # the page's title and key phrase, without end punctuation
    for phrase in (page.title, getattr(page, "key_phrase", "")):
        phrase = " ".join((phrase or "").split()).rstrip(".?!:;,")
        if len(phrase) >= MIN_PHRASE_LENGTH:
            phrases.setdefault(phrase.casefold(), phrase)
    alternatives = []
    for phrase in sorted(phrases.values(), key=len, reverse=True):  # the longest match wins
        words = phrase.translate(APOSTROPHES).split()
        pattern = r"\s+".join(re.escape(word) for word in words)
        alternatives.append(f"(?i:{pattern})" if len(words) > 1 else pattern)
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


@dataclass(frozen=True)
class LinkSuggestion:
    """A page that another names, in a sentence, without a link to it."""

    page: object  # the page whose text names the target
    target: object  # the page it names
    where: str  # the field or row the sentence is in, as the editor reads it
    before: str  # the sentence, in three: the words that name the target are in between
    words: str
    after: str

    @property
    def sentence(self):
        return f"{self.before}{self.words}{self.after}"


class Suggester:
    """Finds, for a page, the first sentence naming each other page it does not link to."""

    def __init__(self, targets):
        patterns = [(target, _pattern(target)) for target in targets]
        self.patterns = [(target, pattern) for target, pattern in patterns if pattern]

    @classmethod
    def for_live_pages(cls, pages=None):
        """Suggesting links to the pages visitors may see (of those given, or all), but not
        the sites' home pages, whose names are everywhere, nor private pages."""
        if pages is None:
            pages = site_pages().specific()
        visible = set(visible_pages().values_list("pk", flat=True)) - site_root_ids()
        return cls([page for page in pages if page.pk in visible])

    def suggestions_for(self, page):
        linked = {page_id for _, page_id in page_links(page)} | {page.pk}
        texts = [
            (where, passage)
            for where, kind, value in page_contents(page)
            if kind == RICH_TEXT
            for passage in passages(value)
        ]
        mentions = [
            (mention, target)
            for target, pattern in self.patterns
            if target.pk not in linked and (mention := _first_mention(pattern, texts))
        ]
        return [
            LinkSuggestion(page, target, texts[index][0], *sentence)
            for (index, _, sentence), target in sorted(mentions, key=lambda m: m[0][:2])
        ]


def _first_mention(pattern, texts):
    """(passage index, offset, sentence) of the first match that is not link text yet."""
    for index, (_, passage) in enumerate(texts):
        for match in pattern.finditer(passage.text.translate(APOSTROPHES)):
            if not passage.is_linked(*match.span()):
                return index, match.start(), sentence_around(passage.text, *match.span())
    return None
