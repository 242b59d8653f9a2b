"""Test data built in code."""

from io import BytesIO, StringIO

import factory
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.utils.text import slugify
from PIL import Image as PillowImage
from wagtail.images.models import Image
from wagtail.models import Page

from guides.models import (
    FaqEntry,
    GuidePage,
    ProfileIndexPage,
    ProfilePage,
    RelatedGuide,
    Source,
    Statistic,
)
from tests.content.site import AUTHOR_URL, TOPIC_URL

# The tests' own site: the seed loader's shape, in the tests' own words.
SITE_CONTENT = "tests.content.site"


def build_site():
    """Build the tests' whole site (tests/content/site.py) with the seed loader."""
    call_command("load_site_content", "--content", SITE_CONTENT, stdout=StringIO())


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    publisher = factory.Sequence(lambda n: f"Publisher {n}")
    title = "Annual survey"
    url = factory.Sequence(lambda n: f"https://example.org/report-{n}")
    publication_date = "2025-03"


class StatisticFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statistic

    finding = factory.Sequence(lambda n: f"Finding number {n}")
    figure = factory.Sequence(lambda n: f"{n}%")
    source = factory.SubFactory(SourceFactory)
    anchor = factory.Sequence(lambda n: f"statistic-{n}")


def build_guide(parent, *, slug, size=3, link_to=None, live=True):
    """A cluster guide with `size` FAQ entries, statistics and related guides."""
    statistics = StatisticFactory.create_batch(size)
    related = [
        add_page(parent, GuidePage(title=f"Related {slug} {n}", slug=f"{slug}-related-{n}"))
        for n in range(size)
    ]
    link = f'<a linktype="page" id="{link_to.id}">a link</a>' if link_to else "no link"
    guide = GuidePage(
        title=f"Guide {slug}",
        slug=slug,
        summary="A test guide.",
        author=site_author(),
        body=[
            ("heading", {"text": "First section", "level": "h2", "anchor": ""}),
            ("paragraph", f"<p>Body text with {link}.</p>"),
            ("statistics_table", {"caption": "Figures", "statistics": statistics, "note": ""}),
        ],
    )
    for n in range(size):
        answer = f"<p>Answer {link}.</p>"
        guide.faq_entries.add(FaqEntry(question=f"Question {n}?", answer=answer, sort_order=n))
    for n, page in enumerate(related):
        guide.related_guides.add(RelatedGuide(guide=page, sort_order=n))
    return add_page(parent, guide, live=live)


def add_page(parent: Page, page: Page, live=True):
    page.live = False
    parent.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
        page.refresh_from_db()
    return page


def add_guide(parent, title, text="", live=True, **fields):
    """A guide whose body is one paragraph of rich text (HTML, as stored), and an FAQ entry."""
    guide = GuidePage(
        title=title,
        slug=slugify(title),
        summary="A test guide.",
        body=[("paragraph", text or "<p>No names here.</p>")],
        **fields,
    )
    entry = FaqEntry(question=f"What is {title}?", answer="<p>An answer.</p>", sort_order=0)
    guide.faq_entries.add(entry)
    return add_page(parent, guide, live=live)


def page_link(page, text):
    """A link to a page, as rich text stores it."""
    return f'<a linktype="page" id="{page.pk}">{text}</a>'


def topic_guide():
    """The tests' site's topic guide (tests/content/site.py's TOPIC_URL): a live guide to
    add cluster guides under."""
    return GuidePage.objects.get(url_path__endswith=TOPIC_URL)


def site_author():
    """The tests' site's author (tests/content/site.py's AUTHOR): their live profile page."""
    return ProfilePage.objects.get(url_path__endswith=AUTHOR_URL)


def add_profile(name="Ada Example", role="Example role", live=True, **fields):
    """Another author's profile page, under the about page."""
    about = ProfileIndexPage.objects.get()
    profile = ProfilePage(title=name, slug=slugify(name), role=role, **fields)
    return add_page(about, profile, live=live)


def add_image(title="Portrait", description="A blue portrait", size=(600, 800)):
    """An image in the library (set MEDIA_ROOT to a temporary folder first)."""
    buffer = BytesIO()
    PillowImage.new("RGB", size, "#336699").save(buffer, format="JPEG")
    name = f"{slugify(title)}.jpg"
    return Image.objects.create(
        title=title, file=ImageFile(buffer, name=name), description=description
    )
