"""The addresses of an admin report built on Wagtail's ReportView, for every app's reports
(guides/reports/, analytics/)."""

from django.urls import path


def report_paths(view, address, name, index_url_name, **options):
    """The report page at `address` named `name`, and the results its filters reload at
    `address` + "results/"; `index_url_name` is the page's full (namespaced) name."""
    options.update(
        index_url_name=index_url_name, index_results_url_name=f"{index_url_name}_results"
    )
    return [
        path(address, view.as_view(**options), name=name),
        path(
            f"{address}results/", view.as_view(results_only=True, **options), name=f"{name}_results"
        ),
    ]
