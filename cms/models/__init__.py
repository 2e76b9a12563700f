"""The portal's own models: the site and its settings (`site`), and the
ward's own pages: introduction and one-stop office (`about`), structure,
contacts and the English page (`organisation`), public documents by year
(`public_documents`); the background workers' heartbeats (`background`)."""

from .about import AboutIndexPage, InformationPage, OneStopPage
from .background import WorkerHeartbeat
from .library import CityLibraryPage
from .merged import MergedWard
from .organisation import (
    ContactsPage,
    EnglishPage,
    OfficialContact,
    OrganisationPage,
    OrganisationUnit,
)
from .public_documents import (
    DocumentListPage,
    PublicDocumentCategory,
    PublicDocumentPage,
)
from .site import BroadcastVoice, HomePage, WardPageMixin, WardSettings, ward_name

__all__ = [
    "AboutIndexPage",
    "CityLibraryPage",
    "ContactsPage",
    "DocumentListPage",
    "EnglishPage",
    "HomePage",
    "InformationPage",
    "MergedWard",
    "OfficialContact",
    "OneStopPage",
    "OrganisationPage",
    "OrganisationUnit",
    "PublicDocumentCategory",
    "PublicDocumentPage",
    "WardPageMixin",
    "WardSettings",
    "ward_name",
    "WorkerHeartbeat",
    "BroadcastVoice",
]
