"""The form residents send: one for `/gop-y/` and every page's own box."""

import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from cms.visibility import for_residents, in_site
from search import analysis

from .models import (
    AREA_MAX,
    MESSAGE_MAX,
    NAME_MAX,
    PHONE_MAX,
    Feedback,
    Topic,
    area_name,
)

PHONE = re.compile(r"^(?:\+?84|0)\d{8,10}$")
SOURCE_MAX = 200


def clean_text(value: str) -> str:
    """NFC, no control characters, no spaces at the ends."""
    return analysis.clean_controls(unicodedata.normalize("NFC", value or "")).strip()


class TextField(forms.CharField):
    """Text a resident types, cleaned (`clean_text`) before it is checked:
    a NUL is removed like every other control character, not refused, and
    the length limit counts the text as stored."""

    def to_python(self, value):
        return clean_text(super().to_python(value))


def page_id(raw) -> int | None:
    """A page id as typed in a form or a link: ASCII digits only ("²" is a
    digit `int` refuses), at most 12; None for anything else."""
    raw = str(raw or "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 12 else None


def page_for_residents(raw, site) -> Page | None:
    """The page with id `raw` when residents may see it on the ward `site`
    (the request's) and it has an address; None for anything else (not an
    id, an unknown or hidden page, another ward's page, the tree's root).
    `site` None (no ward) leaves every ward's pages."""
    pk = page_id(raw)
    if pk is None:
        return None
    page = in_site(for_residents(Page.objects.filter(pk=pk)), site).first()
    return page if page is not None and page.url else None


class FeedbackForm(forms.Form):
    topic = forms.ChoiceField(
        label=_("Bạn muốn"),
        choices=Topic.choices,
        initial=Topic.QUESTION,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Vui lòng chọn loại góp ý."),
            "invalid_choice": _("Vui lòng chọn một loại trong danh sách."),
        },
    )
    message = TextField(
        label=_("Nội dung"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Tối đa 5.000 ký tự. Xin đừng ghi số căn cước hay tài khoản."),
        error_messages={
            "required": _("Vui lòng viết nội dung góp ý."),
            "max_length": _(
                "Nội dung dài quá %(limit_value)d ký tự (hiện có %(show_value)d)."
            ),
        },
    )
    name = TextField(
        label=_("Họ tên"),
        required=False,
        max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"max_length": _("Họ tên dài quá %(limit_value)d ký tự.")},
    )
    phone = forms.CharField(
        label=_("Số điện thoại"),
        required=False,
        max_length=PHONE_MAX,
        widget=forms.TextInput(
            attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}
        ),
        error_messages={"max_length": _("Số điện thoại không đúng.")},
    )
    email = forms.EmailField(
        label=_("Thư điện tử"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Nếu có, phường gửi mã tra cứu và câu trả lời vào địa chỉ này."),
        error_messages={
            "invalid": _("Địa chỉ thư điện tử không đúng, ví dụ đúng: ten@gmail.com."),
            "max_length": _("Địa chỉ thư điện tử quá dài."),
        },
    )
    to_dan_pho = TextField(
        label=_("Tổ dân phố"),
        required=False,
        max_length=AREA_MAX,
        help_text=_("Ví dụ: Tổ 12. Giúp phường chuyển đúng nơi."),
        error_messages={
            "max_length": _("Tên tổ dân phố dài quá %(limit_value)d ký tự.")
        },
    )
    publish = forms.BooleanField(
        label=_(
            "Tôi đồng ý để phường đăng câu hỏi và câu trả lời lên mục Hỏi đáp "
            "(không kèm họ tên, số điện thoại, thư điện tử)."
        ),
        required=False,
    )
    page = forms.CharField(required=False, widget=forms.HiddenInput)
    source = forms.CharField(required=False, widget=forms.HiddenInput)
    # The honeypot: hidden from people (CSS, aria-hidden, tabindex -1);
    # form-filling robots write into it.
    website = forms.CharField(
        label=_("Để trống ô này"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, site=None, **kwargs):
        """`site`: the ward the form is sent to (the request's); the page a
        message is about must be one of its pages."""
        super().__init__(*args, **kwargs)
        self.site = site

    # message, name and tổ dân phố are TextFields: cleaned before they are
    # checked (a blank message is refused as required).

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_to_dan_pho(self):
        return area_name(self.cleaned_data["to_dan_pho"])

    def clean_phone(self):
        raw = clean_text(self.cleaned_data["phone"])
        if not raw:
            return ""
        digits = re.sub(r"[\s.\-()]", "", raw)
        if not PHONE.match(digits):
            raise forms.ValidationError(
                _("Số điện thoại không đúng, ví dụ đúng: 0905 123 456.")
            )
        return digits

    def clean_page(self):
        """The page the message is about: a page of this ward residents may
        see, or none (an unknown or hidden page, or another ward's, is
        dropped, never an error)."""
        return page_for_residents(self.cleaned_data["page"], self.site)

    def clean_source(self):
        path = clean_text(self.cleaned_data["source"])
        if not path.startswith("/") or path.startswith("//") or len(path) > SOURCE_MAX:
            return ""
        return path

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("Ô này phải để trống."))
        return ""

    def save(self, site) -> Feedback:
        data = self.cleaned_data
        page_url = data["page"].url if data["page"] else ""
        return Feedback.objects.create(
            topic=data["topic"],
            message=data["message"],
            name=data["name"],
            phone=data["phone"],
            email=data["email"],
            to_dan_pho=data["to_dan_pho"],
            may_publish=data["publish"],
            page=data["page"],
            sent_from=(data["source"] or page_url)[:SOURCE_MAX],
            site=site,
        )


class LookupForm(forms.Form):
    ma = forms.CharField(
        label=_("Mã tra cứu"),
        max_length=20,
        help_text=_("Ví dụ: GY-7K3Q-9MZA"),
        error_messages={"required": _("Vui lòng nhập mã tra cứu.")},
    )
