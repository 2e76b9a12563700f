"""Loudspeaker scripts an announcer can read straight off the page: a pause
between a document's number and its date, a capital at every sentence start,
no bracket or quotation mark to stumble on, and an expired notice that says
it is expired (issue 14)."""

import datetime
import random
import re
import unicodedata

import pytest

from cms.models import WardSettings
from directives.blocks import paragraphs_to_stream
from directives.loudspeaker import verbalize
from directives.loudspeaker.script import build_script
from directives.loudspeaker.verbalizer import defined_abbreviations
from tests.factories import (
    DirectivePageFactory,
    IssuingBodyFactory,
    NoticePageFactory,
)

TODAY = datetime.date(2026, 11, 26)


@pytest.fixture
def today(monkeypatch):
    """Scripts and notices ask django.utils.timezone what day it is."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)
    return TODAY


@pytest.fixture
def ward():
    return WardSettings(
        ward_name="Phường Hải Châu", hotline="0236 3822 115", broadcast_repeat=True
    )


# --- 1. A pause between a document's number and its date ---------------------


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        (
            "Chỉ thị số 29-CT/TU ngày 10/4/2024",
            "Chỉ thị số hai mươi chín của thành ủy, ngày mồng mười tháng tư năm "
            "hai nghìn không trăm hai mươi tư",
        ),
        # A comma already written is not doubled.
        (
            "Chỉ thị số 29-CT/TU, ngày 10/4/2024",
            "Chỉ thị số hai mươi chín của thành ủy, ngày mồng mười tháng tư năm "
            "hai nghìn không trăm hai mươi tư",
        ),
        # The issuer named after the date: the pause stays after the number.
        (
            "Quyết định 45/QĐ-UBND ngày 02/01/2025 của UBND phường",
            "Quyết định số bốn mươi lăm, ngày mồng hai tháng một năm hai nghìn "
            "không trăm hai mươi lăm của ủy ban nhân dân phường",
        ),
        # A date in words, after a bare "số".
        (
            "Thực hiện số 169/KH-UBND ngày 5 tháng 3 năm 2024, phường",
            "Thực hiện số một trăm sáu mươi chín kế hoạch của ủy ban nhân dân, "
            "ngày mồng năm tháng ba năm hai nghìn không trăm hai mươi tư, phường",
        ),
        (
            "Nghị định 90/2013/NĐ-CP ngày 2013-08-08",
            "Nghị định số chín mươi năm hai nghìn không trăm mười ba của chính "
            "phủ, ngày mồng tám tháng tám năm hai nghìn không trăm mười ba",
        ),
        # No date after the symbol: no pause.
        (
            "Chỉ thị 29-CT/TU về năm xây",
            "Chỉ thị số hai mươi chín của thành ủy về năm xây",
        ),
        (
            "theo 29-CT/TU năm 2024",
            "theo chỉ thị số hai mươi chín của thành ủy năm "
            "hai nghìn không trăm hai mươi tư",
        ),
    ],
)
def test_a_pause_between_the_symbol_and_its_date(text, spoken):
    assert verbalize(text) == spoken
    assert verbalize(text, script=True) == spoken[:1].upper() + spoken[1:]


# --- 2. A capital at every sentence start --------------------------------------


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        (
            "đề nghị bà con chấp hành. đường Bạch Đằng cấm xe! ủy ban hỏi: ai đến?",
            "Đề nghị bà con chấp hành. Đường Bạch Đằng cấm xe! Ủy ban hỏi: ai đến?",
        ),
        # The verbaliser's own lower-case words start a sentence.
        (
            "UBND phường thông báo. 29-CT/TU đã hết hiệu lực.",
            "Ủy ban nhân dân phường thông báo. Chỉ thị số hai mươi chín của thành "
            "ủy đã hết hiệu lực.",
        ),
        ("12 hộ đăng ký. 5 hộ vắng.", "Mười hai hộ đăng ký. Năm hộ vắng."),
        ("- ủy ban nhân dân phường", "- Ủy ban nhân dân phường"),
        # A decimal point or a bare abbreviation dot starts no sentence.
        (
            "cách mạng 4.0 tại TP.HCM",
            "Cách mạng bốn chấm không tại thành phố Hồ Chí Minh",
        ),
    ],
)
def test_every_sentence_starts_with_a_capital(text, spoken):
    assert verbalize(text, script=True) == spoken


def test_capitals_are_nfc_even_from_decomposed_text():
    decomposed = unicodedata.normalize("NFD", "đã họp. ủy ban trả lời.")
    spoken = verbalize(decomposed, script=True)
    assert spoken == "Đã họp. Ủy ban trả lời."
    assert unicodedata.is_normalized("NFC", spoken)


# --- 3. No bracket or quotation mark left to read ----------------------------


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        # Quotation marks of every kind.
        (
            'Thực hiện “5 xây, 3 chống” và phong trào "Toàn dân đoàn kết".',
            "Thực hiện năm xây, ba chống và phong trào Toàn dân đoàn kết.",
        ),
        (
            "khẩu hiệu ‘Nói không với pháo’ và «Ngày hội»",
            "Khẩu hiệu Nói không với pháo và Ngày hội",
        ),
        # Bracketed text is kept, set off with commas.
        (
            "Hội nghị Trung ương 4 (khóa XII) đã ban hành nghị quyết.",
            "Hội nghị Trung ương bốn, khóa mười hai, đã ban hành nghị quyết.",
        ),
        (
            "Nộp hồ sơ tại Bộ phận Một cửa (tầng 1, trụ sở UBND phường).",
            "Nộp hồ sơ tại Bộ phận Một cửa, tầng một, trụ sở ủy ban nhân dân phường.",
        ),
        (
            "Mọi hộ gia đình (kể cả người thuê nhà), cơ quan [trừ trường học] tham gia",
            "Mọi hộ gia đình, kể cả người thuê nhà, cơ quan, trừ trường học, tham gia",
        ),
        ("(Kèm theo danh sách các hộ)", "Kèm theo danh sách các hộ"),
        ("Lịch trực: (1) sáng; (2) chiều.", "Lịch trực: một, sáng; hai, chiều."),
        ("theo phụ lục [xem mục (2)] sau", "Theo phụ lục, xem mục, hai, sau"),
        # The abbreviation of the words just before it is not said twice...
        (
            "Ủy ban nhân dân (UBND) phường thông báo",
            "Ủy ban nhân dân phường thông báo",
        ),
        (
            "Giấy chứng nhận quyền sử dụng đất (QSDĐ), Thành phố Hồ Chí Minh "
            "(TP.HCM) và Thủ tướng Chính phủ (TTg).",
            "Giấy chứng nhận quyền sử dụng đất, Thành phố Hồ Chí Minh và Thủ tướng "
            "Chính phủ.",
        ),
        # ... even when no dictionary knows it ...
        (
            "Ban quản lý chung cư (BQLCC) họp.",
            "Ban quản lý chung cư họp.",
        ),
        # ... nor the words an abbreviation stands for, which are said instead.
        ("UBND (Ủy ban nhân dân) phường", "Ủy ban nhân dân phường"),
        ("BQLCC (Ban quản lý chung cư) họp", "Ban quản lý chung cư họp"),
        # Unpaired brackets, empty brackets, an area code.
        ("Tổ 5 (khu dân cư số 2", "Tổ năm, khu dân cư số hai"),
        ("họp ( ) xong)", "Họp xong"),
        (
            "Điện thoại (0236) 3822 115",
            "Điện thoại không hai ba sáu, ba tám hai hai, một một năm",
        ),
    ],
)
def test_brackets_and_quotation_marks_are_not_read(text, spoken):
    assert verbalize(text, script=True) == spoken


def test_outside_a_script_brackets_and_quotes_are_kept():
    assert verbalize("Trung ương 4 (khóa XII)") == "Trung ương bốn (khóa mười hai)"
    assert verbalize("“5 xây”") == "“năm xây”"


def test_defined_abbreviations():
    text = (
        "Ban quản lý chung cư (BQLCC) và Ủy ban nhân dân (UBND) phường; "
        "Hội Khuyến học (HKH), cán bộ, công chức (CBX), tổ 5 (TDP)."
    )
    # UBND and TDP are in the shipped dictionary; CBX abbreviates no words.
    assert defined_abbreviations(text) == {
        "BQLCC": "Ban quản lý chung cư",
        "HKH": "Hội Khuyến học",
    }
    assert defined_abbreviations(text, known={"HKH": "hội khuyến học"}) == {
        "BQLCC": "Ban quản lý chung cư"
    }


def test_random_script_lines_leave_nothing_unreadable():
    pieces = list('0123456789/-.,:;!? ()[]“”"‘’«»\n\tđủaTU') + [
        "ngày ",
        "29-CT/TU",
        " ngày 10/4/2024",
        "UBND",
        "Ủy ban nhân dân ",
        "(UBND)",
        " (",
        ") ",
        ". đường",
        ", ,",
        "“5 xây”",
    ]
    rng = random.Random(14)
    sentence_start = re.compile(r"(?:^|(?<=[.!?])(?<!\.\.) )[-–—•*]? ?(\w)", re.M)
    for _ in range(2_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        spoken = verbalize(text, script=True)
        assert not re.search(r"[0-9()\[\]“”\"‘’«»]", spoken), (text, spoken)
        assert "  " not in spoken and " ," not in spoken, (text, spoken)
        assert ",," not in spoken.replace(" ", ""), (text, spoken)
        assert not any(m[1].islower() for m in sentence_start.finditer(spoken)), (
            text,
            spoken,
        )
        assert unicodedata.is_normalized("NFC", spoken)


# --- Whole scripts -------------------------------------------------------------


@pytest.mark.django_db
def test_directive_script(sections, ward, today):
    page = DirectivePageFactory(
        parent=sections["DirectiveIndexPage"],
        doc_type="Chỉ thị",
        number="29-CT/TU",
        signed_on=datetime.date(2024, 4, 10),
        issuer=IssuingBodyFactory(name="Ban Thường vụ Thành ủy Đà Nẵng", level="city"),
        title="Về thực hiện “5 xây, 3 chống” trong cán bộ, công chức",
        summary=(
            "Ủy ban nhân dân (UBND) phường và các Ban quản lý chung cư (BQLCC) "
            "tổ chức tuyên truyền (trên loa, bảng tin). các BQLCC báo cáo về "
            "UBND phường trước ngày 15/5/2024."
        ),
    )
    script = build_script(page, ward)
    summary = (
        "Ủy ban nhân dân phường và các Ban quản lý chung cư tổ chức tuyên "
        "truyền, trên loa, bảng tin. Các Ban quản lý chung cư báo cáo về ủy ban "
        "nhân dân phường trước ngày mười lăm tháng năm năm hai nghìn không trăm "
        "hai mươi tư."
    )
    heading = (
        "Chỉ thị số hai mươi chín, ngày mồng mười tháng tư năm hai nghìn không "
        "trăm hai mươi tư của Ban Thường vụ Thành ủy Đà Nẵng, về thực hiện năm "
        "xây, ba chống trong cán bộ, công chức."
    )
    assert script.lines == [
        "Đài truyền thanh phường Hải Châu xin thông báo.",
        heading,
        f"Nội dung chính: {summary}",
        f"Xin nhắc lại: {heading}",
        summary,
        "Mọi ý kiến xin liên hệ đường dây nóng của phường, số không hai ba sáu, "
        "ba tám hai hai, một một năm.",
        "Đài truyền thanh phường Hải Châu vừa thông báo. Cảm ơn bà con đã lắng nghe.",
    ]
    assert (script.valid_until, script.expired) == (None, False)


@pytest.mark.django_db
def test_expired_notice_script_says_so_near_the_top(sections, ward, today):
    page = NoticePageFactory(
        parent=sections["NoticeIndexPage"],
        title="Thông báo tổng vệ sinh môi trường (đợt 2)",
        published_on=datetime.date(2026, 8, 20),
        valid_until=datetime.date(2026, 9, 2),
        posted_at="Nhà văn hóa tổ dân phố (TDP) số 5",
        body=paragraphs_to_stream(
            "UBND phường phát động tổng vệ sinh vào sáng Chủ nhật 30/8/2026."
        ),
    )
    script = build_script(page, ward)
    assert script.expired is True
    assert script.valid_until == datetime.date(2026, 9, 2)
    assert script.lines[:5] == [
        "Đài truyền thanh phường Hải Châu xin thông báo.",
        "Thông báo tổng vệ sinh môi trường, đợt hai.",
        "Lưu ý: thông báo này chỉ có hiệu lực đến hết ngày mồng hai tháng chín "
        "năm hai nghìn không trăm hai mươi sáu, nay đã hết hiệu lực.",
        "Ủy ban nhân dân phường phát động tổng vệ sinh vào sáng Chủ nhật ngày ba "
        "mươi tháng tám năm hai nghìn không trăm hai mươi sáu.",
        "Thông báo được niêm yết tại Nhà văn hóa tổ dân phố số năm.",
    ]
    # The "in force until" note is not read as if it still were.
    assert "Thông báo có hiệu lực đến hết" not in script.text


@pytest.mark.django_db
def test_notice_valid_today_is_not_expired(sections, ward, today):
    page = NoticePageFactory(
        parent=sections["NoticeIndexPage"],
        title="Thông báo lịch tiếp công dân",
        valid_until=TODAY,
    )
    script = build_script(page, ward)
    assert (script.expired, script.valid_until) == (False, TODAY)
    assert "hết hiệu lực" not in script.text
    assert (
        "Thông báo có hiệu lực đến hết ngày hai mươi sáu tháng mười một năm hai "
        "nghìn không trăm hai mươi sáu." in script.lines
    )
    # The next day the same notice is expired.
    tomorrow = TODAY + datetime.timedelta(days=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.utils.timezone.localdate", lambda *args: tomorrow)
        later = build_script(page, ward)
    assert later.expired
    assert later.lines[2].startswith("Lưu ý: thông báo này chỉ có hiệu lực")
    assert later.lines[2].endswith("nay đã hết hiệu lực.")
