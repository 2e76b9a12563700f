import io
import json

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision

from directives.models import ArticlePage, DirectivePage, IssuingBody, NoticePage
from search.query import Params, search


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
