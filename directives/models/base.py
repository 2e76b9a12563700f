"""What every page of the portal's documents shares: the content page with
its renditions, the mixins of the pages that go on the loudspeakers and the
notice board, the section page that lists them, and the rule for linked
pages a resident may see."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    TitleFieldPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.query import PageQuerySet

from cms.models import WardPageMixin, WardSettings
from cms.structured_data import StructuredDataMixin
from cms.visibility import ListedPage, for_residents, listed_count

from ..blocks import BodyBlock, stream_to_text
from ..loudspeaker import speech
from ..loudspeaker.script import Script, build_script, paragraphs
from .snippets import Abbreviation


class ContentPage(StructuredDataMixin, WardPageMixin, ListedPage, Page):
    """Shared behaviour of every document page: body text, kind, citations."""

    body = StreamField(
        BodyBlock(),
        verbose_name=_("nội dung"),
        blank=True,
        help_text=_("Toàn văn: đoạn văn, tiêu đề mục, danh sách, trích dẫn."),
    )

    kind = ""  # directive, notice, article, campaign: the API's "kind"
    kind_label = ""  # what a resident calls it: on share cards and Zalo text

    class Meta:
        abstract = True

    @cached_property
    def body_text(self) -> str:
        return stream_to_text(self.body)

    def renditions(self) -> list[tuple[str, str]]:
        """(label, url) of the printable and spoken versions of this page."""
        return []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A draft in preview has no poster or script yet, and a city-library
        # page no address of its own (each ward's copy has): no dead links.
        context["renditions"] = self.renditions() if self.live and self.url else []
        return context


class BroadcastMixin:
    """Directives and notices are read on the loudspeakers: link the script.

    A page type says what it says on air (`script_*`); `build_script` adds the
    station's opening and closing lines and writes every number out."""

    def renditions(self) -> list[tuple[str, str]]:
        url = self.url
        return super().renditions() + [
            (_("Kịch bản đọc trên loa"), f"{url}loa.html"),
            (_("Tải kịch bản (.txt)"), f"{url}loa.txt"),
        ]

    def script_heading(self) -> str:
        return f"{self.title}."

    def script_body(self) -> list[str]:
        return paragraphs(self.body_text)

    def script_notes(self) -> list[str]:
        """Lines after the body (a notice's validity and where it is posted)."""
        return []

    def script_reminder(self) -> list[str]:
        """What is read again at the end when the ward repeats the essentials."""
        return [f"Xin nhắc lại: {self.script_heading()}"]

    def script_issuer(self) -> str:
        """The issuing body, which decides how an ambiguous code is read."""
        return ""

    def script_valid_until(self):
        """The last day this page may be read on air (None: no end). A script
        read after it says so, and is marked `expired`."""
        return None

    def broadcast_script(self, ward) -> Script:
        """This page's script for the loudspeakers, with the ward's own
        abbreviations (admin snippet) over the shipped dictionary."""
        return build_script(self, ward, Abbreviation.as_dict())

    def reading_minutes(self, ward) -> int:
        return self.broadcast_script(ward).minutes

    def broadcast_player(self, ward, script=None) -> dict:
        """What the audio player shows: the rendered audio (duration from its
        samples) or, before it is rendered, the estimate at the ward's rate."""
        script = script or self.broadcast_script(ward)
        audio = speech.audio_info(self, ward, script=script)
        return {
            "url": self.url,
            "slug": self.slug,
            "audio": audio,
            "minutes": script.minutes,
            "rate": script.words_per_minute,
            # Without a rendering and without espeak-ng: no player to fail.
            "playable": audio is not None or speech.engine_installed(),
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        ward = WardSettings.for_request(request)
        script = self.broadcast_script(ward)
        context["reading_minutes"] = script.minutes
        if self.live:
            context["broadcast"] = self.broadcast_player(ward, script)
        return context


class PosterMixin:
    """Directives, notices and campaigns print as posters for the notice board.

    A page type says what its poster shows: the big word above the headline
    (`poster_label`), the text (`poster_text`), the directives it lists."""

    @property
    def poster_label(self) -> str:
        return self.kind_label

    def poster_text(self) -> str:
        return self.summary or ""

    def poster_directives(self) -> list:
        return []

    def renditions(self) -> list[tuple[str, str]]:
        return super().renditions() + [
            (_("Áp phích để in (PDF, A4)"), f"{self.url}poster.pdf"),
        ]


def ward_settings_of(page):
    """The WardSettings of the Site that serves `page` (None outside any)."""
    return WardSettings.for_page(page)


def visible_pages(queryset: PageQuerySet, ids) -> dict:
    """{pk: page} of the pages among `ids` that a resident may see (live and
    public): for links held in memory, which preview cannot query."""
    ids = {pk for pk in ids if pk}
    return for_residents(queryset.filter(pk__in=ids)).in_bulk() if ids else {}


def visible_page(model, pk):
    """The page `pk` of `model` if a resident may see it, else None."""
    return visible_pages(model.objects.all(), [pk]).get(pk)


class SectionPage(WardPageMixin, Page):
    """A section of the portal; lists its children."""

    intro = RichTextField(
        _("giới thiệu"), blank=True, features=["bold", "italic", "link"]
    )
    content_panels = [TitleFieldPanel("title"), FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    max_count = 1
    per_page = 20

    class Meta:
        abstract = True

    def paginate(
        self, request, queryset, param: str = "page", count_key=None, since=None
    ):
        """A page of `queryset`; with `count_key` (what chose its rows: the
        filters, which list) and `since` (a time taken before it was made),
        a list read from `listed_in` whose count is kept
        (cms.visibility.listed_count)."""
        paginator = Paginator(queryset, self.per_page)
        if count_key is not None:
            paginator.count = listed_count(queryset, (self.pk, *count_key), since)
        return paginator.get_page(request.GET.get(param))
