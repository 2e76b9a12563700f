from django.contrib import messages
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from cms.feedback.forms import page_id
from directives.ward_admin import WardOwnedViewSet, refuse_other_wards, site_ids

from . import admin_views, original_views, originals
from .dissemination import wagtail_hooks as dissemination_hooks  # noqa: F401
from .models import (
    Abbreviation,
    AiredRecord,
    BroadcastSlot,
    IssuingBody,
    LoudspeakerZone,
    PostingPlace,
    PostingRecord,
    RadioSystemKey,
    ResidentialGroup,
)
from .posters import POSTER_TYPES

ORIGINAL_TEXT_JS = "directives/js/original-text.js"


class IssuingBodyViewSet(SnippetViewSet):
    model = IssuingBody
    icon = "group"
    menu_label = _("Cơ quan ban hành")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "short_name", "level"]
    list_filter = ["level"]
    # No `search_fields` here: naming fields breaks Wagtail's SQLite search
    # ("no such column", wagtail/django-modelsearch#47); the model's own
    # search fields (name and short name) are searched, accents folded.
    ordering = ["name"]


register_snippet(IssuingBodyViewSet)


class AbbreviationViewSet(SnippetViewSet):
    """Ward staff teach the loudspeaker verbaliser their own abbreviations."""

    model = Abbreviation
    icon = "openquote"
    menu_label = _("Chữ viết tắt (loa)")
    list_display = ["abbreviation", "expansion"]
    # Searched through the index, as the model declares (see IssuingBodyViewSet).


class PrefilledCreateView(CreateView):
    """A log entry starts from what the link says (`?page=`, `?slot=`,
    `?place=`) and is signed by whoever records it. It is the ward's of the
    page when the user works there."""

    prefill = ("page", "place", "zone")
    signed_by = ""

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        for name in self.prefill:
            pk = page_id(self.request.GET.get(name))
            if pk is not None and hasattr(instance, f"{name}_id"):
                setattr(instance, f"{name}_id", pk)
        if hasattr(instance, "site_id") and instance.page_id:
            site = Page.objects.filter(pk=instance.page_id).first()
            site = site.get_site() if site else None
            if site and site.pk in site_ids(self.request.user):
                instance.site = site
        if self.signed_by:
            setattr(instance, self.signed_by, self.request.user)
        return instance


class AiredCreateView(PrefilledCreateView):
    signed_by = "recorded_by"


class PostingCreateView(PrefilledCreateView):
    signed_by = "posted_by"


class BroadcastSlotViewSet(WardOwnedViewSet):
    model = BroadcastSlot
    icon = "calendar-alt"
    menu_label = _("Lịch phát thanh")
    list_display = ["day", "time", "zone_name", "priority", "page_name", "reading_time"]
    list_filter = ["priority", "zone", "day"]
    ordering = ["-day", "time", "sort_order"]
    add_view_class = PrefilledCreateView


class AiredRecordViewSet(WardOwnedViewSet):
    model = AiredRecord
    icon = "tick-inverse"
    menu_label = _("Sổ phát thanh")
    list_display = ["aired_at", "page", "zone", "duration_s", "recorded_by", "system"]
    list_filter = ["zone", "aired_at"]
    ordering = ["-aired_at"]
    add_view_class = AiredCreateView


class PostingRecordViewSet(WardOwnedViewSet):
    model = PostingRecord
    icon = "pick"
    menu_label = _("Sổ niêm yết")
    list_display = ["posted_on", "page", "place", "taken_down_on", "posted_by"]
    list_filter = ["place", "posted_on", "taken_down_on"]
    ordering = ["-posted_on"]
    add_view_class = PostingCreateView


class LoudspeakerZoneViewSet(WardOwnedViewSet):
    model = LoudspeakerZone
    icon = "site"
    menu_label = _("Cụm loa")
    list_display = ["name", "location"]


class PostingPlaceViewSet(WardOwnedViewSet):
    model = PostingPlace
    icon = "home"
    menu_label = _("Nơi niêm yết")
    list_display = ["name", "kind", "group", "state"]
    list_filter = ["kind", "active"]


class ResidentialGroupViewSet(WardOwnedViewSet):
    model = ResidentialGroup
    icon = "group"
    menu_label = _("Tổ dân phố")
    list_display = ["name", "households"]


class RadioKeyCreateView(CreateView):
    """The key is made here and shown once; only its hash is stored."""

    def save_instance(self):
        key = self.form.instance.new_key()
        instance = super().save_instance()
        messages.warning(
            self.request,
            _(
                "Khóa kết nối của %(name)s: %(key)s — chép ngay vào hệ thống "
                "truyền thanh; khóa sẽ không hiện lại."
            )
            % {"name": instance.name, "key": key},
        )
        return instance


class RadioSystemKeyViewSet(WardOwnedViewSet):
    model = RadioSystemKey
    icon = "key"
    menu_label = _("Khóa kết nối truyền thanh")
    list_display = ["name", "key_start", "state", "created_at", "last_used_at"]
    add_view_class = RadioKeyCreateView


class BroadcastViewSetGroup(SnippetViewSetGroup):
    items = (
        BroadcastSlotViewSet,
        AiredRecordViewSet,
        PostingRecordViewSet,
        LoudspeakerZoneViewSet,
        PostingPlaceViewSet,
        ResidentialGroupViewSet,
        AbbreviationViewSet,
        RadioSystemKeyViewSet,
    )
    menu_icon = "calendar"
    menu_label = _("Tuyên truyền")
    menu_order = 220


register_snippet(BroadcastViewSetGroup)


@hooks.register("before_bulk_action")
def ward_rows_only(request, action_type, objects, action_class_instance):
    refuse_other_wards(request, objects)


# Posters: preview and download on each printable page, and the print pack.


@hooks.register("register_admin_urls")
def poster_admin_urls():
    return [
        path("ap-phich/<int:page_id>/", admin_views.poster, name="directives_poster"),
        path(
            "ap-phich/in/",
            admin_views.PrintPackView.as_view(),
            name="directives_print_pack",
        ),
    ]


# The text read from an attached original (directives/originals.py).


@hooks.register("register_admin_urls")
def original_text_admin_urls():
    return [
        path(
            "ban-goc/<int:page_id>/tinh-trang/",
            original_views.status,
            name="directives_original_status",
        ),
        path(
            "ban-goc/<int:page_id>/dung-van-ban/",
            original_views.UseTextView.as_view(),
            name="directives_original_use",
        ),
        path(
            "ban-goc/<int:page_id>/doc-lai/",
            original_views.RereadView.as_view(),
            name="directives_original_reread",
        ),
    ]


@hooks.register("insert_editor_js")
def original_text_js():
    return format_html('<script src="{}"></script>', static(ORIGINAL_TEXT_JS))


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def read_attached_original(request, page):
    originals.on_page_saved(page)


@hooks.register("register_admin_menu_item")
def print_pack_menu_item():
    return MenuItem(
        _("In áp phích"),
        reverse("directives_print_pack"),
        icon_name="doc-full",
        order=230,
    )


def poster_buttons(page, priority: int, user=None):
    # specific_class comes from the content type: no query per listed page.
    if not (page.live and issubclass(page.specific_class or object, POSTER_TYPES)):
        return
    if page.get_site() is None:
        return  # the city library's: each ward prints its own copy
    url = reverse("directives_poster", args=[page.pk])
    yield Button(
        _("Xem áp phích"),
        url,
        icon_name="view",
        attrs={"target": "_blank", "rel": "noopener"},
        priority=priority,
    )
    yield Button(
        _("Tải áp phích"), f"{url}?download=1", icon_name="download", priority=priority
    )
    if user is None or not user.has_perm("directives.add_postingrecord"):
        return
    add_posting = reverse("wagtailsnippets_directives_postingrecord:add")
    yield Button(
        _("Ghi nơi niêm yết"),
        f"{add_posting}?page={page.pk}",
        icon_name="pick",
        priority=priority + 1,
    )


@hooks.register("register_page_listing_more_buttons")
def poster_listing_buttons(page, user, next_url=None):
    yield from poster_buttons(page, priority=55, user=user)


@hooks.register("register_page_header_buttons")
def poster_header_buttons(page, user, view_name, next_url=None):
    yield from poster_buttons(page, priority=66, user=user)
