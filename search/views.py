"""Site search."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from pages.blocks import body_text
from pages.lines import CONTROL
from pages.visibility import visible_pages_of_site
from search.highlight import extract, highlight, query_terms, trails
from search.search_rank import rank

MAX_QUERY_LENGTH = 200


def clean_query(raw):
    """The query as it will be shown, and whether it had to be cut to the maximum length."""
    # None of the control characters can be searched for.
    query = " ".join(CONTROL.sub(" ", raw).split())
    return query[:MAX_QUERY_LENGTH], len(query) > MAX_QUERY_LENGTH


def promotions(query, request):
    """The editors' promoted results for this exact query that visitors may see on this Site."""
    picks = SearchPromotion.objects.filter(
        Q(page__isnull=True) | Q(page__in=visible_pages_of_site(request, Page.objects)),
        query__query_string=normalise_query_string(query),
    ).select_related("page")
    return [
        {
            "title": pick.title,
            "url": pick.page.get_url(request) if pick.page else pick.external_link_url,
            "description": pick.description,
            "page_id": pick.page_id,
        }
        for pick in picks
    ]


def search(request):
    """Full-text search over the Site's visible pages; any input gives a page, never an error."""
    query, truncated = clean_query(request.GET.get("q", ""))
    terms = query_terms(query)
    results, promoted = None, []
    if query:
        promoted = promotions(query, request)
        pages = visible_pages_of_site(request, Page.objects)
        pages = pages.exclude(id__in=[pick["page_id"] for pick in promoted if pick["page_id"]])
        # The SQLite backend wraps each word in double quotes without escaping them, so a
        # quote in the query is a syntax error there. Quotes mean nothing to this search.
        words = query.replace('"', " ")
        matches = rank(list(pages.specific().search(words)), terms) if words.strip() else []
        # Not an integer: the first page. Past the end, or below 1: the last page.
        results = Paginator(matches, 10).get_page(request.GET.get("page"))
        for page, trail in zip(results, trails(results), strict=True):
            page.search_trail = trail
            page.search_summary = highlight(getattr(page, "summary", ""), terms)
            page.search_extract = extract(body_text(page), terms)
        if results.number > 1:
            promoted = []  # promotions lead the first page only
    response = TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "search_results": results,
            "search_promotions": promoted,
            "query_truncated": truncated,
            "noindex": True,
        },
    )
    # Results are answers to one query; there is no point in a cache keeping them.
    add_never_cache_headers(response)
    return response
