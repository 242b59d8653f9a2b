"""The addresses of an admin report built on Wagtail's ReportView, for every app's reports
(guides/reports/, analytics/): its page, and the results its filters reload. The templates
they share are in templates/reports/."""

from django.urls import path


def report_paths(view, address, name, index_url_name, **options):
    """The report page at `address` named `name`, and its results at `address` + "results/"
    named `name` + "_results"; `index_url_name` is the page's full name (with a namespace when
    it has one). `options` go to the view."""
    options.update(
        index_url_name=index_url_name, index_results_url_name=f"{index_url_name}_results"
    )
    return [
        path(address, view.as_view(**options), name=name),
        path(
            f"{address}results/", view.as_view(results_only=True, **options), name=f"{name}_results"
        ),
    ]
