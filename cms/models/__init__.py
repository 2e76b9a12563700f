"""The portal's own models: the site and its settings (`site`), and the
ward's own pages (`about`)."""

from .about import (
    AboutIndexPage,
    ContactsPage,
    DocumentListPage,
    EnglishPage,
    InformationPage,
    OfficialContact,
    OneStopPage,
    OrganisationPage,
    OrganisationUnit,
    PublicDocumentCategory,
    PublicDocumentPage,
)
from .site import HomePage, WardPageMixin, WardSettings

__all__ = [
    "AboutIndexPage",
    "ContactsPage",
    "DocumentListPage",
    "EnglishPage",
    "HomePage",
    "InformationPage",
    "OfficialContact",
    "OneStopPage",
    "OrganisationPage",
    "OrganisationUnit",
    "PublicDocumentCategory",
    "PublicDocumentPage",
    "WardPageMixin",
    "WardSettings",
]
