"""Citations at their claims: each source a passage cites is shown right after the words it
backs (docs/architecture.md, "Citations at their claims")."""

import html as html_module
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from django.utils.html import VOID_ELEMENTS, escape, strip_tags
from django.utils.safestring import mark_safe

# Elements that hold text inside a line. Any other tag ends a block of text: a claim is
# never matched across it.
INLINE = frozenset(
    ["a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark"]
    + ["q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var"]
)
SAME_CHARACTERS = {**dict.fromkeys("'‘’", "['‘’]"), **dict.fromkeys('"“”', '["“”]')}
CLOSING_QUOTATION = re.compile(r"[.,;:!?]?[”\"]")


@dataclass(frozen=True)
class Citation:
    """A source a passage cites, and the words of the passage it backs ("" if not given)."""

    source: object
    claim: str = ""


@dataclass
class _Token:
    kind: str  # "text", or "start", "end", "other" for markup written back as it came
    raw: str  # the text (unescaped) or the markup
    tag: str = ""


# Comments, declarations and processing instructions are left out: stored rich text, written
# by Draftail (which escapes a "<" typed as text), never holds them.
class _Tokenizer(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens = []

    def handle_starttag(self, tag, attrs):
        kind = "other" if tag in VOID_ELEMENTS else "start"
        self.tokens.append(_Token(kind, self.get_starttag_text(), tag))

    def handle_startendtag(self, tag, attrs):
        self.tokens.append(_Token("other", self.get_starttag_text(), tag))

    def handle_endtag(self, tag):
        self.tokens.append(_Token("end", f"</{tag}>", tag))

    def handle_data(self, data):
        # The content of a <script> or <style> is not text to escape (nor to match).
        self.tokens.append(_Token("other" if self.cdata_elem else "text", data))


def html_tokens(html):
    """The HTML as tokens: its text (unescaped), and its markup as it came."""
    tokenizer = _Tokenizer()
    tokenizer.feed(str(html))
    tokenizer.close()
    return tokenizer.tokens


def claim_pattern(claim):
    """The claim's words as a pattern; None for a claim with no words."""
    words = claim.split()
    if not words:
        return None
    pattern = r"\s+".join(
        "".join(SAME_CHARACTERS.get(char, re.escape(char)) for char in word) for word in words
    )
    if re.match(r"\w", claim.strip()):
        pattern = r"(?<!\w)" + pattern
    if re.search(r"\w$", claim.strip()):
        pattern += r"(?!\w)"
    return re.compile(pattern, re.IGNORECASE)


@dataclass
class _Run:
    """A block of text, and its text tokens with the elements open around each."""

    first_token: int
    texts: list  # (token index, start in the run's text, elements open: [(tag, index)])
    text: str = ""


def _runs(tokens):
    """The blocks of text of a passage, and {start tag's index: its end tag's index}."""
    runs, ends, open_elements = [], {}, []
    run = _Run(0, [])
    for index, token in enumerate(tokens):
        if token.kind == "text":
            run.texts.append((index, len(run.text), list(open_elements)))
            run.text += token.raw
            continue
        if token.kind == "start":
            open_elements.append((token.tag, index))
        elif token.kind == "end":
            for depth in range(len(open_elements) - 1, -1, -1):
                if open_elements[depth][0] == token.tag:
                    for _, start in open_elements[depth:]:
                        ends[start] = index
                    del open_elements[depth:]
                    break
        if token.tag not in INLINE:
            runs.append(run)
            run = _Run(index + 1, [])
    runs.append(run)
    return [run for run in runs if run.text], ends


def _place(run, match_end, tokens, ends):
    """Where the citation of a claim ending at `match_end` goes: (token index, offset in its
    text), (token index, None) for after that token, or None where nowhere is safe."""
    index, start, open_elements = next(text for text in reversed(run.texts) if text[1] < match_end)
    if any(tag == "a" and at < run.first_token for tag, at in open_elements):
        return None  # inside a link that holds the whole block: no link may go inside it
    inside = [at for _, at in open_elements if at >= run.first_token]
    if inside:
        end = ends.get(inside[0])
        return (end, None) if end is not None else None
    offset = match_end - start
    quotation = CLOSING_QUOTATION.match(tokens[index].raw, offset)
    return index, quotation.end() if quotation else offset


def place_citations(html, citations, render):
    """The passage's HTML with each citation after its claim (those ending at one place shown
    together by `render`), and the citations that could not be placed, in their order."""
    tokens = html_tokens(html)
    runs, ends = _runs(tokens)
    places, unplaced = {}, []
    for citation in citations:
        pattern = claim_pattern(citation.claim or "")
        place = None
        for run in runs if pattern else []:
            match = pattern.search(run.text)
            if match:
                place = _place(run, match.end(), tokens, ends)
                break
        if place is None:
            unplaced.append(citation)
        else:
            places.setdefault(place, []).append(citation.source)
    return mark_safe(_write(tokens, places, render)), unplaced  # noqa: S308 (see _write)


def _write(tokens, places, render):
    """The tokens as HTML: markup as it came, text escaped, and the citations at their places."""
    out = []
    for index, token in enumerate(tokens):
        if token.kind != "text":
            out.append(token.raw)
        else:
            last = 0
            offsets = sorted(offset for at, offset in places if at == index and offset is not None)
            for offset in offsets:
                out += [escape(token.raw[last:offset]), render(distinct(places[index, offset]))]
                last = offset
            out.append(escape(token.raw[last:]))
        if (index, None) in places:
            out.append(render(distinct(places[index, None])))
    return "".join(out)


def distinct(sources):
    """The sources, in order, each once."""
    return list({source.pk: source for source in sources}.values())


def unplaced_citations(html, citations):
    """The citations that `place_citations` would show after the passage."""
    return place_citations(html, citations, lambda sources: "")[1]


def plain_text(rich_text):
    """What a reader reads of a stored rich text: its words, without tags or entities."""
    return re.sub(r"\s+", " ", html_module.unescape(strip_tags(str(rich_text or "")))).strip()


def passage_start(html, words=8):
    """The first words of a passage, to name it in a message to editors."""
    text = plain_text(html).split()
    return " ".join(text[:words]) + (" …" if len(text) > words else "")
