"""Admin screens for the snippets guides are built from, grouped under one menu."""

from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from guides.models import Author, Source, Statistic


class SourceViewSet(SnippetViewSet):
    model = Source
    icon = "link"
    menu_label = "Sources"
    list_display = ["name", "publication_date", "url"]
    search_fields = ["publisher", "title"]
    ordering = ["publisher", "title"]


class StatisticViewSet(SnippetViewSet):
    model = Statistic
    icon = "table"
    menu_label = "Statistics"
    list_display = [
        Column("figure", label="Figure"),
        "finding",
        Column("source", label="Source"),
        DateColumn("last_verified", label="Last verified"),
    ]
    list_filter = ["source"]
    search_fields = ["finding", "figure"]
    ordering = ["finding"]


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Authors"
    list_display = ["name", "role"]
    search_fields = ["name"]


class GuideContentGroup(SnippetViewSetGroup):
    menu_label = "Guide content"
    menu_icon = "doc-full"
    menu_order = 200
    items = (StatisticViewSet, SourceViewSet, AuthorViewSet)


register_snippet(GuideContentGroup)
