"""The Atom feed of live guides."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from guides.models import GuidePage
from pages.models import SiteSettings
from pages.seo import canonical_url


class GuidesFeed(Feed):
    feed_type = Atom1Feed
    link = "/guides/"

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return f"{SiteSettings.for_request(self.request).organisation_name} guides"

    def subtitle(self):
        return SiteSettings.for_request(self.request).description

    def items(self):
        return (
            GuidePage.objects.live()
            .public()
            .filter(noindex=False)
            .defer_streamfields()
            .select_related("author")
            .order_by("-last_updated", "-first_published_at")[:50]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return canonical_url(item, self.request)

    def item_pubdate(self, item):
        return item.published

    def item_updateddate(self, item):
        return item.last_modified

    def item_author_name(self, item):
        return item.author.name if item.author else None
