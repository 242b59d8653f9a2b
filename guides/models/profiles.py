"""The people behind the guides: /about/ lists them, and each has a profile page."""

from django.db import models
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel, TitleFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from pages.blocks import ProfileLinkBlock
from pages.lines import one_per_line
from pages.models import BasePage
from pages.seo import absolute, canonical_url
from pages.visibility import is_visible, visible_pages, visible_pages_of_site

# The square the profile shows the photo in, and the JSON-LD's image of the person.
PHOTO_FILTER = "fill-480x480|format-jpeg"


class ProfileIndexPage(BasePage):
    """/about/: an introduction, then the people who write the guides, linked to their profiles."""

    introduction = RichTextField(
        features=["bold", "italic", "link"],
        blank=True,
        help_text="The words above the list of people.",
    )

    content_panels = [*BasePage.content_panels, "introduction"]
    search_fields = [*BasePage.search_fields, index.SearchField("introduction")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["guides.ProfilePage"]
    max_count = 1
    webpage_type = "AboutPage"
    # It sums up the profiles, which a search should find instead.
    search_only_when_alone = True

    def people(self):
        # Each photo with its renditions, in one query for them all.
        people = visible_pages(ProfilePage.objects.child_of(self)).order_by("path")
        return list(people.select_related("photo").prefetch_related("photo__renditions"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A callable, so that nothing is queried when the content comes from cache.
        context["people"] = self.people
        return context


class ProfilePage(BasePage):
    """A person who writes guides: name, role, photo, bio, credentials and profile links."""

    role = models.CharField(
        max_length=120, help_text="The job title the byline shows after the name."
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: a portrait, shown square. Its description is the alt text.",
    )
    bio = models.TextField("Short bio", blank=True)
    credentials = models.TextField(blank=True, help_text="One per line.")
    profile_links = StreamField(
        [("link", ProfileLinkBlock())],
        blank=True,
        help_text="The person’s public profiles elsewhere (LinkedIn, GitHub, …).",
    )
    # The name the seed gave for want of a personal one ("Truvisory founder"). While the
    # name is still this, the editors' checks say the author has no personal name yet.
    placeholder_name = models.CharField(max_length=255, blank=True, editable=False)

    content_panels = [
        TitleFieldPanel(
            "title",
            heading="Name",
            help_text="The person’s name, as bylines show it. It is the page’s title.",
        ),
        FieldPanel("role"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("credentials"),
        FieldPanel("profile_links"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("role"),
        index.SearchField("bio"),
        index.SearchField("credentials"),
    ]
    parent_page_types = ["guides.ProfileIndexPage"]
    subpage_types = []
    webpage_type = "ProfilePage"
    og_type = "profile"

    @property
    def name(self):
        return self.title

    @property
    def meta_description(self):
        return super().meta_description or self.bio

    @property
    def credential_list(self):
        return one_per_line(self.credentials)

    @property
    def profile_urls(self):
        return [link.value["url"] for link in self.profile_links]

    def missing_details(self):
        """What the profile still lacks, worded for editors."""
        missing = []
        if self.placeholder_name and self.title.strip() == self.placeholder_name:
            missing.append("no personal name yet")
        if self.photo_id is None:
            missing.append("no photo yet")
        if not self.profile_links:
            missing.append("no profile link yet")
        return missing

    @cached_property
    def visible(self):
        """Whether visitors may see the profile, so that bylines and structured data link it."""
        return is_visible(self)

    def guides_on_site(self, request):
        """The guides with this person's byline that visitors may see in the request's Site,
        in tree order: a guide under another Site's root is that Site's to list."""
        return list(visible_pages_of_site(request, self.guides.all()).order_by("path"))

    def person_id(self, request=None):
        return f"{canonical_url(self, request)}#person"

    def person_reference(self, request=None):
        """The Person as an Article's author names them: by @id and URL while it is visible."""
        node = {"@type": "Person", "name": self.title}
        if self.visible:
            node.update({"@id": self.person_id(request), "url": canonical_url(self, request)})
        return node

    def person_node(self, request, base):
        photo = self.photo and absolute(base, self.photo.get_rendition(PHOTO_FILTER).url)
        node = {
            "@type": "Person",
            "@id": self.person_id(request),
            "name": self.title,
            "url": canonical_url(self, request),
            "worksFor": {"@id": f"{base}/#organization"},
            "jobTitle": self.role,
            "description": self.bio,
            "image": photo,
            "sameAs": self.profile_urls,
            "hasCredential": [
                {"@type": "EducationalOccupationalCredential", "name": credential}
                for credential in self.credential_list
            ],
        }
        return {key: value for key, value in node.items() if value}

    def structured_data_nodes(self, request, url, base, image_url):
        nodes = super().structured_data_nodes(request, url, base, image_url)
        nodes[0]["mainEntity"] = self.person_node(request, base)
        return nodes

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guides"] = lambda: self.guides_on_site(request)
        return context
