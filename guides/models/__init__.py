from .assessment import AssessmentPage, AssessmentQuestion
from .faq import FaqEntry
from .link_checks import SourceLinkCheck
from .pages import FaqIndexPage, GuideIndexPage, GuidePage, RelatedGuide
from .snippets import Author, Source, Statistic

__all__ = [
    "AssessmentPage",
    "AssessmentQuestion",
    "Author",
    "FaqEntry",
    "FaqIndexPage",
    "GuideIndexPage",
    "GuidePage",
    "RelatedGuide",
    "Source",
    "SourceLinkCheck",
    "Statistic",
]
