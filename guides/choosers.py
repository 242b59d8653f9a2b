"""The statistic chooser that a statistics table opens: besides the finding, each row shows
the figure, its source, the date it was last verified and whether it is stale, so that an
editor picks the right one of several similar findings."""

from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
)

from guides.models import Statistic
from guides.models.snippets import stale_after_days
from guides.reports.stale_figures import last_verified_column, stale_column


class StatisticColumns:
    """The chooser's columns, the same as the statistics list's, the finding to click first."""

    @property
    def columns(self):
        finding = self.title_column
        finding.label, finding.accessor = "Finding", "finding"
        return [
            finding,
            Column("figure", label="Figure"),
            Column("source", label="Source"),
            last_verified_column(),
            stale_column(),
        ]

    def get_object_list(self):
        return Statistic.objects.select_related("source").annotate_stale(stale_after_days())


class StatisticChooseView(StatisticColumns, ChooseView):
    pass


class StatisticChooseResultsView(StatisticColumns, ChooseResultsView):
    pass


class StatisticChooserViewSet(SnippetChooserViewSet):
    choose_view_class = StatisticChooseView
    choose_results_view_class = StatisticChooseResultsView
