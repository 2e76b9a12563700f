"""New pages written in bulk (directives/importing/bulk.py) are the pages the
page-by-page path writes: every column of every row, revisions, log
entries, reference index, lists, the portal's and the admin's search."""

import json

import pytest
from django.db import transaction
from modelsearch.backends import get_search_backend
from wagtail.models import (
    Page,
    PageLogEntry,
    PageViewRestriction,
    ReferenceIndex,
    Revision,
)

from directives.importing import bulk
from directives.models import (
    ArticlePage,
    DirectiveIndexPage,
    DirectivePage,
    IssuingBody,
    NoticePage,
    ProcedurePage,
)
from tests.directives.test_import import GOOD, NOTICE, run_import, write_lines

MODELS = (DirectivePage, NoticePage, ArticlePage, ProcedurePage)

# Differ from one run to the next whatever the path: ids, times, uuids.
VOLATILE = {
    "id",
    "pk",
    "page_ptr",
    "page_ptr_id",
    "translation_key",
    "latest_revision",
    "latest_revision_id",
    "live_revision",
    "live_revision_id",
    "latest_revision_created_at",
    "first_published_at",
    "last_published_at",
}

QUERIES = ["chi thi", "thông báo", "29-CT/TU", "tiếp công dân", "khai sinh", "Đà Nẵng"]

PROCEDURE = {
    "kind": "procedure",
    "title": "Đăng ký khai sinh",
    "code": "1.001193",
    "field": "Hộ tịch",
    "required_documents": ["Tờ khai", "Giấy chứng sinh"],
    "processing_time": "Trong ngày",
    "fee": "Miễn phí",
    "directives": ["29-CT/TU"],
}


def lines():
    """Directives, notices citing them, articles, a procedure; titles that
    give the same slug (the date or a number makes it unique)."""
    out = [GOOD, NOTICE, PROCEDURE]
    for n in range(1, 13):
        out.append(
            dict(
                GOOD,
                number=f"{n}/CT-UBND",
                issuer="UBND phường" if n % 2 else "Ủy ban nhân dân Thành phố Đà Nẵng",
                title=f"Về việc số {n % 4}",
                signed_on=f"20{10 + n}-0{1 + n % 9}-1{n % 9}",
            )
        )
        out.append(
            dict(
                NOTICE,
                title=f"Thông báo lịch tiếp công dân tháng {n % 3}",
                published_on=f"2026-{n:02}-01",
                directives=[f"{n}/CT-UBND", "29-CT/TU", "999/XX"],
            )
        )
        out.append(
            {
                "kind": "article",
                "title": f"Tin hoạt động {n % 5}",
                "body": f"Bài {n}.\n\nĐoạn hai.",
                "published_on": f"2025-{n:02}-0{1 + n % 3}",
                "directives": [f"{n}/CT-UBND"],
            }
        )
    return out


def stream_json(value):
    if hasattr(value, "stream_block"):
        return value.stream_block.get_prep_value(value)
    try:
        return json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return value  # a text field called body


def without_ids(value):
    """A StreamField's blocks without their ids (a uuid4 each, whichever path)."""
    value = stream_json(value)
    if isinstance(value, list):
        return [without_ids(v) for v in value]
    if isinstance(value, dict):
        return {k: without_ids(v) for k, v in value.items() if k != "id"}
    return value


def state():
    """Everything the import wrote, without ids and times; rows named by the
    page's url_path."""
    where = dict(Page.objects.values_list("pk", "url_path"))
    issuers = dict(IssuingBody.objects.values_list("pk", "name"))
    imported = list(Page.objects.filter(depth__gt=3).values_list("pk", flat=True))

    def named(value, key):
        if key == "body":
            return without_ids(value)
        if key in ("listed_in", "listed_in_id", "parent") and value:
            return where[value]
        if key in ("issuer", "issuer_id") and value:
            return issuers[value]
        if key == "directives":
            return sorted(where[v] for v in value)
        return value

    def row(values):
        return {k: named(v, k) for k, v in values.items() if k not in VOLATILE}

    pages = {p["url_path"]: row(p) for p in Page.objects.filter(depth__gt=3).values()}
    for model in MODELS:
        for values in model.objects.values(
            "url_path", *[f.attname for f in model._meta.local_concrete_fields]
        ):
            pages[values["url_path"]][model.__name__] = row(values)
    links = sorted(
        (where[a], where[b])
        for model in (NoticePage, ArticlePage, ProcedurePage)
        for a, b in model.directives.through.objects.values_list(
            f"{model.__name__.lower()}_id", "directivepage_id"
        )
    )
    revisions = sorted(
        (
            where[int(r.object_id)],
            r.content_type_id,
            r.base_content_type_id,
            r.object_str,
            r.user_id,
            r.approved_go_live_at,
            json.dumps(row(r.content), sort_keys=True, default=str),
        )
        for r in Revision.objects.filter(object_id__in=[str(pk) for pk in imported])
    )
    logs = sorted(
        (
            where[e.page_id],
            e.action,
            e.label,
            json.dumps(e.data),
            e.content_type_id,
            e.user_id,
            e.uuid,
            e.content_changed,
            e.deleted,
            e.revision_id is not None,
        )
        for e in PageLogEntry.objects.filter(page_id__in=imported)
    )
    references = sorted(
        (
            where.get(int(r.object_id)),
            r.content_type_id,
            r.base_content_type_id,
            r.to_content_type_id,
            where.get(int(r.to_object_id))
            if r.to_content_type.model_class()
            and issubclass(r.to_content_type.model_class(), Page)
            else issuers.get(int(r.to_object_id)),
            r.model_path,
            r.content_path,
        )
        for r in ReferenceIndex.objects.all()
    )
    pointers = {
        where[p.pk]: (
            p.latest_revision.content["title"],
            p.live_revision_id == p.latest_revision_id,
            # The page's blocks are the revision's, ids and all.
            stream_json(p.latest_revision.content["body"]) == stream_json(p.body),
        )
        for p in Page.objects.filter(depth__gt=3).specific()
    }
    return {
        "pages": pages,
        "links": links,
        "revisions": revisions,
        "logs": logs,
        "references": references,
        "pointers": pointers,
        "numchild": sorted(
            Page.objects.filter(depth__lte=3).values_list("url_path", "numchild")
        ),
    }


def differences(a, b, where="") -> list:
    """Where two nested values differ (a readable assertion)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return [
            d
            for k in sorted(set(a) | set(b), key=str)
            for d in differences(a.get(k), b.get(k), f"{where}/{k}")
        ]
    if isinstance(a, list | tuple) and isinstance(b, list | tuple) and len(a) == len(b):
        return [
            d
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for d in differences(x, y, f"{where}[{i}]")
        ]
    return [] if a == b else [(where, a, b)]


def searches(client):
    """What the portal (`/api/search/`) and the admin find. The portal's
    results, every page of them, as a set: pages of equal score come in
    the order of their place in the index, which follows their ids (the
    bulk path numbers each section's pages in a run, the page-by-page path
    interleaves notices and articles)."""
    found = {}
    backend = get_search_backend()
    for q in QUERIES:
        api = client.get("/api/search/", {"q": q}).json()
        results, page = list(api["results"]), 1
        while len(results) < api["count"]:
            page += 1
            results += client.get("/api/search/", {"q": q, "page": page}).json()[
                "results"
            ]
        found[q] = (
            api["count"],
            sorted((r["url"], r["title"], r.get("snippet")) for r in results),
            api["facets"],
            sorted(p.url_path for p in backend.search(q, Page.objects.all())),
        )
    return found


def import_both(tmp_path, settings, client, path):
    """The file imported page by page (rolled back) and in bulk (kept);
    what each left behind."""
    from search.engines import get_engine

    settings.IMPORT_BULK = False
    with transaction.atomic():
        code, out, err = run_import(path)
        assert code == 0, err
        slow = state(), searches(client), out, err
        transaction.set_rollback(True)
    get_engine().rebuild([])  # the portal's index forgets the rolled back pages
    settings.IMPORT_BULK = True
    code, out, err = run_import(path)
    assert code == 0, err
    fast = state(), searches(client), out, err
    return slow, fast


@pytest.mark.django_db
def test_bulk_pages_are_the_pages_written_one_by_one(
    tmp_path, settings, client, sections, private_index, monkeypatch
):
    monkeypatch.setattr(bulk, "BATCH", 7)  # several batches per section
    path = write_lines(tmp_path, *lines())
    slow, fast = import_both(tmp_path, settings, client, path)
    for part in slow[0]:
        assert differences(fast[0][part], slow[0][part]) == [], part
    assert differences(fast[1], slow[1]) == []  # portal and admin search
    assert fast[2:] == slow[2:]  # report and warnings
    assert "39 mới" in fast[2]
    assert any(n for n, *_ in fast[1].values())
    listed = DirectivePage.objects.listed_in(sections["DirectiveIndexPage"])
    assert listed.count() == 13
    # The reference rows written in one insert are Wagtail's own, page by page.
    ReferenceIndex.objects.all().delete()
    for page in Page.objects.filter(depth__gt=3).specific():
        ReferenceIndex.create_or_update_for_object(page)
    assert state()["references"] == fast[0]["references"]
    assert fast[0]["references"]  # notices cite directives


@pytest.mark.django_db
def test_second_import_is_unchanged_and_an_edit_updates(
    tmp_path, settings, sections, private_index
):
    settings.IMPORT_BULK = True
    path = write_lines(tmp_path, *lines())
    assert run_import(path)[0] == 0
    before = state()
    code, out, _ = run_import(path)
    assert code == 0 and "0 mới, 0 cập nhật, 39 không đổi" in out
    assert state() == before
    edited = lines()
    edited[3] = dict(edited[3], summary="Tóm tắt mới.")
    edited[4] = dict(edited[4], body="Nội dung mới.")
    code, out, _ = run_import(write_lines(tmp_path, *edited, name="b.jsonl"))
    assert code == 0 and "0 mới, 2 cập nhật, 37 không đổi" in out
    page = DirectivePage.objects.get(number="1/CT-UBND")
    assert page.live_revision.content["summary"] == "Tóm tắt mới."
    assert Revision.objects.filter(object_id=str(page.pk)).count() == 2


@pytest.mark.django_db
def test_bad_line_at_the_end_writes_nothing(tmp_path, settings, sections, monkeypatch):
    settings.IMPORT_BULK = True
    monkeypatch.setattr(bulk, "BATCH", 5)  # batches already written
    before = (
        Page.objects.count(),
        Revision.objects.count(),
        PageLogEntry.objects.count(),
    )
    bad = dict(GOOD, number="77/CT-UBND", effective_on="2000-01-01")  # before signed_on
    path = write_lines(tmp_path, *lines(), bad)
    code, _, err = run_import(path)
    assert code == 1
    assert err.startswith(f"{path}:{len(lines()) + 1}: ")
    assert "Ngày có hiệu lực" in err
    after = (
        Page.objects.count(),
        Revision.objects.count(),
        PageLogEntry.objects.count(),
    )
    assert after == before


@pytest.mark.django_db
def test_dry_run_writes_nothing(tmp_path, settings, sections):
    settings.IMPORT_BULK = True
    before = (Page.objects.count(), Revision.objects.count())
    code, out, _ = run_import(write_lines(tmp_path, *lines()), "--dry-run")
    assert code == 0 and "Chạy thử" in out and "39 mới" in out
    assert (Page.objects.count(), Revision.objects.count()) == before


@pytest.mark.django_db
def test_restricted_section_keeps_new_pages_out_of_lists_and_search(
    tmp_path, settings, client, sections, private_index
):
    settings.IMPORT_BULK = True
    index = sections["DirectiveIndexPage"]
    PageViewRestriction.objects.create(
        page=index, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert run_import(write_lines(tmp_path, *lines()))[0] == 0
    directives = DirectivePage.objects.all()
    assert directives.count() == 13
    assert not directives.filter(listed_in__isnull=False).exists()
    assert not DirectivePage.objects.listed_in(index).exists()
    assert NoticePage.objects.filter(listed_in__isnull=False).count() == 13
    assert client.get("/api/search/", {"q": "tiếp công dân"}).json()["count"] == 13
    for q in ("Về việc số", "29-CT/TU", "chi thi"):
        api = client.get("/api/search/", {"q": q}).json()
        assert all(r["kind"] != "directive" for r in api["results"]), q
    assert DirectiveIndexPage.objects.get(pk=index.pk).numchild == 13


@pytest.mark.django_db
def test_database_refusal_of_a_batch_names_its_first_line(
    tmp_path, settings, sections, monkeypatch
):
    """What validation cannot foresee still ends as FILE:LINE: reason, the
    line of the batch's first page, with nothing written."""
    from django.db import DataError

    settings.IMPORT_BULK = True
    monkeypatch.setattr(bulk, "BATCH", 5)

    def refuse(model, objs, using):
        if model is NoticePage:
            raise DataError("value too long for type character varying(255)")

    monkeypatch.setattr(bulk.BulkPages, "_insert", staticmethod(refuse))
    before = (Page.objects.count(), Revision.objects.count())
    path = write_lines(tmp_path, *lines())
    code, _, err = run_import(path)
    assert code == 1
    assert err.strip() == (
        f"{path}:2: cơ sở dữ liệu không nhận dòng này "
        "(value too long for type character varying(255))"
    )
    assert (Page.objects.count(), Revision.objects.count()) == before
