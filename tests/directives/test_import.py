import io
import json

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision

from directives.models import ArticlePage, DirectivePage, IssuingBody, NoticePage
from search.plan import Params
from search.query import search


def run_import(path, *args):
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("import_documents", str(path), *args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def snapshot():
    return (
        Page.objects.count(),
        Revision.objects.count(),
        IssuingBody.objects.count(),
        sorted(Page.objects.values_list("title", flat=True)),
    )


GOOD = {
    "kind": "directive",
    "doc_type": "Chỉ thị",
    "number": "29-CT/TU",
    "issuer": "Ban Thường vụ Thành ủy Đà Nẵng",
    "signed_on": "2013-12-10",
    "title": "Về tăng cường trách nhiệm (5 xây, 3 chống)",
    "summary": "Mỗi cán bộ đăng ký thực hiện 5 xây, 3 chống.",
    "body": "Đoạn một.\n\nĐoạn hai.",
}
NOTICE = {
    "kind": "notice",
    "title": "Thông báo lịch tiếp công dân",
    "body": "Chủ tịch tiếp công dân sáng thứ Năm.",
    "published_on": "2026-11-01",
    "valid_until": "2026-12-31",
    "directives": ["29 CT TU"],
}


def write_lines(tmp_path, *lines, name="in.jsonl"):
    path = tmp_path / name
    path.write_text(
        "\n".join(
            x if isinstance(x, str) else json.dumps(x, ensure_ascii=False)
            for x in lines
        )
        + "\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.django_db
def test_corpus_imports_on_a_fresh_database_and_is_searchable(corpus_path):
    lines = [
        json.loads(x) for x in corpus_path.read_text(encoding="utf-8").splitlines() if x
    ]
    code, out, err = run_import(corpus_path)
    assert code == 0, err
    assert DirectivePage.objects.live().count() == sum(
        d["kind"] == "directive" for d in lines
    )
    assert NoticePage.objects.live().count() == sum(
        d["kind"] == "notice" for d in lines
    )
    assert ArticlePage.objects.live().count() == sum(
        d["kind"] == "article" for d in lines
    )
    # The site structure was created on the way.
    assert Page.objects.get(url_path="/trang-chu/van-ban/")
    # Imported pages are published and findable at once.
    results = search(Params(q="26/CT-TTg"))
    assert results.count >= 1
    assert any(hit.get("number") == "26/CT-TTg" for hit in results.hits)
    notice = NoticePage.objects.get(title__startswith="Thông báo tạm dừng tiếp nhận")
    assert [d.number for d in notice.directives.all()] == ["16/CT-TTg"]


@pytest.mark.django_db
def test_second_import_of_the_same_file_changes_nothing(corpus_path):
    assert run_import(corpus_path)[0] == 0
    before = snapshot()
    code, out, _ = run_import(corpus_path)
    assert code == 0
    assert snapshot() == before
    assert "0 mới, 0 cập nhật, 35 không đổi" in out


@pytest.mark.django_db
def test_same_number_from_another_issuer_or_year_is_another_document(tmp_path):
    other_year = dict(GOOD, signed_on="2021-03-01", title="Chỉ thị khác nhiệm kỳ sau")
    other_issuer = dict(GOOD, issuer="Ban Thường vụ Tỉnh ủy Bạc Liêu")
    path = write_lines(tmp_path, GOOD, other_year, other_issuer)
    assert run_import(path)[0] == 0
    assert DirectivePage.objects.filter(number="29-CT/TU").count() == 3


@pytest.mark.django_db
def test_changed_line_updates_the_page_and_publishes_a_revision(tmp_path):
    assert run_import(write_lines(tmp_path, GOOD))[0] == 0
    page = DirectivePage.objects.get()
    changed = dict(GOOD, summary="Tóm tắt mới.", number="29 - ct/tu")
    code, out, _ = run_import(write_lines(tmp_path, changed, name="b.jsonl"))
    assert code == 0 and "1 cập nhật" in out
    page.refresh_from_db()
    assert page.summary == "Tóm tắt mới."
    assert page.number == "29-CT/TU"
    assert page.live_revision.content["summary"] == "Tóm tắt mới."


@pytest.mark.django_db
def test_notice_links_directives_by_number_in_any_spelling(tmp_path):
    assert run_import(write_lines(tmp_path, GOOD, NOTICE))[0] == 0
    notice = NoticePage.objects.get()
    assert [d.number for d in notice.directives.all()] == ["29-CT/TU"]
    assert notice.valid_until.isoformat() == "2026-12-31"


@pytest.mark.django_db
def test_unknown_directive_reference_is_a_warning_not_a_failure(tmp_path):
    path = write_lines(tmp_path, dict(NOTICE, directives=["999/CT-XYZ"]))
    code, _, err = run_import(path)
    assert code == 0
    assert f"{path}:1: không tìm thấy văn bản 999/CT-XYZ" in err


BROKEN = [
    ("broken JSON", '{"kind": "directive", "title": ', "JSON hỏng"),
    (
        "missing field",
        {k: v for k, v in GOOD.items() if k != "summary"},
        "thiếu trường “summary”",
    ),
    ("bad date", dict(GOOD, signed_on="10/12/2013"), "ngày “signed_on” không hợp lệ"),
    (
        "impossible date",
        dict(GOOD, signed_on="2013-02-30"),
        "ngày “signed_on” không hợp lệ",
    ),
    ("unknown kind", dict(GOOD, kind="law"), "loại “law” không rõ"),
    ("bad number", dict(GOOD, number="CT/TU"), "Số, ký hiệu không hợp lệ"),
    ("bad status", dict(GOOD, status="dead"), "tình trạng “dead” không rõ"),
    ("not an object", "[1, 2]", "phải là một đối tượng JSON"),
    ("notice ends first", dict(NOTICE, valid_until="2026-01-01"), "valid_until trước"),
    # ISO YYYY-MM-DD only: Python 3.11's fromisoformat also takes these.
    ("compact date", dict(GOOD, signed_on="20131210"), "cần dạng YYYY-MM-DD"),
    ("week date", dict(GOOD, signed_on="2013-W50-2"), "cần dạng YYYY-MM-DD"),
    ("week date, compact", dict(NOTICE, published_on="2026W011"), "YYYY-MM-DD"),
    ("date and time", dict(NOTICE, published_on="2026-11-01T08:00"), "YYYY-MM-DD"),
    ("date as a number", dict(GOOD, signed_on=20131210), "dạng YYYY-MM-DD"),
    ("year zero", dict(GOOD, signed_on="0000-12-10"), "ngày “signed_on” không hợp lệ"),
    # Wrong types.
    ("title not a string", dict(GOOD, title=29), "trường “title” phải là chuỗi"),
    ("body a list", dict(NOTICE, body=["a", "b"]), "trường “body” phải là chuỗi"),
    ("directives a string", dict(NOTICE, directives="29-CT/TU"), "phải là danh sách"),
    ("kind a list", dict(GOOD, kind=["directive"]), "không rõ"),
    ("null only", "null", "phải là một đối tượng JSON"),
    # Longer than the database column: PostgreSQL would refuse the whole file.
    (
        "title too long",
        dict(GOOD, title="x" * 256),
        "“title” dài 256 ký tự, tối đa 255",
    ),
    ("issuer too long", dict(GOOD, issuer="Ủy ban " * 40), "“issuer” dài 279 ký tự"),
    (
        "number too long",
        dict(GOOD, number="29/2013/NĐ-CP" + "-UBND" * 10),
        "trường “number” dài 63 ký tự, tối đa 60",
    ),
    ("signer too long", dict(GOOD, signer="Bí thư " * 20), "“signer” dài 139 ký tự"),
    ("audience too long", dict(NOTICE, audience="Tổ " * 41), "tối đa 120"),
    ("author too long", dict(NOTICE, kind="article", author="A" * 121), "tối đa 120"),
    # Control characters are removed: a title of NUL alone is empty.
    ("title of NUL", dict(GOOD, title="\u0000\u000b"), "trường “title” đang trống"),
    # JSON that the decoder itself cannot take.
    ("too deep", "[" * 100_000, "JSON hỏng"),
    ("huge number", '{"kind": "notice", "n": 1' + "0" * 5000 + "}", "JSON hỏng"),
    ("lone bracket", "}", "JSON hỏng"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("label,bad,reason", BROKEN, ids=[b[0] for b in BROKEN])
def test_bad_line_stops_the_import_and_writes_nothing(
    tmp_path, sections, label, bad, reason
):
    before = snapshot()
    path = write_lines(tmp_path, GOOD, NOTICE, bad)
    code, out, err = run_import(path)
    assert code == 1
    assert err.startswith(f"{path}:3: ")
    assert reason in err
    assert err.count("\n") == 1  # one line, no traceback
    assert snapshot() == before


@pytest.mark.django_db
def test_duplicate_line_is_refused(tmp_path, sections):
    before = snapshot()
    path = write_lines(tmp_path, GOOD, NOTICE, dict(GOOD, number="29-ct/tu"))
    code, _, err = run_import(path)
    assert code == 1
    assert err.strip() == f"{path}:3: trùng với dòng 1 (duplicate)"
    assert snapshot() == before


@pytest.mark.django_db
def test_error_while_writing_rolls_back_everything(tmp_path, sections):
    before = snapshot()
    too_long = dict(GOOD, number="29-CT/TU", title="x" * 300)  # Page.title max 255
    path = write_lines(tmp_path, NOTICE, too_long)
    code, _, err = run_import(path)
    assert code == 1
    assert err.startswith(f"{path}:2: ")
    assert snapshot() == before


@pytest.mark.django_db
def test_dry_run_reports_but_writes_nothing(tmp_path, sections):
    before = snapshot()
    code, out, _ = run_import(write_lines(tmp_path, GOOD, NOTICE), "--dry-run")
    assert code == 0
    assert "Chạy thử" in out and "2 mới" in out
    assert snapshot() == before


@pytest.mark.django_db
def test_missing_file_is_a_clear_error(tmp_path):
    code, _, err = run_import(tmp_path / "khong-co.jsonl")
    assert code == 1
    assert "không đọc được tệp" in err


def write_bytes(tmp_path, data: bytes, name="in.jsonl"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


GOOD_LINE = json.dumps(GOOD, ensure_ascii=False).encode()


MALFORMED_FILES = [
    pytest.param(
        lambda tmp: tmp / "khong-co.jsonl",
        0,
        "không đọc được tệp: không có tệp này (No such file or directory)",
        id="missing",
    ),
    pytest.param(
        lambda tmp: tmp,
        0,
        "không đọc được tệp: đây là một thư mục, cần một tệp .jsonl",
        id="a directory",
    ),
    pytest.param(
        lambda tmp: write_bytes(tmp, b""),
        0,
        "tệp trống, không có dòng nào để nhập (empty file)",
        id="empty",
    ),
    pytest.param(
        lambda tmp: write_bytes(tmp, b"\n  \r\n\n"),
        0,
        "tệp trống, không có dòng nào để nhập (empty file)",
        id="blank lines only",
    ),
    pytest.param(
        lambda tmp: write_bytes(
            tmp, GOOD_LINE + b"\n\n" + "Thông báo".encode("latin-1")
        ),
        3,
        "dòng không phải UTF-8: byte 0xf4 ở vị trí 3 (not UTF-8)",
        id="Latin-1 on line 3",
    ),
    pytest.param(
        lambda tmp: write_bytes(tmp, GOOD_LINE + b'\n{"title": "Th\xf4ng"}\n'),
        2,
        "dòng không phải UTF-8: byte 0xf4 ở vị trí 14 (not UTF-8)",
        id="Windows-1258 on line 2",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("make", "where", "reason"), MALFORMED_FILES)
def test_malformed_file_is_one_clear_line(tmp_path, sections, make, where, reason):
    before = snapshot()
    path = make(tmp_path)
    code, out, err = run_import(path)
    assert code == 1
    assert err.startswith(f"{path}:{where}: ")
    assert reason in err
    assert err.count("\n") == 1  # one line, no traceback
    assert out == ""
    assert snapshot() == before


@pytest.mark.django_db
def test_line_separators_inside_json_strings_do_not_split_the_line(tmp_path):
    """U+2028 and U+2029 are allowed raw in JSON strings; the line is still one
    line (str.splitlines would cut it in two), and they are stored as "\n"."""
    line = json.dumps(
        dict(NOTICE, body="Một\u2028hai\u2029ba\x85bốn"), ensure_ascii=False
    )
    path = tmp_path / "in.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    code, out, err = run_import(path)
    assert code == 0, err
    assert NoticePage.objects.get().body_text == "Một\nhai\nba\nbốn"


@pytest.mark.django_db
def test_byte_order_mark_and_crlf_are_accepted(tmp_path):
    data = b"\xef\xbb\xbf" + GOOD_LINE + b"\r\n" + json.dumps(NOTICE).encode() + b"\r\n"
    code, out, err = run_import(write_bytes(tmp_path, data))
    assert code == 0, err
    assert "2 mới" in out


@pytest.mark.django_db
def test_long_issuer_is_refused_before_anything_is_written(tmp_path, sections):
    """SQLite stores an over-long name; PostgreSQL refuses it with "value too
    long" and a traceback: both now stop at the line, in Vietnamese."""
    before = snapshot()
    long_issuer = dict(GOOD, issuer="Ban Thường vụ " + "Thành ủy " * 25)
    path = write_lines(tmp_path, NOTICE, long_issuer)
    code, _, err = run_import(path)
    assert code == 1
    assert err.strip() == (
        f"{path}:2: trường “issuer” dài 238 ký tự, tối đa 200 (too long)"
    )
    assert snapshot() == before


@pytest.mark.django_db
def test_database_refusal_is_a_line_error_not_a_traceback(
    tmp_path, sections, monkeypatch
):
    """What reading cannot foresee still ends as FILE:LINE: reason."""
    from django.db import DataError

    from directives import importing

    def refuse(self, record):
        raise DataError("value too long for type character varying(120)")

    monkeypatch.setattr(importing._Importer, "import_notice", refuse)
    before = snapshot()
    path = write_lines(tmp_path, GOOD, NOTICE)
    code, _, err = run_import(path)
    assert code == 1
    assert err.strip() == (
        f"{path}:2: cơ sở dữ liệu không nhận dòng này "
        "(value too long for type character varying(120))"
    )
    assert snapshot() == before
