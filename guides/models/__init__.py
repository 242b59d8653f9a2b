from .assessment import AssessmentPage, AssessmentQuestion
from .evidence import EvidencePage
from .faq import FaqEntry
from .link_checks import SourceLinkCheck
from .pages import FaqIndexPage, GuideIndexPage, GuidePage, RelatedGuide
from .snippets import Author, Source, Statistic

__all__ = [
    "AssessmentPage",
    "AssessmentQuestion",
    "Author",
    "EvidencePage",
    "FaqEntry",
    "FaqIndexPage",
    "GuideIndexPage",
    "GuidePage",
    "RelatedGuide",
    "Source",
    "SourceLinkCheck",
    "Statistic",
]
