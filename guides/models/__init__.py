from .assessment import AssessmentPage, AssessmentQuestion
from .evidence import EvidencePage
from .faq import FaqEntry
from .link_checks import SourceLinkCheck
from .pages import FaqIndexPage, GuideIndexPage, GuidePage, RelatedGuide
from .profiles import ProfileIndexPage, ProfilePage
from .snippets import Source, Statistic

__all__ = [
    "AssessmentPage",
    "AssessmentQuestion",
    "EvidencePage",
    "FaqEntry",
    "FaqIndexPage",
    "GuideIndexPage",
    "GuidePage",
    "ProfileIndexPage",
    "ProfilePage",
    "RelatedGuide",
    "Source",
    "SourceLinkCheck",
    "Statistic",
]
