"""The admin form every page type of the portal edits with.

A new page saves on the first try with only its required fields: the slug
("đường dẫn") is filled from the title while the editor types (Wagtail's
`TitleFieldPanel` sync, taught Vietnamese by `analysis.slug_transliterations`)
and, if it is still empty, on the server from the page's own `default_slug()`
(a directive's comes from its number), made unique among its siblings.
"""

import copy

from django import forms
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.auth import LoginForm
from wagtail.admin.widgets import SlugInput
from wagtail.models import Page

from search import analysis

from .widgets import FilterableCheckboxes


def label_pages(field: forms.ModelMultipleChoiceField) -> None:
    """Show each page as the admin names it ("Chỉ thị 29-CT/TU — trích yếu")
    in a checkbox list the editor can filter by number or title."""
    field.label_from_instance = lambda page: page.get_admin_display_title()
    field.widget = FilterableCheckboxes(choices=field.choices)


class WardPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        slug = self.fields.get("slug")
        if slug is not None:
            slug.required = False
            slug.widget = SlugInput(
                attrs=slug.widget.attrs,
                formatters=analysis.slug_transliterations(),
            )
            slug.help_text = _(
                "Phần cuối địa chỉ trang, chỉ gồm chữ không dấu, số và dấu “-”. "
                "Để trống: tự tạo từ tiêu đề."
            )
        for field in self.fields.values():
            if isinstance(field, TagField):
                # taggit's own help text is English.
                field.help_text = _(
                    "Các chủ đề, cách nhau bằng dấu phẩy, ví dụ: an ninh trật tự, "
                    "môi trường."
                )
            if isinstance(field, forms.ModelMultipleChoiceField) and issubclass(
                field.queryset.model, Page
            ):
                label_pages(field)

    def clean(self):
        cleaned_data = super().clean()
        if "slug" in self.fields and not cleaned_data.get("slug") and not self.errors:
            cleaned_data["slug"] = self.unique_slug(
                self.draft_instance().default_slug()
            )
        return cleaned_data

    def draft_instance(self) -> Page:
        """A copy of the page with the form's values, to compute defaults from."""
        return construct_instance(self, copy.copy(self.instance))

    def unique_slug(self, base: str) -> str:
        base = base or "trang"
        candidate, suffix = base, 1
        while not Page._slug_is_available(candidate, self.parent_page, self.instance):
            suffix += 1
            candidate = f"{base}-{suffix}"
        return candidate


class WardLoginForm(LoginForm):
    """Wagtail's login form, with the password field labelled: without a label
    Django shows its field name, "Password", in English."""

    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"placeholder": _("Nhập mật khẩu")}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail's "Nhập Tên đăng nhập của bạn" capitalises mid-sentence.
        self.fields["username"].widget.attrs["placeholder"] = _("Nhập tên đăng nhập")
