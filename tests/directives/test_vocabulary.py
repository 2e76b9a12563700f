"""Tests for directives.vocabulary: every code both ways, and every reader of
the vocabulary (analysis, citations, the verbaliser, posters, the site
settings) agreeing with it."""

import pytest

from cms.models import WardSettings
from directives import posters, vocabulary
from directives.citations import find_citations
from directives.loudspeaker import verbalize
from directives.models import IssuerLevel, IssuingBody
from search import analysis

TYPE_CODES = sorted(vocabulary.TYPE_CODES)
ISSUER_CODES = [issuer.code for issuer in vocabulary.ISSUERS]
ONE_BODY_CODES = [issuer.code for issuer in vocabulary.ISSUERS if issuer.one_body]


# --- Document types ----------------------------------------------------------


@pytest.mark.parametrize("code", TYPE_CODES)
def test_every_type_code_both_ways(code):
    name = vocabulary.TYPE_CODES[code]
    printed = vocabulary.type_code(name)
    assert vocabulary.TYPE_CODES[printed] == name
    assert vocabulary.document_type(name).codes[0] == printed
    assert code in vocabulary.document_type(name).codes
    assert vocabulary.SYMBOL_TYPES[code] == name.lower()


def test_type_codes_and_their_readings():
    assert vocabulary.TYPE_CODES["ĐA"] == "Đề án"
    assert vocabulary.TYPE_CODES["ND"] == "Nghị định"
    assert vocabulary.type_code("Nghị định") == "NĐ"
    assert vocabulary.type_code("nghi quyet lien tich") == "NQLT"
    assert vocabulary.type_code("Luật") is None
    assert vocabulary.SYMBOL_TYPES["CV"] == "công văn"
    assert vocabulary.SYMBOL_TYPES["QyĐ"] == "quy định"


def test_doc_types_are_the_published_types_in_the_admin_order():
    assert vocabulary.DOC_TYPES == [
        "Chỉ thị",
        "Nghị quyết",
        "Nghị định",
        "Quyết định",
        "Kế hoạch",
        "Thông tư",
        "Hướng dẫn",
        "Công văn",
        "Kết luận",
        "Quy định",
        "Quy chế",
        "Luật",
        "Pháp lệnh",
        "Thông báo",
        "Thông tri",
        "Công điện",
        "Chương trình",
        "Đề án",
        "Báo cáo",
    ]


@pytest.mark.parametrize(
    ("typed", "choice"),
    [
        ("chi thi", "Chỉ thị"),
        ("CHỈ THỊ", "Chỉ thị"),
        ("  Đề  án ", "Đề án"),
        ("de an", "Đề án"),
        ("Tờ trình", None),  # cited, not filed on the portal
        ("thông tin", None),
        ("", None),
    ],
)
def test_doc_type_choice(typed, choice):
    assert vocabulary.doc_type_choice(typed) == choice


@pytest.mark.parametrize("code", TYPE_CODES)
def test_analysis_reads_every_type_code(code):
    (symbol,) = analysis.find_symbols(f"theo 12/{code}-UBND ngày 3/4/2024")
    assert (symbol.type_code, symbol.issuer_code) == (code, "UBND")
    assert analysis.clean_number(f"12/{code.lower()}-ubnd") == f"12/{code}-UBND"


def test_codes_spelt_without_d_stroke_are_one_key():
    assert analysis.symbol_key("12/ND-CP") == analysis.symbol_key("12/NĐ-CP")
    assert analysis.symbol_key("12/QD-UBND") == analysis.symbol_key("12/QĐ-UBND")


@pytest.mark.parametrize("code", TYPE_CODES)
def test_the_verbaliser_reads_every_type_code(code):
    spoken = vocabulary.SYMBOL_TYPES[code]
    assert verbalize(f"12/{code}-UBND") == f"{spoken} số mười hai của ủy ban nhân dân"


@pytest.mark.django_db
@pytest.mark.parametrize("code", TYPE_CODES)
def test_citations_give_the_type_of_every_code(code):
    (citation,) = find_citations(f"Thực hiện 12/{code}-UBND.")
    assert (citation.text, citation.doc_type) == (
        f"12/{code}-UBND",
        vocabulary.TYPE_CODES[code],
    )


@pytest.mark.django_db
def test_a_project_is_cited_as_a_project():
    (citation,) = find_citations("Triển khai 12/ĐA-UBND của UBND phường.")
    assert citation.as_json() == {
        "text": "12/ĐA-UBND",
        "doc_type": "Đề án",
        "number": "12/ĐA-UBND",
        "issuer": "UBND phường",
        "resolved": None,
        "url": None,
    }


def test_spaced_symbols_in_queries_take_every_code_but_a_word():
    assert analysis.symbol_key("12 cv ubnd") == "12-cv-ubnd"
    assert analysis.symbol_key("3 nqlt tw") == "3-nqlt-tw"
    # "ĐA" folds to "da" (đã, đà): "phường 5 Đà Nẵng" names no document.
    assert not analysis.looks_like_symbol("5 Đà Nẵng")
    assert analysis.symbol_key("12/ĐA-UBND") == "12-da-ubnd"


# --- Issuers -------------------------------------------------------------------


@pytest.mark.parametrize("code", ISSUER_CODES)
def test_every_issuer_code_both_ways(code):
    found = vocabulary.issuer(code)
    assert found.code == code
    assert vocabulary.SYMBOL_ISSUERS[code] == found.spoken
    if found.one_body:
        assert vocabulary.issuer_name(code) == found.name
    else:
        assert vocabulary.issuer_name(code) is None


def test_issuer_names_and_readings():
    assert vocabulary.issuer_name("TTg") == "Thủ tướng Chính phủ"
    assert vocabulary.SYMBOL_ISSUERS["TTg"] == "thủ tướng chính phủ"
    assert vocabulary.issuer_name("VPTW") == "Văn phòng Trung ương Đảng"
    assert vocabulary.SYMBOL_ISSUERS["VPTW"] == "văn phòng trung ương"
    assert vocabulary.issuer_name("BCT") == "Bộ Chính trị"
    assert vocabulary.issuer_name("BCT", state_style=True) == "Bộ Công Thương"
    assert vocabulary.STATE_ISSUERS == {"BCT": "bộ công thương"}
    assert vocabulary.issuer_name("UBND") is None
    assert vocabulary.issuer_name("TU") is None  # Thành ủy or Tỉnh ủy
    assert vocabulary.issuer("XYZ") is None


@pytest.mark.parametrize("code", ISSUER_CODES)
def test_the_verbaliser_reads_every_issuer_code(code):
    spoken = vocabulary.SYMBOL_ISSUERS[code]
    assert verbalize(f"29-CT/{code}") == f"chỉ thị số hai mươi chín của {spoken}"


def test_the_verbaliser_reads_bct_by_the_symbol_style():
    assert verbalize("05-CT/BCT") == "chỉ thị số năm của bộ chính trị"
    assert verbalize("12/QĐ-BCT") == "quyết định số mười hai của bộ công thương"


@pytest.mark.parametrize("code", [c for c in ISSUER_CODES if c != "TƯ"])
def test_analysis_reads_every_issuer_code(code):
    (symbol,) = analysis.find_symbols(f"29-CT/{code}")
    assert (symbol.type_code, symbol.issuer_code) == ("CT", code)


def test_analysis_leaves_tu_with_horn_alone():
    # Folded, "TƯ" (trung ương) would be "TU" (thành ủy): 05-CT/TƯ and
    # 05-CT/TU would share a key, so the search does not read it as a code.
    assert analysis.find_symbols("05-CT/TƯ") == []
    assert verbalize("05-CT/TƯ") == "chỉ thị số năm của trung ương"


@pytest.mark.django_db
@pytest.mark.parametrize("code", ONE_BODY_CODES)
def test_citations_name_every_body_a_code_names(code):
    (citation,) = find_citations(f"Thực hiện Chỉ thị 12/CT-{code}.")
    state_name = vocabulary.issuer_name(code, state_style=True)
    assert citation.issuer == state_name


@pytest.mark.django_db
def test_citations_read_bct_by_the_symbol_style():
    party, state = find_citations("Chỉ thị 05-CT/BCT và Quyết định 12/QĐ-BCT.")
    assert (party.issuer, state.issuer) == ("Bộ Chính trị", "Bộ Công Thương")
    (kind_of_body,) = find_citations("Kế hoạch 7/KH-UBND.")
    assert kind_of_body.issuer is None


def test_mixed_case_codes():
    assert vocabulary.MIXED_CASE_CODES == {
        "TTG": "TTg",
        "TTR": "TTr",
        "CTR": "CTr",
        "QĐI": "QĐi",
        "QYĐ": "QyĐ",
    }
    assert analysis.clean_number("26/ct-ttg") == "26/CT-TTg"
    assert analysis.clean_number("3/ctr-ubnd") == "3/CTr-UBND"


# --- Tone placement --------------------------------------------------------------


def test_one_tone_placement_for_analysis_and_the_loudspeaker():
    text = "Thành uỷ, HOÀ VANG, khoá XII, Hoà Khánh, thuỷ lợi, quý, hoàn thành"
    expected = "Thành ủy, HÒA VANG, khóa XII, Hòa Khánh, thủy lợi, quý, hoàn thành"
    assert analysis.unify_tone_marks(text) == expected
    assert verbalize("Thành uỷ, HOÀ VANG, Hoà Khánh, thuỷ lợi, quý") == (
        "Thành ủy, HÒA VANG, Hòa Khánh, thủy lợi, quý"
    )
    assert verbalize("khoá XII") == "khóa mười hai"


# --- Levels of issuing bodies ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("UBND thị xã Sơn Tây", IssuerLevel.DISTRICT),
        ("Thị ủy Sơn Tây", IssuerLevel.DISTRICT),
        ("UBND thị trấn Hòa Vang", IssuerLevel.WARD),
        ("UBND xã Hòa Châu", IssuerLevel.WARD),
        ("Ủy ban nhân dân phường Hải Châu", IssuerLevel.WARD),
        ("Đảng ủy phường Hải Châu", IssuerLevel.WARD),
        ("Đảng ủy phường Hải Châu, quận Hải Châu", IssuerLevel.WARD),
        ("UBND quận Hải Châu", IssuerLevel.DISTRICT),
        ("UBND huyện Hòa Vang", IssuerLevel.DISTRICT),
        ("Huyện ủy Hòa Vang", IssuerLevel.DISTRICT),
        ("Ban Thường vụ Quận ủy Hải Châu", IssuerLevel.DISTRICT),
        ("UBND thành phố Đà Nẵng", IssuerLevel.PROVINCE),
        ("UBND tỉnh Quảng Nam", IssuerLevel.PROVINCE),
        ("Ban Thường vụ Thành ủy Đà Nẵng", IssuerLevel.PROVINCE),
        ("Ban Thường vụ Thành uỷ Đà Nẵng", IssuerLevel.PROVINCE),
        ("Tỉnh ủy Quảng Nam", IssuerLevel.PROVINCE),
        ("Bộ Y tế", IssuerLevel.CENTRAL),
        ("Thủ tướng Chính phủ", IssuerLevel.CENTRAL),
        ("Bộ Thông tin và Truyền thông", IssuerLevel.CENTRAL),
        ("UBND thi xa Son Tay", IssuerLevel.DISTRICT),
    ],
)
def test_guess_level(name, level):
    assert IssuingBody.guess_level(name) == level
    assert vocabulary.issuer_level(name) == level.value


# --- The ward's name ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "unit", "place", "committee", "header"),
    [
        (
            "Xã Hòa Châu",
            "xã",
            "Hòa Châu",
            "Ủy ban nhân dân xã Hòa Châu",
            ["ỦY BAN NHÂN DÂN", "XÃ HÒA CHÂU"],
        ),
        (
            "Thị trấn Hòa Vang",
            "thị trấn",
            "Hòa Vang",
            "Ủy ban nhân dân thị trấn Hòa Vang",
            ["ỦY BAN NHÂN DÂN", "THỊ TRẤN HÒA VANG"],
        ),
        (
            "Phường Hải Châu",
            "phường",
            "Hải Châu",
            "Ủy ban nhân dân phường Hải Châu",
            ["ỦY BAN NHÂN DÂN", "PHƯỜNG HẢI CHÂU"],
        ),
        (
            "Hải Châu",
            "phường",
            "Hải Châu",
            "Ủy ban nhân dân phường Hải Châu",
            ["ỦY BAN NHÂN DÂN", "PHƯỜNG HẢI CHÂU"],
        ),
        (
            "phường  Xa La",
            "phường",
            "Xa La",
            "Ủy ban nhân dân phường Xa La",
            ["ỦY BAN NHÂN DÂN", "PHƯỜNG XA LA"],
        ),
    ],
)
def test_one_reading_of_the_ward_name(written, unit, place, committee, header):
    assert vocabulary.ward_name(written) == vocabulary.WardName(unit, place)
    ward = WardSettings(ward_name=written)
    assert ward.committee_name == committee
    assert ward.ward_name_in_sentence == f"{unit} {place}"
    assert posters._committee_lines(ward) == header
    assert posters._place(ward) == place
