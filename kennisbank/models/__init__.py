from .content import ContentPage
from .learning import ELearningPage
from .media import CustomDocument, CustomImage, CustomRendition
from .news import NewsFeed, NewsIndexPage, NewsPage
from .people import ContactOverviewPage, ContactPerson, RoleExplanation
from .policy import PolicyDocumentPage, PolicyVersion
from .themes import ThemePage

__all__ = [
    "ContactOverviewPage",
    "ContactPerson",
    "ContentPage",
    "CustomDocument",
    "CustomImage",
    "CustomRendition",
    "ELearningPage",
    "NewsFeed",
    "NewsIndexPage",
    "NewsPage",
    "PolicyDocumentPage",
    "PolicyVersion",
    "RoleExplanation",
    "ThemePage",
]
