"""Lines of text as the site reads them: fields an editor fills in one item per line
(blocked AI crawlers, an author's credentials), and the control characters no line holds."""

import re

# Control characters: no text a visitor types holds one, and PostgreSQL refuses NUL outright.
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def one_per_line(text):
    """The items of a one-per-line field: each non-blank line, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]
