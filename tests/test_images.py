"""Content images are renditions with sizes, modern formats and lazy loading."""

import io

from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from wagtail.images.models import Image

from tests.html import soup


def make_image(title="A diagram"):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (1000, 560), "#336699").save(buffer, format="JPEG")
    return Image.objects.create(
        title=title, file=ImageFile(buffer, name="diagram.jpg"), description="A blue diagram"
    )


def test_figure_block_renders_a_responsive_lazy_picture(client, guide, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = make_image()
    guide.body.append(
        (
            "figure",
            {
                "image": {"image": image, "decorative": False, "alt_text": "The gap"},
                "caption": "Demo to production",
            },
        )
    )
    guide.save_revision().publish()
    page = soup(client.get(guide.url))
    picture = page.select_one("figure.figure picture")
    types = [source["type"] for source in picture.find_all("source")]
    assert types == ["image/avif", "image/webp"]
    assert picture.source["srcset"].count("w,") == 2
    img = picture.img
    assert img["alt"] == "The gap"
    assert img["loading"] == "lazy"
    assert img["width"] and img["height"]
    assert img["src"].endswith(".jpg")
    assert page.select_one("figure.figure figcaption").string == "Demo to production"
