"""Share cards draw every character of the client's copy, never the missing-glyph box.

Two checks, each independent of the code under test: fontTools reads the character map of
the very fonts the card is drawn with, and the drawn card is compared with one drawn with
the font's missing-glyph box (.notdef) in place of each character.
"""

import io

import pytest
from fontTools.ttLib import TTFont
from PIL import Image

from pages import social

# The client writes with em dashes everywhere; its figures use →, ≈ and ×.
SPECIAL = "—–é×→≈€"
TITLE = "Fractional AI CTO — pilots: 17% → 42%, ≈95% × 2, 2024–2025, café, €10"
# A private-use code point: in no font's character map, so always drawn as .notdef.
MISSING = "\ue000"


def character_map(font):
    """The code points a Pillow font can draw, read by fontTools from the font itself (a
    file, or the bytes of Pillow's built-in font)."""
    source = font.path
    if hasattr(source, "seek"):
        source.seek(0)
    return TTFont(source).getBestCmap()


def pixels(png):
    return Image.open(io.BytesIO(png)).convert("RGB").tobytes()


@pytest.mark.parametrize("font", social.card_fonts(), ids=["title", "site name"])
def test_every_character_of_the_title_is_in_the_card_fonts(font):
    cmap = character_map(font)
    assert [char for char in TITLE if ord(char) not in cmap] == []
    assert ord(MISSING) not in cmap  # the comparison below relies on it


def test_no_character_is_drawn_as_the_missing_glyph_box():
    """A character drawn as .notdef gives the same pixels as the private-use one."""
    boxed = pixels(social.render_card(f"A {MISSING} B", f"Site {MISSING}"))
    in_title = [
        char
        for char in SPECIAL
        if pixels(social.render_card(f"A {char} B", f"Site {MISSING}")) == boxed
    ]
    in_name = [
        char
        for char in SPECIAL
        if pixels(social.render_card(f"A {MISSING} B", f"Site {char}")) == boxed
    ]
    assert (in_title, in_name) == ([], [])


def test_a_card_with_the_special_characters_is_a_1200_by_630_png():
    image = Image.open(io.BytesIO(social.render_card(TITLE, "Truvisory")))
    assert (image.format, image.size) == ("PNG", (social.WIDTH, social.HEIGHT))


def test_a_long_title_is_wrapped_to_the_card_and_cut_with_an_ellipsis():
    title_font, _name_font = social.card_fonts()
    width = social.WIDTH - 2 * social.MARGIN
    words = "What a fractional CTO ships in 90 days — and what it doesn’t, " * 4
    lines = social.title_lines(words, title_font, width)
    assert len(lines) == social.TITLE_LINES
    assert all(title_font.getlength(line) <= width for line in lines)
    assert lines[-1].endswith("…") and " ".join(lines)[:-1] in words
    short = social.title_lines("Fractional AI CTO", title_font, width)
    assert short == ["Fractional AI CTO"]
