"""The loudspeaker script: every number, date, symbol and abbreviation spoken."""

import json
import random
import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from directives.loudspeaker import number_to_words, verbalize
from directives.vocabulary import ABBREVIATIONS, SYMBOL_ISSUERS, SYMBOL_TYPES

DEV_EXAMPLES = (
    Path(__file__).resolve().parents[3] / "shared" / "eval" / "verbalize_dev.jsonl"
)

# --- A strict Vietnamese words-to-number parser ------------------------------
# It accepts only the canonical forms (mốt, tư, lăm, linh, "không trăm" inside
# a number), so a round trip checks the spelling, not just the value.

DIGIT_VALUES = {
    "không": 0,
    "một": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
}
UNITS_AFTER_LINH = {w: v for w, v in DIGIT_VALUES.items() if v}
UNITS_AFTER_MUOI = {**UNITS_AFTER_LINH, "lăm": 5}
del UNITS_AFTER_MUOI["năm"]
UNITS_AFTER_MUOI_TENS = {**UNITS_AFTER_MUOI, "mốt": 1, "tư": 4}
del UNITS_AFTER_MUOI_TENS["một"], UNITS_AFTER_MUOI_TENS["bốn"]
SCALES = {"nghìn": 10**3, "triệu": 10**6}


@cache
def parse_group(words: tuple, leading: bool) -> int:
    """A group below one thousand; groups after the first always say "trăm"."""
    value, rest = 0, words
    if len(words) >= 2 and words[1] == "trăm":
        value, rest = 100 * DIGIT_VALUES[words[0]], words[2:]
    elif not leading:
        raise ValueError(f"inner group without hundreds: {words}")
    if not rest:
        pass
    elif rest[0] == "linh" and rest != words and len(rest) == 2:
        value += UNITS_AFTER_LINH[rest[1]]
    elif rest[0] == "mười" and len(rest) <= 2:
        value += 10 + (UNITS_AFTER_MUOI[rest[1]] if len(rest) == 2 else 0)
    elif len(rest) in (2, 3) and rest[1] == "mươi" and DIGIT_VALUES[rest[0]] >= 2:
        value += 10 * DIGIT_VALUES[rest[0]]
        value += UNITS_AFTER_MUOI_TENS[rest[2]] if len(rest) == 3 else 0
    elif len(rest) == 1 and rest == words:
        value += UNITS_AFTER_LINH[rest[0]]
    else:
        raise ValueError(f"not a number group: {words}")
    if not value or (leading and words[0] == "không"):
        raise ValueError(f"empty or zero-led group: {words}")
    return value


def words_to_number(text: str) -> int:
    words = text.split()
    if words == ["không"]:
        return 0
    total = block = 0
    group: list[str] = []
    last_scale = None
    index = 0
    while index < len(words):
        word = words[index]
        if word in SCALES:
            if not group or (last_scale and SCALES[word] >= last_scale):
                raise ValueError(f"misplaced {word}: {text}")
            leading = not (total or block)
            block += parse_group(tuple(group), leading) * SCALES[word]
            last_scale, group = SCALES[word], []
        elif word == "tỷ":
            billions = 0
            while index < len(words) and words[index] == "tỷ":
                billions, index = billions + 1, index + 1
            if group:
                block += parse_group(tuple(group), not (total or block))
            if not block:
                raise ValueError(f"tỷ of nothing: {text}")
            total += block * 10 ** (9 * billions)
            block, group, last_scale = 0, [], None
            continue
        else:
            group.append(word)
        index += 1
    if group:
        block += parse_group(tuple(group), not (total or block))
    return total + block


# --- Numbers -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "không"),
        (1, "một"),
        (4, "bốn"),
        (5, "năm"),
        (10, "mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (31, "ba mươi mốt"),
        (101, "một trăm linh một"),
        (104, "một trăm linh bốn"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (205, "hai trăm linh năm"),
        (1000, "một nghìn"),
        (1005, "một nghìn không trăm linh năm"),
        (2010, "hai nghìn không trăm mười"),
        (2018, "hai nghìn không trăm mười tám"),
        (10_000, "mười nghìn"),
        (1_000_050, "một triệu không trăm năm mươi"),
        (1_500_000, "một triệu năm trăm nghìn"),
        (10**9, "một tỷ"),
        (10**9 + 5, "một tỷ không trăm linh năm"),
        (10**12, "một nghìn tỷ"),
        (1_500 * 10**9, "một nghìn năm trăm tỷ"),
        (10**18, "một tỷ tỷ"),
        (-21, "âm hai mươi mốt"),
    ],
)
def test_number_to_words(number, words):
    assert number_to_words(number) == words


def test_every_integer_to_a_million_round_trips():
    for number in range(1_000_001):
        assert words_to_number(number_to_words(number)) == number, number


def test_random_integers_to_a_trillion_round_trip():
    rng = random.Random(20240601)
    for _ in range(50_000):
        number = rng.randrange(10 ** rng.randint(1, 12) + 1)
        assert words_to_number(number_to_words(number)) == number, number


def test_huge_numbers_never_raise():
    assert number_to_words(10**30).endswith("tỷ tỷ tỷ")
    assert words_to_number(number_to_words(10**27 + 7)) == 10**27 + 7
    assert len(number_to_words(10**5000)) > 0


# --- verbalize: exact scripts --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        # Numbers in running text.
        ("có 48 cán bộ, công chức", "có bốn mươi tám cán bộ, công chức"),
        ("2 tổ kiểm tra", "hai tổ kiểm tra"),
        ("năm 2010", "năm hai nghìn không trăm mười"),
        ("tổ dân phố số 31", "tổ dân phố số ba mươi mốt"),
        ("Hội nghị Trung ương 6 khóa XI", "Hội nghị Trung ương sáu khóa mười một"),
        ("Mức phạt 2.000.000 đồng", "Mức phạt hai triệu đồng"),
        ("1.500.000", "một triệu năm trăm nghìn"),
        ("12,5", "mười hai phẩy năm"),
        ("mức 12,05 và 3,14", "mức mười hai phẩy không năm và ba phẩy mười bốn"),
        ("cách mạng 4.0", "cách mạng bốn chấm không"),
        ("“5 xây, 3 chống”", "“năm xây, ba chống”"),
        (
            "giai đoạn 2016-2020",
            "giai đoạn hai nghìn không trăm mười sáu đến hai nghìn không trăm hai mươi",
        ),
        ("dịch COVID-19", "dịch cô-vít mười chín"),
        # Dates.
        (
            "Ngày 20/04/2018, Thị ủy họp.",
            "Ngày hai mươi tháng tư năm hai nghìn không trăm mười tám, Thị ủy họp.",
        ),
        ("16/02/2017", "ngày mười sáu tháng hai năm hai nghìn không trăm mười bảy"),
        (
            "ngày 16/02/2017",
            "ngày mười sáu tháng hai năm hai nghìn không trăm mười bảy",
        ),
        ("5/9/2016", "ngày mồng năm tháng chín năm hai nghìn không trăm mười sáu"),
        ("14/4", "ngày mười bốn tháng tư"),
        ("ngày 25/12", "ngày hai mươi lăm tháng mười hai"),
        (
            "ngày 01 tháng 4 năm 2020",
            "ngày mồng một tháng tư năm hai nghìn không trăm hai mươi",
        ),
        ("tháng 1, tháng 4, tháng 12", "tháng một, tháng tư, tháng mười hai"),
        ("tháng 4/2020", "tháng tư năm hai nghìn không trăm hai mươi"),
        ("2016-09-05", "ngày mồng năm tháng chín năm hai nghìn không trăm mười sáu"),
        (
            "từ 01/11 - 30/11",
            "từ ngày mồng một tháng mười một đến ngày ba mươi tháng mười một",
        ),
        ("ngày 24/7", "ngày hai mươi tư tháng bảy"),
        ("trực 24/7", "trực hai mươi tư trên bảy"),
        ("hoạt động 24/24h", "hoạt động hai mươi tư trên hai mươi tư giờ"),
        # Times.
        ("lúc 17 giờ 15 phút", "lúc mười bảy giờ mười lăm phút"),
        ("17:15", "mười bảy giờ mười lăm phút"),
        ("7 giờ 30", "bảy giờ ba mươi"),
        ("7h30", "bảy giờ ba mươi"),
        ("lúc 7 giờ 00", "lúc bảy giờ"),
        ("từ 7h30 đến 11h30", "từ bảy giờ ba mươi đến mười một giờ ba mươi"),
        ("7h30-11h30", "bảy giờ ba mươi đến mười một giờ ba mươi"),
        ("mở cửa 24h", "mở cửa hai mươi tư giờ"),
        # Percentages, units, money.
        ("tỷ lệ hài lòng đạt 97%", "tỷ lệ hài lòng đạt chín mươi bảy phần trăm"),
        ("12,5%", "mười hai phẩy năm phần trăm"),
        (
            "120 m², 50m2, 3 ha, 5 kg, 2 tấn",
            "một trăm hai mươi mét vuông, năm mươi mét vuông, ba héc ta, "
            "năm ki lô gam, hai tấn",
        ),
        (
            "60 km/h trên 5km đường",
            "sáu mươi ki lô mét trên giờ trên năm ki lô mét đường",
        ),
        (
            "500.000đ, 200.000 VNĐ, 1.500.000 VND",
            "năm trăm nghìn đồng, hai trăm nghìn đồng, một triệu năm trăm nghìn đồng",
        ),
        ("Đơn vị tính: VNĐ", "Đơn vị tính: đồng"),
        # Phone numbers.
        ("0236.3822.123", "không hai ba sáu, ba tám hai hai, một hai ba"),
        ("0905 123 456", "không chín không năm, một hai ba, bốn năm sáu"),
        ("gọi 0905123456", "gọi không chín không năm, một hai ba, bốn năm sáu"),
        ("hotline 1022", "hotline một không hai hai"),
        ("Đường dây nóng: 113", "Đường dây nóng: một một ba"),
        # Ordinals and Roman numerals in context.
        ("thứ 2, thứ 4, lần thứ 1, thứ 7", "thứ hai, thứ tư, lần thứ nhất, thứ bảy"),
        ("khóa XII, khoá XI, quý III", "khóa mười hai, khóa mười một, quý ba"),
        ("Đại hội lần thứ IV", "Đại hội lần thứ tư"),
        ("Đại hội XIII", "Đại hội mười ba"),
        ("kỳ họp thứ X", "kỳ họp thứ mười"),
        ("Chương II, Mục I", "Chương hai, Mục một"),
        ("Trung ương 4 (khóa XII)", "Trung ương bốn (khóa mười hai)"),
        ("Vua XI và MIX", "Vua XI và MIX"),
        # Document symbols.
        ("Nghị quyết số 04-NQ/TW", "Nghị quyết số bốn của trung ương"),
        ("Quyết định 45/QĐ-UBND", "Quyết định số bốn mươi lăm của ủy ban nhân dân"),
        ("Chỉ thị 29-CT/TU", "Chỉ thị số hai mươi chín của thành ủy"),
        ("29-CT/TU", "chỉ thị số hai mươi chín của thành ủy"),
        ("số 29-CT/TU", "số hai mươi chín chỉ thị của thành ủy"),
        ("Số: 12-CT/TU", "Số mười hai chỉ thị của thành ủy"),
        ("26/CT-TTg", "chỉ thị số hai mươi sáu của thủ tướng chính phủ"),
        (
            "Nghị định 90/2013/NĐ-CP",
            "Nghị định số chín mươi năm hai nghìn không trăm mười ba của chính phủ",
        ),
        ("169/KH-UBND", "kế hoạch số một trăm sáu mươi chín của ủy ban nhân dân"),
        ("36-HD/VPTW", "hướng dẫn số ba mươi sáu của văn phòng trung ương"),
        (
            "35/2021/TT-BTC",
            "thông tư số ba mươi lăm năm hai nghìn không trăm hai mươi mốt "
            "của bộ tài chính",
        ),
        (
            "12/2019/TT-BCT",
            "thông tư số mười hai năm hai nghìn không trăm mười chín "
            "của bộ công thương",
        ),
        ("Chỉ thị số 05-CT/TW của Bộ Chính trị", "Chỉ thị số năm của Bộ Chính trị"),
        (
            "Chỉ thị số 26/CT-TTg ngày 5/9/2016 của Thủ tướng Chính phủ",
            "Chỉ thị số hai mươi sáu, ngày mồng năm tháng chín năm hai nghìn "
            "không trăm mười sáu của Thủ tướng Chính phủ",
        ),
        (
            "Công văn 123/UBND-VP",
            "Công văn số một trăm hai mươi ba của ủy ban nhân dân văn phòng",
        ),
        # Abbreviations.
        ("UBND quận Hải Châu", "ủy ban nhân dân quận Hải Châu"),
        ("Giấy chứng nhận QSDĐ", "Giấy chứng nhận quyền sử dụng đất"),
        (
            "TP. Đà Nẵng, TX. Giá Rai, TP.HCM",
            "thành phố Đà Nẵng, thị xã Giá Rai, thành phố Hồ Chí Minh",
        ),
        ("CBCCVC và CBCC", "cán bộ, công chức, viên chức và cán bộ, công chức"),
        (
            "công tác PCCC, ATGT, TTHC",
            "công tác phòng cháy, chữa cháy, an toàn giao thông, thủ tục hành chính",
        ),
        ("UBND TP", "ủy ban nhân dân thành phố"),
        ("HĐTĐKT phường", "hội đồng thi đua, khen thưởng phường"),
        (
            "MTTQ, HĐND, BCH, UBKT",
            "mặt trận tổ quốc, hội đồng nhân dân, ban chấp hành, ủy ban kiểm tra",
        ),
        ("TDPs và UBNDx", "TDPs và UBNDx"),
        # Tone placement and pass-through.
        (
            "Hoà Cường, thuỷ lợi, khoẻ, quý khách",
            "Hòa Cường, thủy lợi, khỏe, quý khách",
        ),
        ("hoàn thành, khuỷu tay", "hoàn thành, khuỷu tay"),
        ("Phường Thạch Thang, quận Hải Châu.", "Phường Thạch Thang, quận Hải Châu."),
    ],
)
def test_verbalize(text, spoken):
    assert verbalize(text) == spoken


def test_custom_abbreviations_extend_and_override():
    extra = {"BQLCC": "ban quản lý chung cư", "TDP": "tổ dân phố số", "F0": "ca F0"}
    assert verbalize("BQLCC và TDP", abbreviations=extra) == (
        "ban quản lý chung cư và tổ dân phố số"
    )
    assert verbalize("có 3 F0", abbreviations=extra) == "có ba ca F không"
    # The shipped dictionary is untouched by a call that extends it.
    assert verbalize("TDP") == "tổ dân phố"


def test_issuers_choose_the_spoken_issuer():
    assert verbalize("29-CT/TU", issuers={"TU": "tỉnh ủy"}) == (
        "chỉ thị số hai mươi chín của tỉnh ủy"
    )
    assert verbalize("29-CT/TU") == "chỉ thị số hai mươi chín của thành ủy"


def test_tables_are_exposed_for_reuse():
    assert ABBREVIATIONS["UBND"] == "ủy ban nhân dân"
    assert SYMBOL_TYPES["CTr"] == "chương trình"
    assert SYMBOL_ISSUERS["TTg"] == "thủ tướng chính phủ"


# --- Dev examples ----------------------------------------------------------------


def _dev_examples():
    if not DEV_EXAMPLES.exists():
        return [None]
    lines = DEV_EXAMPLES.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.mark.parametrize(
    "example", _dev_examples(), ids=lambda e: e["text"] if e else "missing"
)
def test_dev_examples(example):
    if example is None:
        pytest.skip(f"../shared/eval not present: {DEV_EXAMPLES}")
    spoken = verbalize(example["text"]).lower()
    assert example["contains"], "an example with nothing to find tests nothing"
    for expected in example["contains"]:
        assert expected in spoken


# --- Robustness --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("", ""),
        ("1/2/3/4", "một trên hai trên ba trên bốn"),
        ("29-", "hai mươi chín-"),
        ("/CT", "/CT"),
        ("-NQ/TW", "-nghị quyết/trung ương"),
        ("G4T+7", "G bốn T+bảy"),
        ("Mừng xuân 🎉 2024", "Mừng xuân 🎉 hai nghìn không trăm hai mươi tư"),
        ("a\x00b\x07c\nd\te", "abc\nd\te"),
        ("1" * 40, " ".join(["một"] * 40)),
        ("999999999999999999", number_to_words(10**18 - 1)),
        ("1000000000000000000", "một" + " không" * 18),
        ("1.000.000.000.000.000", "một triệu tỷ"),
        ("1" + ".000" * 3000, "một" + " không" * 9000),
    ],
)
def test_odd_input(text, spoken):
    assert verbalize(text) == spoken


def test_output_is_nfc():
    decomposed = unicodedata.normalize("NFD", "Ủy ban nhân dân phường họp ngày 5/9")
    spoken = verbalize(decomposed)
    assert spoken == "Ủy ban nhân dân phường họp ngày mồng năm tháng chín"
    assert unicodedata.is_normalized("NFC", spoken)


def test_long_text():
    sentence = "Chỉ thị 29-CT/TU ngày 16/02/2017: 48 CBCC đạt 97%, gọi 0905 123 456. "
    text = (sentence * 200)[:10_000]
    spoken = verbalize(text)
    assert not re.search(r"[0-9]", spoken)
    assert spoken.count("Chỉ thị số hai mươi chín của thành ủy") == text.count(
        "29-CT/TU"
    )


def test_random_fragments_never_raise_and_leave_no_digit():
    pieces = list("0123456789/-.,:%+ hgmđkTUCNQĐVXIL()\n\t\x00😀²３") + [
        "ngày ",
        "tháng ",
        "năm ",
        "khóa ",
        "thứ ",
        "số ",
        "Nghị quyết ",
        "UBND",
        "TP.",
        "hotline ",
        "/CT-TTg",
        "-NQ/TW",
        "24/7",
        "\ud800",
    ]
    rng = random.Random(7)
    for _ in range(3_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        spoken = verbalize(text)
        assert isinstance(spoken, str)
        assert not re.search(r"[0-9]", spoken), (text, spoken)
        assert unicodedata.is_normalized("NFC", spoken)
