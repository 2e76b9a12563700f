"""The ward's documents: directives, notices, news, campaigns and procedures,
with the lists editors keep (issuing bodies, abbreviations) and the
loudspeaker programme.

One module per family of page types; everything is re-exported here, so
``from directives.models import DirectivePage`` is the one import to use.
Docstrings on models speak to editors; they appear in the Wagtail admin.
"""

from .base import (
    BroadcastMixin,
    ContentPage,
    PosterMixin,
    SectionPage,
    visible_page,
    visible_pages,
    ward_settings_of,
)
from .broadcast import BroadcastSlot, RenditionRecord, period_of
from .campaigns import CampaignIndexPage, CampaignPage, CampaignQuerySet, CampaignSlogan
from .dissemination import (
    AiredRecord,
    LoudspeakerZone,
    PlaceKind,
    PostingPlace,
    PostingRecord,
    Priority,
    RadioSystemKey,
    Repeat,
    ResidentialGroup,
    group_name,
)
from .documents import (
    DirectiveIndexPage,
    DirectivePage,
    DirectivePageTag,
    DirectiveQuerySet,
    DirectiveStatus,
    legislation_ref,
)
from .implementing import (
    DatedQuerySet,
    ImplementsDirectivesMixin,
    linked_visible_directives,
)
from .news import ArticleIndexPage, ArticlePage
from .notices import NoticeIndexPage, NoticePage
from .originals import (
    ExtractionStatus,
    OriginalFileMixin,
    OriginalText,
)
from .procedures import (
    ProcedureField,
    ProcedureIndexPage,
    ProcedurePage,
    ProcedureQuerySet,
)
from .relations import DirectiveRelation
from .snippets import Abbreviation, IssuerLevel, IssuingBody

__all__ = [
    "AiredRecord",
    "LoudspeakerZone",
    "ExtractionStatus",
    "OriginalFileMixin",
    "OriginalText",
    "PlaceKind",
    "PostingPlace",
    "PostingRecord",
    "Priority",
    "RadioSystemKey",
    "Repeat",
    "ResidentialGroup",
    "group_name",
    "period_of",
    "Abbreviation",
    "ArticleIndexPage",
    "ArticlePage",
    "BroadcastMixin",
    "BroadcastSlot",
    "CampaignIndexPage",
    "CampaignPage",
    "CampaignQuerySet",
    "CampaignSlogan",
    "ContentPage",
    "DatedQuerySet",
    "DirectiveIndexPage",
    "DirectivePage",
    "DirectivePageTag",
    "DirectiveQuerySet",
    "DirectiveRelation",
    "DirectiveStatus",
    "ImplementsDirectivesMixin",
    "IssuerLevel",
    "IssuingBody",
    "NoticeIndexPage",
    "NoticePage",
    "PosterMixin",
    "ProcedureField",
    "ProcedureIndexPage",
    "ProcedurePage",
    "ProcedureQuerySet",
    "RenditionRecord",
    "SectionPage",
    "legislation_ref",
    "linked_visible_directives",
    "visible_page",
    "visible_pages",
    "ward_settings_of",
]
