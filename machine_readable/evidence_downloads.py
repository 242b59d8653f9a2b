"""/evidence.csv and /evidence.json: the evidence page's figures and sources as data
(docs/architecture.md, "Search engines and AI assistants")."""

import csv
import io

from django.http import Http404, HttpResponse, JsonResponse
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from guides.evidence import source_anchor
from guides.models import EvidencePage
from pages.exports import formula_safe
from pages.models import SiteSettings
from pages.seo import canonical_url
from pages.visibility import visible_pages_of_site

# The CSV's columns: one row a statistic.
CSV_HEADINGS = {
    "permalink": "Permalink",
    "finding": "Finding",
    "figure": "Figure",
    "source": "Source",
    "publisher": "Publisher",
    "source_url": "Source URL",
    "publication_date": "Publication date",
    "method_note": "Method note",
    "caveat": "Caveat",
    "last_verified": "Last verified",
    "pages": "Used on",
}


class EvidenceData:
    """The evidence of the request's site as plain values, with absolute URLs."""

    def __init__(self, request):
        self.request = request
        self.page = visible_pages_of_site(request, EvidencePage.objects).first()
        if self.page is None:
            raise Http404("This site has no live evidence page")
        self.url = canonical_url(self.page, request)
        self.evidence = self.page.evidence

    def page_link(self, page):
        return {"title": page.title, "url": canonical_url(page, self.request)}

    def source_url(self, source):
        """The source's permalink on the evidence page, its id in the JSON."""
        return f"{self.url}#{source_anchor(source)}"

    def statistic(self, use):
        """A statistic as the JSON has it, and (with its source's fields) as a CSV row."""
        statistic, source = use.statistic, use.statistic.source
        return {
            "permalink": f"{self.url}#{statistic.anchor}",
            "anchor": statistic.anchor,
            "finding": statistic.finding,
            "figure": statistic.figure,
            "caveat": statistic.caveat or None,
            "last_verified": statistic.last_verified and statistic.last_verified.isoformat(),
            "source": self.source_url(source) if source else None,
            "pages": [self.page_link(page) for page in use.pages],
        }

    def source(self, use):
        source = use.source
        return {
            "permalink": self.source_url(source),
            "name": source.name,
            "publisher": source.publisher,
            "title": source.title or None,
            "url": source.url or None,
            "publication_date": source.publication_date,
            "publication_date_label": source.date_label,
            "method_note": source.method_note or None,
            "statistics": [f"{self.url}#{statistic.anchor}" for statistic in use.statistics],
            "pages": [self.page_link(page) for page in use.pages],
        }

    def csv_rows(self):
        for use in self.evidence.statistics:
            row = self.statistic(use)
            source = use.statistic.source  # or None: then its columns are empty
            for field in ("publisher", "publication_date", "method_note"):
                row[field] = getattr(source, field, "")
            row.update(source=getattr(source, "name", ""), source_url=getattr(source, "url", ""))
            row["pages"] = " ".join(page["url"] for page in row["pages"])
            yield {name: formula_safe(row[name] or "") for name in CSV_HEADINGS}

    def headers(self, response):
        response["Link"] = f'<{self.url}>; rel="canonical"'
        response["X-Robots-Tag"] = "noindex"
        return response


@require_safe
def evidence_csv(request):
    data = EvidenceData(request)
    body = io.StringIO()
    body.write("\ufeff")  # without it, Excel reads "≈" and "→" as Windows-1252
    writer = csv.DictWriter(body, fieldnames=list(CSV_HEADINGS))
    writer.writerow(CSV_HEADINGS)
    writer.writerows(data.csv_rows())
    response = HttpResponse(body.getvalue(), content_type="text/csv; charset=utf-8; header=present")
    name = slugify(SiteSettings.for_request(request).organisation_name) or "site"
    # A file in every browser, where `inline` shows raw text in some.
    response["Content-Disposition"] = f'attachment; filename="{name}-evidence.csv"'
    return data.headers(response)


@require_safe
def evidence_json(request):
    data = EvidenceData(request)
    document = {
        "name": data.page.title,
        "url": data.url,
        "description": data.page.meta_description,
        "downloads": data.page.download_urls(request),
        "statistics": [data.statistic(use) for use in data.evidence.statistics],
        "sources": [data.source(use) for use in data.evidence.sources],
    }
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})
    return data.headers(response)
