"""/evidence/: every statistic and cited source on the live site, and the pages using each."""

from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.fields import RichTextField
from wagtail.search import index

from guides.evidence import live_evidence
from pages.models import BasePage
from pages.seo import canonical_base
from pages.visibility import visible_pages

from .article import citation_node


class EvidencePage(BasePage):
    """The evidence page: the editor writes its introduction; the figures list themselves."""

    introduction = RichTextField(
        features=["bold", "italic", "link"],
        blank=True,
        help_text="A sentence or two under the heading: what this page is. The figures and "
        "sources below it are listed by themselves.",
    )

    content_panels = [*BasePage.content_panels, "introduction"]
    search_fields = [*BasePage.search_fields, index.SearchField("introduction")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1
    # It sums up other pages: the site search lists it when nothing else matches.
    search_only_when_alone = True
    # A change to a statistic or source that a live page shows changes this page too.
    lists_rows_of = ("guides.Statistic", "guides.Source")

    @classmethod
    def for_site_of(cls, page):
        """The live evidence page of the site `page` belongs to (a child of its home), or None."""
        home_path = page.path[: 2 * page.steplen]
        return visible_pages(cls.objects.filter(path__startswith=home_path)).first()

    @cached_property
    def evidence(self):
        return live_evidence(self.get_parent())

    def reserved_anchors(self):
        # A heading the page writes itself; figures and sources have anchors of their own.
        return super().reserved_anchors() | {"evidence-statistics", "evidence-sources"}

    def download_urls(self, request=None):
        """The absolute addresses of the CSV and JSON copies."""
        base = canonical_base(self, request)
        return {"csv": base + reverse("evidence_csv"), "json": base + reverse("evidence_json")}

    def structured_data_nodes(self, request, url, base, image_url):
        """A Dataset beside the WebPage, with the CSV and JSON copies as its distributions."""
        nodes = super().structured_data_nodes(request, url, base, image_url)
        csv_url, json_url = self.download_urls(request).values()
        download = {"@type": "DataDownload"}
        dataset = {
            "@type": "Dataset",
            "@id": f"{url}#dataset",
            "name": self.title,
            "url": url,
            "isAccessibleForFree": True,
            "creator": {"@id": f"{base}/#organization"},
            "publisher": {"@id": f"{base}/#organization"},
            "distribution": [
                {**download, "encodingFormat": "text/csv", "contentUrl": csv_url},
                {**download, "encodingFormat": "application/json", "contentUrl": json_url},
            ],
            "description": self.meta_description,
            # The last time a figure or source it lists changed (pages/changes.py).
            "dateModified": self.last_modified.isoformat() if self.last_modified else None,
            "citation": [citation_node(use.source) for use in self.evidence.sources],
        }
        dataset = {key: value for key, value in dataset.items() if value}
        nodes[0]["mainEntity"] = {"@id": dataset["@id"]}
        nodes.append(dataset)
        return nodes

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A callable, so that nothing is queried when the content comes from the cache.
        context["evidence"] = lambda: self.evidence
        return context
