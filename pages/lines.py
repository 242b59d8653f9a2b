"""Text fields that an editor fills in one item per line: blocked AI crawlers, an
author's credentials. They are all read the same way."""


def one_per_line(text):
    """The items of a one-per-line field: each non-blank line, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]
