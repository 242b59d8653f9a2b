"""Share images: the editor's, or a title card stored under a digest, cached for a year."""

import base64
import functools
import hashlib
import io
import threading
from importlib.resources import files

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
BACKGROUND, FOREGROUND, ACCENT = "#0b1f3a", "#ffffff", "#7cb8ff"


# Source Sans Pro, from the font-source-sans-pro wheel: Latin with its accents, dashes,
# arrows, ≈, × and €, which Pillow's built-in font draws as empty boxes.
FONTS = files("font_source_sans_pro") / "files"
TITLE_FONT, TITLE_SIZE, TITLE_LINE = FONTS / "SourceSansPro-Semibold.ttf", 68, 82
NAME_FONT, NAME_SIZE = FONTS / "SourceSansPro-Regular.ttf", 40
MARGIN, TITLE_LINES = 80, 4  # four lines clear the accent bar
# Part of every card's digest: a new design gives every card a new name, so that none drawn
# before (with the missing-glyph boxes) is served again from storage or a year-long cache.
CARD_DESIGN = "source-sans-pro"


def card_digest(title, site_name):
    return hashlib.sha256(f"{title}\n{site_name}\n{CARD_DESIGN}".encode()).hexdigest()[:12]


# FreeType lets one thread at a time make or use a font, and gunicorn runs several threads
# (gunicorn.conf.py): the fonts, shared by the process, are made and used under this lock.
FONTS_IN_USE = threading.Lock()


@functools.cache
def card_fonts():
    return (
        ImageFont.truetype(str(TITLE_FONT), TITLE_SIZE),
        ImageFont.truetype(str(NAME_FONT), NAME_SIZE),
    )


def title_lines(title, font, width):
    """The title in at most TITLE_LINES lines of `width` pixels, cut short with an ellipsis."""
    lines = []
    for word in title.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    if len(lines) > TITLE_LINES:
        last = lines[TITLE_LINES - 1]
        while last and font.getlength(last + "…") > width:
            last = last.rpartition(" ")[0]
        lines = [*lines[: TITLE_LINES - 1], last.rstrip(",;:—–- ") + "…"]
    return lines


def render_card(title, site_name):
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    with FONTS_IN_USE:
        title_font, name_font = card_fonts()
        y = 90
        for line in title_lines(title, title_font, WIDTH - 2 * MARGIN):
            draw.text((MARGIN, y), line, font=title_font, fill=FOREGROUND)
            y += TITLE_LINE
        draw.rectangle((MARGIN, HEIGHT - 130, 200, HEIGHT - 122), fill=ACCENT)
        draw.text((MARGIN, HEIGHT - 110), site_name, font=name_font, fill=ACCENT)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def stored_card(page_id, title, site_name):
    """The storage name of the page's card, drawn and stored if it is not there yet."""
    name = f"social/{page_id}-{card_digest(title, site_name)}.png"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(render_card(title, site_name)))
    return name


def preview_image_src(page, seo):
    """The preview's share image: a card of the title being edited is drawn as a data URL."""
    if page.social_image_id:
        return seo["image"]["url"]
    png = render_card(page.title, seo["site_name"])
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def social_image(page, site_name):
    """url, width, height and alt of the image shown when the page is shared."""
    if page.social_image_id:
        image = page.social_image
        rendition = image.get_rendition("fill-1200x630|format-png")
        return {
            "url": rendition.url,
            "width": rendition.width,
            "height": rendition.height,
            "alt": image.description or image.title,
        }
    digest = card_digest(page.title, site_name)
    return {
        "url": reverse("social_card", args=[page.pk, digest]),
        "width": WIDTH,
        "height": HEIGHT,
        "alt": f"{page.title}: {site_name}",
    }
