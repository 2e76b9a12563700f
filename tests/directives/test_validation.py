"""Every validation message of the directives' models (and of the admin's
print pack form), on the field the editor sees it under, in the exact
Vietnamese the admin shows."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from directives.admin_views import PrintPackForm
from directives.models import Abbreviation, BroadcastSlot
from tests.factories import (
    ArticlePageFactory,
    CampaignPageFactory,
    DirectivePageFactory,
    NoticePageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 21)
DAY_BEFORE = DAY - datetime.timedelta(days=1)


def errors(instance) -> dict[str, list[str]]:
    """What `full_clean` (as the admin form runs it) says, field by field."""
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


@pytest.fixture
def directive(sections):
    return DirectivePageFactory(
        parent=sections["DirectiveIndexPage"], number="29-CT/TU", signed_on=DAY
    )


@pytest.mark.parametrize(
    "number, message",
    [
        ("CT/TU", "Số, ký hiệu không hợp lệ: “CT/TU” (phải bắt đầu bằng số)."),
        (
            "29 CT TU",
            "Số, ký hiệu không hợp lệ: “29 CT TU” (các phần phải nối bằng “-” "
            "hoặc “/”, ví dụ 29-CT/TU).",
        ),
        (
            "05/9/2016",
            "Số, ký hiệu không hợp lệ: “05/9/2016” (thiếu ký hiệu loại văn bản "
            "và cơ quan ban hành).",
        ),
        (
            "29/CT",
            "Số, ký hiệu không hợp lệ: “29/CT” (cần có dạng như 29-CT/TU, "
            "26/CT-TTg hoặc 90/2013/NĐ-CP).",
        ),
    ],
)
def test_a_number_that_is_no_symbol_is_refused_under_the_number(
    directive, number, message
):
    directive.number = number
    assert errors(directive) == {"number": [message]}


def test_a_blank_number_is_one_message(directive):
    directive.number = ""
    assert errors(directive) == {"number": ["Trường này không được để trắng."]}


def test_a_valid_number_is_stored_in_its_printed_form(directive):
    directive.number = " 26 / ct - ttg "
    directive.full_clean()
    assert directive.number == "26/CT-TTg"


def test_a_directive_cannot_replace_itself(directive):
    directive.replaced_by = directive
    assert errors(directive) == {
        "replaced_by": ["Văn bản không thể thay thế chính nó."]
    }


def test_effective_date_cannot_come_before_the_signing_date(directive):
    directive.effective_on = DAY_BEFORE
    assert errors(directive) == {
        "effective_on": ["Ngày có hiệu lực không thể trước ngày ban hành."]
    }
    directive.effective_on = DAY  # in force the day it is signed
    directive.full_clean()


def test_a_notice_cannot_expire_before_it_is_posted(sections):
    notice = NoticePageFactory(parent=sections["NoticeIndexPage"], published_on=DAY)
    notice.valid_until = DAY_BEFORE
    assert errors(notice) == {
        "valid_until": ["Ngày hết hạn không thể trước ngày đăng."]
    }
    notice.valid_until = DAY  # valid for the one day it is posted
    notice.full_clean()


def test_a_campaign_cannot_end_before_it_starts(sections):
    campaign = CampaignPageFactory(
        parent=sections["CampaignIndexPage"], starts_on=DAY, ends_on=DAY
    )
    campaign.ends_on = DAY_BEFORE
    assert errors(campaign) == {
        "ends_on": ["Ngày kết thúc không thể trước ngày bắt đầu."]
    }


@pytest.mark.parametrize("abbreviation", ["B QL", "   ", "\u00a0"])
def test_an_abbreviation_is_one_word(db, abbreviation):
    entry = Abbreviation(abbreviation=abbreviation, expansion="ban quản lý")
    assert errors(entry) == {
        "abbreviation": ["Chữ viết tắt là một từ, không có dấu cách."]
    }


def test_an_abbreviation_is_stored_trimmed_and_composed(db):
    entry = Abbreviation(abbreviation=" BQL ", expansion="ban qua\u0309n ly\u0301 ")
    entry.full_clean()
    assert (entry.abbreviation, entry.expansion) == ("BQL", "ban quản lý")


def test_only_directives_and_notices_go_on_the_loudspeaker(sections, directive):
    article = ArticlePageFactory(parent=sections["ArticleIndexPage"])
    slot = BroadcastSlot(day=DAY, page=article)
    assert errors(slot) == {"page": ["Chỉ chọn được văn bản chỉ đạo hoặc thông báo."]}
    BroadcastSlot(day=DAY, page=directive.page_ptr).full_clean()


@pytest.mark.parametrize(
    "source, field, message",
    [
        ("pages", "pages", "Chọn ít nhất một trang."),
        ("campaign", "campaign", "Chọn một đợt tuyên truyền."),
    ],
)
def test_a_print_pack_needs_something_to_print(db, source, field, message):
    data = {"source": source, "size": "A4", "mode": "color"}
    form = PrintPackForm(data=data, user=UserFactory(is_superuser=True))
    assert not form.is_valid()
    assert form.errors == {field: [message]}
