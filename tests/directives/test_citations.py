import io
import json
import sys

import pytest
from django.core.management import call_command

from directives.citations import find_citations
from directives.models import DirectivePage

TEXT = (
    "Thực hiện Chỉ thị số 26/CT-TTg ngày 5/9/2016 của Thủ tướng Chính phủ, "
    "Nghị quyết Trung ương 4 khóa XII và Chỉ thị số 05 của Bộ Chính trị; "
    "triển khai Chỉ thị 29-CT/TU, Kế hoạch 999/KH-UBND của UBND quận. "
    "Nhắc lại: Chỉ thị 26/CT-TTg."
)


@pytest.mark.django_db
def test_finds_symbols_bare_numbers_and_plenum_resolutions(demo):
    citations = [c.as_json() for c in find_citations(TEXT)]
    tt26 = DirectivePage.objects.get(number="26/CT-TTg")
    assert citations[0] == {
        "text": "Chỉ thị số 26/CT-TTg",
        "doc_type": "Chỉ thị",
        "number": "26/CT-TTg",
        "issuer": "Thủ tướng Chính phủ",
        "resolved": "26/CT-TTg",
        "url": tt26.url,
    }
    by_text = {c["text"]: c for c in citations}
    assert by_text["Nghị quyết Trung ương 4 khóa XII"]["resolved"] == "04-NQ/TW"
    assert by_text["Chỉ thị số 05"]["resolved"] == "05-CT/TW"
    assert by_text["Chỉ thị số 05"]["issuer"] == "Bộ Chính trị"
    assert by_text["Chỉ thị 29-CT/TU"]["issuer"] == "Ban Thường vụ Thành ủy Đà Nẵng"
    unknown = by_text["Kế hoạch 999/KH-UBND"]
    assert (unknown["resolved"], unknown["url"], unknown["issuer"]) == (
        None,
        None,
        "UBND quận",
    )
    # each document once, in order of first mention
    assert [c["text"] for c in citations] == [
        "Chỉ thị số 26/CT-TTg",
        "Nghị quyết Trung ương 4 khóa XII",
        "Chỉ thị số 05",
        "Chỉ thị 29-CT/TU",
        "Kế hoạch 999/KH-UBND",
    ]


@pytest.mark.django_db
def test_same_number_different_issuers_resolve_by_issuer(demo, sections):
    from tests.factories import DirectivePageFactory, IssuingBodyFactory

    DirectivePageFactory(
        parent=sections["DirectiveIndexPage"],
        number="12/CT-TTg",
        issuer=IssuingBodyFactory(name="Thủ tướng Chính phủ"),
    )
    (tinh_uy,) = find_citations("Chỉ thị 12 của Ban Thường vụ Tỉnh ủy")
    assert tinh_uy.resolved == "12-CT/TU"
    (ambiguous,) = find_citations("theo Chỉ thị 12 đã ban hành")
    assert ambiguous.resolved is None  # two on the site: no guess


@pytest.mark.django_db
def test_drafts_are_never_resolved(sections):
    from tests.factories import DirectivePageFactory

    DirectivePageFactory(
        parent=sections["DirectiveIndexPage"], number="77/CT-UBND", live=False
    )
    (citation,) = find_citations("Chỉ thị 77/CT-UBND")
    assert citation.resolved is None and citation.url is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text", ["", "   ", "năm 2016 có 26 tổ", "🙂" * 50, "/CT-", "29-"]
)
def test_texts_without_citations(sections, text):
    assert find_citations(text) == []


@pytest.mark.django_db
def test_command_prints_one_json_object_per_line(demo, monkeypatch):
    stdin = io.TextIOWrapper(io.BytesIO(TEXT.encode("utf-8")))
    out = io.BytesIO()
    monkeypatch.setattr(sys, "stdin", stdin)
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(out, encoding="utf-8"))
    call_command("find_citations")
    lines = out.getvalue().decode("utf-8").splitlines()
    assert len(lines) == 5
    first = json.loads(lines[0])
    assert list(first) == ["text", "doc_type", "number", "issuer", "resolved", "url"]
