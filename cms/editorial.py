"""The editorial workflow as the ward's staff meet it in the admin.

One path to publication: an editor (Biên tập viên) submits, a ward leader
(Lãnh đạo phường) approves, which publishes. While a page awaits her review,
the leader's menu offers "Phê duyệt và xuất bản" and not also a bare
"Xuất bản" that would skip the workflow; after her decision the message says
what happened ("Đã phê duyệt và xuất bản «…»"), from the editor and from the
dashboard's buttons alike.
"""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem, SubmenuMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page


def decision_message(page: Page, action: str) -> str | None:
    """What the approver is told after `action` on `page` (None: Wagtail's)."""
    page = Page.objects.get(pk=page.pk).specific  # as it is now, after the action
    title = page.get_admin_display_title()
    if action == "approve":
        # The whole workflow approved: the revision is published, maybe only
        # when the request's transaction commits.
        state = page.workflow_states.order_by("-created_at", "-pk").first()
        finished = (
            state is not None
            and state.status == state.STATUS_APPROVED
            and not (page.go_live_at and page.go_live_at > timezone.now())
        )
        if finished or (page.live and not page.has_unpublished_changes):
            return _("Đã phê duyệt và xuất bản «%(title)s».") % {"title": title}
        return _("Đã phê duyệt «%(title)s»; trang chuyển sang bước duyệt tiếp.") % {
            "title": title
        }
    if action == "reject":
        return _(
            "Đã yêu cầu chỉnh sửa «%(title)s»: trang trở về người soạn, chưa xuất bản."
        ) % {"title": title}
    return None


class WardEditView(EditView):
    @cached_property
    def action_name_and_method(self):
        name, method = super().action_name_and_method
        if name == "publish" and self.page.workflow_in_progress:
            # A page in review is published by approving it, not around it.
            return ("refuse_publish", self.refuse_publish)
        return name, method

    def refuse_publish(self):
        messages.error(
            self.request,
            _(
                "«%(title)s» đang chờ duyệt: hãy chọn “Phê duyệt và xuất bản” "
                "hoặc “Yêu cầu chỉnh sửa”."
            )
            % {"title": self.page.get_admin_display_title()},
        )
        return redirect("wagtailadmin_pages:edit", self.page.pk)

    def perform_workflow_action(self):
        self.decided = self.workflow_action
        return super().perform_workflow_action()

    def add_save_confirmation_message(self):
        message = decision_message(self.page, getattr(self, "decided", ""))
        if message:
            messages.success(self.request, message)
        else:
            super().add_save_confirmation_message()


class WardWorkflowActionView(WorkflowActionView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        self.task_state.refresh_from_db()
        if self.task_state.status != "in_progress":
            message = decision_message(self.object, self.action_name)
            if message:
                messages.success(request, message)
        return response


class WardPageViewSet(PageViewSet):
    edit_view_class = WardEditView
    workflow_action_view_class = WardWorkflowActionView


def without_publish_during_review(menu_items, request, context) -> None:
    """Leave the approver one way to publish a page in review: approving it."""
    if any(getattr(item, "name", "") == "approve" for item in menu_items):
        menu_items[:] = [i for i in menu_items if i.name != "action-publish"]


class EditorGuideView(WagtailAdminTemplateMixin, TemplateView):
    """The ward's editor's guide, in Vietnamese, shipped with the portal."""

    template_name = "cms/admin/guide.html"
    page_title = _("Hướng dẫn cho cán bộ biên tập")
    header_icon = "help"


def ward_help_menu(request, menu_items) -> None:
    """The help menu points to the ward's own guide, not to English pages
    on the internet ("What's new in Wagtail", "Editor Guide")."""
    menu_items[:] = [
        item
        for item in menu_items
        if item.name != "editor-guide" and not item.name.startswith("whats-new")
    ]
    menu_items.insert(
        0,
        MenuItem(
            _("Hướng dẫn cho cán bộ biên tập"),
            reverse("ward_editor_guide"),
            icon_name="help",
            name="ward-editor-guide",
            order=1000,
        ),
    )


def settings_menu_without_version(request, menu_items) -> None:
    """Wagtail signs its settings menu "Wagtail v8.0.1": the same menu, unsigned."""
    for index, item in enumerate(menu_items):
        if item.name == "settings" and isinstance(item, SubmenuMenuItem):
            menu_items[index] = SubmenuMenuItem(
                item.label,
                item.menu,
                name=item.name,
                icon_name=item.icon_name,
                order=item.order,
            )


def no_bulk_publish_during_review(request, action_type, objects, action):
    """The explorer's bulk "Xuất bản" would also skip the review of pages in
    it: refused, with the pages named, before anything is published."""
    if action_type != "publish":
        return None
    in_review = [page for page in objects if page.workflow_in_progress]
    if not in_review:
        return None
    messages.error(
        request,
        _("Không xuất bản hàng loạt được: %(titles)s đang chờ duyệt.")
        % {"titles": ", ".join(f"«{p.get_admin_display_title()}»" for p in in_review)},
    )
    return redirect(action.next_url)
