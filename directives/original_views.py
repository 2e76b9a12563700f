"""Admin views for the text read from a page's original: its status (polled
by the edit screen while the worker reads), "Dùng văn bản trích xuất" (the
text becomes the body of a new draft, for the editor to review) and "Đọc
lại". Each acts on the page's latest revision, for those who may edit it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from .originals import PAGE_TYPES, body_from_reading, request_reading
from .panels import original_text_context


def editable_page(request, page_id: int):
    """The latest revision of a directive or notice this user may edit."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, PAGE_TYPES) or page.alias_of_id:
        raise Http404
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page.get_latest_revision_as_object()


def status(request, page_id: int):
    """The panel's content, as the edit screen shows it (polled while the
    reading runs)."""
    page = editable_page(request, page_id)
    html = render_to_string(
        "directives/panels/original_text.html",
        original_text_context(page),
        request=request,
    )
    return HttpResponse(html)  # the admin's responses are never cached


class OriginalActionView(WagtailAdminTemplateMixin, TemplateView):
    """A confirmation page (GET), then the action (POST), back to the editor."""

    template_name = "directives/admin/original_action.html"
    header_icon = "doc-full"

    def dispatch(self, request, page_id: int, *args, **kwargs):
        self.page = editable_page(request, page_id)
        self.edit_url = reverse("wagtailadmin_pages:edit", args=[page_id])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": self.edit_url, "label": self.page.get_admin_display_title()},
            {"url": None, "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(original_text_context(self.page))
        context.update(edit_url=self.edit_url, action=self)
        return context


class RereadView(OriginalActionView):
    page_title = gettext_lazy("Đọc lại bản gốc")
    question = gettext_lazy(
        "Đọc lại tệp bản gốc? Kết quả cũ được thay bằng kết quả mới khi đọc xong; "
        "nội dung trang không thay đổi."
    )
    submit_label = gettext_lazy("Đọc lại")

    def post(self, request, *args, **kwargs):
        if self.page.original_file is None:
            messages.error(request, _("Trang chưa gắn bản gốc để đọc."))
            return redirect(self.edit_url)
        request_reading(self.page.original_file, force=True)
        messages.success(
            request,
            _(
                "Đã yêu cầu đọc lại «%(title)s». Kết quả hiện ở mục "
                "Văn bản trích từ bản gốc khi xong."
            )
            % {"title": self.page.original_file.title},
        )
        return redirect(self.edit_url)


class UseTextView(OriginalActionView):
    page_title = gettext_lazy("Dùng văn bản trích xuất")
    question = gettext_lazy(
        "Thay phần Nội dung của trang bằng văn bản đọc được từ bản gốc? Trang được "
        "lưu thành bản nháp mới (chưa xuất bản); những thay đổi chưa lưu trên màn "
        "hình sửa sẽ mất. Sau đó hãy đọc soát, sửa lỗi nhận dạng rồi mới gửi duyệt."
    )
    submit_label = gettext_lazy("Dùng văn bản này")

    def post(self, request, *args, **kwargs):
        reading = self.page.extracted_text()
        if reading is None:
            messages.error(request, _("Bản gốc chưa có văn bản trích xuất để dùng."))
            return redirect(self.edit_url)
        lock = self.page.get_lock()
        if lock is not None and lock.for_user(request.user):
            messages.error(request, _("Trang đang bị khóa: không thể thay nội dung."))
            return redirect(self.edit_url)
        self.page.body = body_from_reading(reading)
        # A draft may lack required fields (Wagtail saves drafts unchecked):
        # this draft is no different; checks come when it is submitted.
        self.page.save_revision(user=request.user, log_action=True, clean=False)
        messages.success(
            request,
            _(
                "Đã đưa văn bản trích xuất vào phần Nội dung (bản nháp). Hãy đọc soát "
                "với bản gốc trước khi gửi duyệt."
            ),
        )
        return redirect(self.edit_url)
