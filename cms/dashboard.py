"""The ward's dashboard: what the staff must do today, each with a link to
the action. Wagtail's own panels stay ("Đang chờ bạn duyệt", recent edits);
what waits for this user's approval comes first, and a long list shows its
first rows with a link to the whole of it."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import Page, WorkflowState
from wagtail.permission_policies.pages import PagePermissionPolicy

from directives.models import (
    BroadcastSlot,
    NoticePage,
    PostingRecord,
    RenditionRecord,
)
from directives.posters import POSTER_TYPES
from directives.views import RENDERABLE as BROADCAST_TYPES
from search.engines import get_engine
from search.engines.base import SearchUnavailable
from search.models import PendingUpdate

from . import background
from .login_limits import is_ward_administrator
from .wards import user_sites

LIMIT = 10
# Above the ward's panels (150–190): a leader's approvals are the day's first
# job, and Wagtail's panel renders nothing when there is nothing to review.
AWAITING_REVIEW_ORDER = 100


class WardPanel(Component):
    """One dashboard panel: a heading, a few rows, a line when empty."""

    template_name = "cms/admin/dashboard_panel.html"
    name = ""
    heading = ""
    empty = ""
    order = 0
    limit = LIMIT  # rows on the dashboard; the rest are one link away

    def __init__(self, request, limit: int | None = None):
        self.request = request
        if limit is not None:
            self.limit = limit

    @classmethod
    def shown_to(cls, user) -> bool:
        """Whether this user gets the panel (on the dashboard and in full)."""
        return True

    def my_pages(self):
        """The pages this user may edit or publish: their wards' trees, the
        library for the city's staff."""
        return PagePermissionPolicy().instances_user_has_any_permission_for(
            self.request.user, ["change", "publish"]
        )

    def my_sites(self) -> list:
        return user_sites(self.request.user)

    def window(self, rows):
        """The first rows a panel needs: one more than it shows, to know
        whether there are more (all of them when `limit` is 0)."""
        return rows[: self.limit + 1] if self.limit else rows[:]

    def rows(self) -> list[dict]:
        """[{"title", "url", "detail", "actions": [(label, url)]}]"""
        raise NotImplementedError

    def get_context_data(self, parent_context=None):
        rows = self.rows()
        more = bool(self.limit) and len(rows) > self.limit
        return {
            "panel_id": self.name,
            "heading": self.heading,
            "empty": self.empty,
            "rows": rows[: self.limit] if more else rows,
            "more": more,
            "more_url": reverse("ward_dashboard_panel", args=(self.name,)),
        }


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


class MyDraftsPanel(WardPanel):
    name = "my-drafts"
    heading = "Bản nháp của tôi"
    empty = "Bạn không có bản nháp nào đang dở."
    order = 150

    def rows(self):
        # Pages in review are the approver's now. (WorkflowState.object_id
        # is text: a join on it is a type error on PostgreSQL.)
        in_review = WorkflowState.objects.active().filter(
            base_content_type=ContentType.objects.get_for_model(Page)
        )
        pages = (
            Page.objects.filter(
                has_unpublished_changes=True, latest_revision__user=self.request.user
            )
            .exclude(
                pk__in=[int(pk) for pk in in_review.values_list("object_id", flat=True)]
            )
            .order_by("-latest_revision_created_at")
            .specific()
        )
        return [
            {
                "title": page.get_admin_display_title(),
                "url": edit_url(page),
                "detail": "Đã xuất bản, có sửa đổi chưa duyệt"
                if page.live
                else "Chưa xuất bản",
                "actions": [("Tiếp tục sửa", edit_url(page))],
            }
            for page in self.window(pages)
        ]


class ExpiringNoticesPanel(WardPanel):
    name = "expiring-notices"
    heading = "Thông báo hết hạn trong 7 ngày tới"
    empty = "Không có thông báo nào sắp hết hạn."
    order = 160

    def rows(self):
        today = timezone.localdate()
        notices = NoticePage.objects.live().filter(
            valid_until__gte=today,
            valid_until__lte=today + datetime.timedelta(7),
            pk__in=self.my_pages().values("pk"),
        )
        return [
            {
                "title": notice.title,
                "url": edit_url(notice),
                "detail": f"Hết hạn {notice.valid_until:%d/%m/%Y}",
                "actions": [("Gia hạn hoặc sửa", edit_url(notice))],
            }
            for notice in self.window(notices.order_by("valid_until", "pk"))
        ]


class ExpiredStillPostedPanel(WardPanel):
    """Notices past their date that the posting log says are still up."""

    name = "expired-still-posted"
    heading = "Thông báo hết hạn còn niêm yết"
    empty = "Không có thông báo hết hạn nào còn trên bảng tin."
    order = 165

    @classmethod
    def shown_to(cls, user) -> bool:
        return user.has_perm("directives.change_postingrecord")

    def rows(self):
        today = timezone.localdate()
        expired = NoticePage.objects.filter(valid_until__lt=today).values("pk")
        records = (
            PostingRecord.objects.still_posted(today)
            .filter(page__in=expired, place__site__in=self.my_sites())
            .select_related("place", "page")
            .order_by("posted_on", "pk")
        )
        return [
            {
                "title": record.page.title,
                "url": edit_snippet_url(record),
                "detail": f"{record.place.name} · niêm yết {record.posted_on:%d/%m/%Y}",
                "actions": [("Ghi ngày gỡ", edit_snippet_url(record))],
            }
            for record in self.window(records)
        ]


def edit_snippet_url(record) -> str:
    return reverse("wagtailsnippets_directives_postingrecord:edit", args=(record.pk,))


class TodayProgrammePanel(WardPanel):
    name = "today-programme"
    heading = "Lịch phát thanh hôm nay"
    empty = "Hôm nay chưa có bài nào trong lịch phát thanh."
    order = 170

    def rows(self):
        today_date = timezone.localdate()
        slots = [
            slot
            for slot in BroadcastSlot.objects.between(today_date, today_date)
            .filter(site__in=self.my_sites())
            .select_related("page", "zone")
            .order_by("time", "sort_order")
            if slot.occurs_on(today_date)
        ]
        today = reverse("broadcast_today")
        return [
            {
                "title": slot.page_name(),
                "url": today,
                "detail": f"{slot.time:%H:%M} · {slot.zone_name()}"
                + (
                    f" · {slot.get_priority_display()}"
                    if slot.priority != "normal"
                    else ""
                )
                + (f" · {slot.note}" if slot.note else ""),
                "actions": [
                    ("Kịch bản hôm nay", today),
                    (
                        "Sửa lượt phát",
                        reverse(
                            "wagtailsnippets_directives_broadcastslot:edit",
                            args=(slot.pk,),
                        ),
                    ),
                ],
            }
            for slot in self.window(slots)
        ]


class MissingRenditionsPanel(WardPanel):
    name = "missing-renditions"
    heading = "Chưa có áp phích hoặc kịch bản cho bản mới nhất"
    empty = "Mọi trang đang hiển thị đã có áp phích và kịch bản."
    order = 180
    limit = 5  # every publication adds two rows: keep the approvals in view

    def rows(self):
        # Newest first: what was just approved is what needs printing.
        # An expired notice is taken down, not printed or read again.
        expired = NoticePage.objects.filter(valid_until__lt=timezone.localdate())
        live = (
            Page.objects.live()
            .public()
            .exclude(pk__in=expired.values("pk"))
            .filter(pk__in=self.my_pages().values("pk"))
            .order_by("-last_published_at", "-pk")
        )
        no_poster = RenditionRecord.missing(
            live.type(*POSTER_TYPES), RenditionRecord.Kind.POSTER
        )
        no_script = RenditionRecord.missing(
            live.type(*BROADCAST_TYPES), RenditionRecord.Kind.SCRIPT
        )
        needs = {}
        for page in self.window(no_poster.specific()):
            needs.setdefault(page.pk, [page, []])[1].append(
                (
                    "Tạo áp phích",
                    reverse("directives_poster", args=(page.pk,)) + "?download=1",
                )
            )
        for page in self.window(no_script.specific()):
            needs.setdefault(page.pk, [page, []])[1].append(
                ("Tạo kịch bản", f"{page.url}loa.html")
            )
        return [
            {
                "title": page.get_admin_display_title(),
                "url": edit_url(page),
                "detail": ", ".join(label.removeprefix("Tạo ") for label, _ in actions),
                "actions": actions,
            }
            for page, actions in needs.values()
        ]


class SearchIndexPanel(WardPanel):
    """Shown only when the portal's search is behind: pages published more
    than `LATE` ago and still waiting in the outbox, or an index that cannot
    be read. Editors then know why a page is not found yet, and whom to ask."""

    name = "search-index"
    heading = "Tìm kiếm trên cổng thông tin"
    order = 190
    LATE = datetime.timedelta(minutes=2)

    def rows(self):
        if hasattr(self, "_rows"):
            return self._rows
        self._rows = []
        try:
            get_engine().stats()
        except SearchUnavailable:
            self._rows = [
                {
                    "title": "Tìm kiếm đang tạm ngưng: người dân thấy thông báo "
                    "“chưa sẵn sàng”",
                    "url": "",
                    "detail": "Người quản trị cần chạy "
                    "“python manage.py search_health --repair”.",
                    "actions": [],
                }
            ]
            return self._rows
        late = PendingUpdate.objects.filter(
            created_at__lt=timezone.now() - self.LATE
        ).order_by("pk")
        since = {}  # page id -> its oldest waiting row's time
        for page_id, created in late.values_list("page_id", "created_at")[:200]:
            since.setdefault(page_id, created)
        pages = self.my_pages().filter(pk__in=since).specific()
        self._rows = [
            {
                "title": page.get_admin_display_title(),
                "url": edit_url(page),
                "detail": "chờ vào chỉ mục tìm kiếm từ "
                + timezone.localtime(since[page.pk]).strftime("%H:%M %d/%m/%Y"),
                "actions": [],
            }
            for page in pages
        ]
        return self._rows

    def render_html(self, parent_context=None):
        # Nothing wrong: no panel at all.
        return super().render_html(parent_context) if self.rows() else ""


class BackgroundJobsPanel(WardPanel):
    """Shown only when something is wrong with the background work: a
    queue has jobs and no worker takes them (to everyone: it explains why a
    page is not found by search yet, or has no audio), or jobs failed (to
    administrators, who can run them again)."""

    name = "background-jobs"
    heading = "Việc chạy nền"
    order = 195

    def rows(self):
        if hasattr(self, "_rows"):
            return self._rows
        admin = is_ward_administrator(self.request.user)
        screen = reverse("ward_background_jobs") if admin else ""
        actions = [("Xem hàng đợi", screen)] if admin else []
        self._rows = []
        for queue in background.queue_state():
            if queue.stalled:
                self._rows.append(
                    {
                        "title": f"{queue.name}: {queue.waiting} việc đang chờ, "
                        "không có bộ xử lý nào chạy",
                        "url": screen,
                        "detail": "Trang mới xuất bản chưa tìm thấy được, âm thanh "
                        "và áp phích chưa dựng sẵn cho đến khi bộ xử lý chạy lại. "
                        "Người quản trị cần chạy “python manage.py run_worker "
                        f"--backend {queue.backend}”.",
                        "actions": actions,
                    }
                )
            elif admin and queue.failed:
                self._rows.append(
                    {
                        "title": f"{queue.name}: {queue.failed} việc bị lỗi",
                        "url": screen,
                        "detail": "Đã thử hết số lần; xem lỗi và chạy lại.",
                        "actions": actions,
                    }
                )
        return self._rows

    def render_html(self, parent_context=None):
        # Nothing wrong: no panel at all.
        return super().render_html(parent_context) if self.rows() else ""


PANELS = [
    MyDraftsPanel,
    ExpiringNoticesPanel,
    ExpiredStillPostedPanel,
    TodayProgrammePanel,
    MissingRenditionsPanel,
    SearchIndexPanel,
    BackgroundJobsPanel,
]


def register_panel(panel: type[WardPanel]) -> type[WardPanel]:
    """Another app's panel (from its `wagtail_hooks`), on the dashboard and
    behind its "Xem tất cả" link like the ward's own."""
    if panel not in PANELS:
        PANELS.append(panel)
    return panel


def add_ward_panels(request, panels) -> None:
    for panel in panels:
        if isinstance(panel, WorkflowObjectsToModeratePanel):
            panel.order = AWAITING_REVIEW_ORDER
    panels.extend(panel(request) for panel in PANELS if panel.shown_to(request.user))


class PanelView(WagtailAdminTemplateMixin, TemplateView):
    """One dashboard panel in full: where "Xem tất cả" leads."""

    template_name = "cms/admin/dashboard_panel_page.html"
    header_icon = "list-ul"

    def dispatch(self, request, name):
        panels = {panel.name: panel for panel in PANELS if panel.shown_to(request.user)}
        if name not in panels:
            raise Http404
        self.panel = panels[name](request, limit=0)
        return super().dispatch(request, name)

    def get_page_title(self):
        return self.panel.heading

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Trang quản trị")},
            {"url": "", "label": self.panel.heading},
        ]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "panel": self.panel}
