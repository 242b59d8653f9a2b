"""The evidence of the live site: every statistic a live page shows, every source one cites, and
the pages that use each, for the evidence page and its downloads (docs/architecture.md)."""

from dataclasses import dataclass, field

from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.snippets.blocks import SnippetChooserBlock

from pages.blocks import stored_id, stored_leaves
from pages.visibility import visible_pages

from .models.snippets import Source, Statistic


@dataclass
class StatisticUse:
    """A statistic, with the live pages that show it, in tree order."""

    statistic: Statistic
    pages: list = field(default_factory=list)


@dataclass
class SourceUse:
    """A source, the statistics from it that live pages show, and the live pages citing it."""

    source: Source
    statistics: list = field(default_factory=list)
    pages: list = field(default_factory=list)

    @property
    def anchor(self):
        return source_anchor(self.source)


def source_anchor(source):
    """A source's place on the evidence page: sources have no slug, but a stable id."""
    return f"source-{source.pk}"


@dataclass
class Evidence:
    """Every statistic on the live site in reading order, and every cited source by name."""

    statistics: list
    sources: list


def chosen_snippets(page):
    """(model, id) of every snippet the page's StreamFields choose, in reading order."""
    for stream_field in type(page)._meta.get_fields():
        if isinstance(stream_field, StreamField):
            raw = list(getattr(page, stream_field.attname).raw_data)
            for block, value in stored_leaves(stream_field.stream_block, raw):
                if isinstance(block, SnippetChooserBlock) and stored_id(value) is not None:
                    yield block.model_class, stored_id(value)


def live_evidence(root):
    """The Evidence of the live, public pages at and under `root` (a site's home page)."""
    pages = visible_pages(Page.objects.descendant_of(root, inclusive=True)).order_by("path")
    chosen_by = {Statistic: {}, Source: {}}  # {model: {id: {page choosing it: None}}}
    for page in pages.specific():
        for model, chosen in chosen_snippets(page):
            if model in chosen_by:
                chosen_by[model].setdefault(chosen, {})[page] = None
    statistic_pages, source_pages = chosen_by[Statistic], chosen_by[Source]

    found = Statistic.objects.select_related("source").in_bulk(statistic_pages)
    statistics = [
        StatisticUse(found[pk], list(pages)) for pk, pages in statistic_pages.items() if pk in found
    ]
    sources = {use.statistic.source_id: use.statistic.source for use in statistics}
    sources.pop(None, None)  # a statistic whose source was deleted
    sources.update(Source.objects.in_bulk(set(source_pages) - set(sources)))
    cited = {pk: SourceUse(source) for pk, source in sources.items()}
    for use in statistics:
        if use.statistic.source_id in cited:
            cited[use.statistic.source_id].statistics.append(use.statistic)
            cited[use.statistic.source_id].pages += use.pages
    for pk, pages in source_pages.items():
        if pk in cited:  # a deleted source cites nothing
            cited[pk].pages += pages
    for use in cited.values():
        use.pages = sorted(set(use.pages), key=lambda page: page.path)
    by_name = sorted(cited.values(), key=lambda use: (use.source.name.casefold(), use.source.pk))
    return Evidence(statistics, by_name)
