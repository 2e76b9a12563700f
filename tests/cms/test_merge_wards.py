"""`merge_wards`: one ward into another, every old address answering 301."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import (
    Collection,
    GroupPagePermission,
    Page,
    PageLogEntry,
    Site,
    Workflow,
    WorkflowPage,
)

from cms import merged_wards, ward_merge, wards
from cms.feedback.models import Feedback, PageRating
from cms.models import InformationPage, MergedWard, WardSettings
from cms.site_structure import ensure_sections
from directives.models import (
    AiredRecord,
    BroadcastSlot,
    PostingPlace,
    PostingRecord,
    RenditionRecord,
    ResidentialGroup,
)
from search import tasks
from tests.factories import DirectivePageFactory, NoticePageFactory, UserFactory

OLD = "phuong-a.example.vn"
NEW = "phuong-b.example.vn"


def sections_of(site):
    return ensure_sections(site.root_page)


@pytest.fixture
def two_wards(sections, private_index):
    """Ward A (to be merged) and ward B, each with a notice "Thông báo ra
    quân" at the same slug, A with its own directive and an about page,
    both with a copy of one library directive."""
    old = wards.create_ward(OLD, "Phường An Hải")
    new = wards.create_ward(NEW, "Phường Hòa Bình")
    shared = DirectivePageFactory(
        parent=wards.library(create=True),
        title="Chỉ thị về phòng chống thiên tai",
        slug="chi-thi-phong-chong-thien-tai",
        number="29-CT/TU",
    )
    a, b = sections_of(old), sections_of(new)
    pages = {
        "shared": shared,
        "old_copy": wards.alias_in(shared, old),
        "new_copy": wards.alias_in(shared, new),
        "notice": NoticePageFactory(
            parent=a["NoticeIndexPage"],
            title="Thông báo ra quân làm sạch bãi biển",
            slug="thong-bao-ra-quan",
        ),
        "other_notice": NoticePageFactory(
            parent=b["NoticeIndexPage"],
            title="Thông báo ra quân phòng chống sốt xuất huyết",
            slug="thong-bao-ra-quan",
        ),
        "directive": DirectivePageFactory(
            parent=a["DirectiveIndexPage"],
            title="Kế hoạch chỉnh trang đô thị",
            slug="ke-hoach-chinh-trang",
            number="12/KH-UBND",
        ),
        "about": a["AboutIndexPage"].add_child(
            instance=InformationPage(
                title="Cơ cấu tổ chức", slug="co-cau-to-chuc", summary="Các đơn vị."
            )
        ),
    }
    pages["about"].save_revision().publish()
    return old, new, pages


def test_dry_run_prints_the_plan_and_writes_nothing(two_wards):
    old, new, pages = two_wards
    counts = (Page.objects.count(), Redirect.objects.count(), Group.objects.count())
    report = ward_merge.merge_wards(OLD, NEW, dry_run=True)

    assert report.lines[0] == (
        "Chạy thử (không ghi gì): sáp nhập Phường An Hải (phuong-a.example.vn) "
        "vào Phường Hòa Bình (phuong-b.example.vn)."
    )
    assert (
        "Chuyển trang “Thông báo ra quân làm sạch bãi biển”: "
        "/thong-bao/thong-bao-ra-quan/ → /thong-bao/thong-bao-ra-quan-2/ "
        "(trùng địa chỉ: đổi “thong-bao-ra-quan” thành “thong-bao-ra-quan-2”)"
    ) in report.lines
    assert (
        "Bỏ bản sao “Chỉ thị về phòng chống thiên tai” ở "
        "/van-ban/chi-thi-phong-chong-thien-tai/: Phường Hòa Bình đã có bản sao "
        "/van-ban/chi-thi-phong-chong-thien-tai/"
    ) in report.lines
    assert report.redirects > 0
    assert (
        Page.objects.count(),
        Redirect.objects.count(),
        Group.objects.count(),
    ) == counts
    old.refresh_from_db()
    assert old.root_page_id == pages["notice"].get_parent().get_parent().pk
    assert Page.objects.get(pk=pages["notice"].pk).url_path.startswith(
        old.root_page.url_path
    )
    assert WardSettings.objects.filter(site=old).exists()


def test_every_old_address_answers_301_on_the_new_host(two_wards, client):
    old, new, pages = two_wards
    notice_old = "/thong-bao/thong-bao-ra-quan/"
    ward_merge.merge_wards(OLD, NEW)

    expected = {
        "/": f"http://{NEW}/",
        "/thong-bao/": f"http://{NEW}/thong-bao/",
        "/van-ban/": f"http://{NEW}/van-ban/",
        notice_old: f"http://{NEW}/thong-bao/thong-bao-ra-quan-2/",
        notice_old + "loa.txt": f"http://{NEW}/thong-bao/thong-bao-ra-quan-2/loa.txt",
        notice_old
        + "poster.pdf": f"http://{NEW}/thong-bao/thong-bao-ra-quan-2/poster.pdf",
        notice_old + "anh-chia-se.png": (
            f"http://{NEW}/thong-bao/thong-bao-ra-quan-2/anh-chia-se.png"
        ),
        # a resident's QR code, with the query string a printer may add
        notice_old + "?utm_source=qr": (
            f"http://{NEW}/thong-bao/thong-bao-ra-quan-2/?utm_source=qr"
        ),
        # a rendition follows its page, query string and all
        notice_old + "poster.pdf?size=A3": (
            f"http://{NEW}/thong-bao/thong-bao-ra-quan-2/poster.pdf?size=A3"
        ),
        notice_old + "loa.html?in=1": (
            f"http://{NEW}/thong-bao/thong-bao-ra-quan-2/loa.html?in=1"
        ),
        "/anh-chia-se.png": f"http://{NEW}/anh-chia-se.png",
        "/thong-bao/anh-chia-se.png": f"http://{NEW}/thong-bao/anh-chia-se.png",
        "/van-ban/ke-hoach-chinh-trang/": f"http://{NEW}/van-ban/ke-hoach-chinh-trang/",
        "/van-ban/ke-hoach-chinh-trang/loa.mp3": (
            f"http://{NEW}/van-ban/ke-hoach-chinh-trang/loa.mp3"
        ),
        # the old copy of the library's directive: the new ward's copy
        "/van-ban/chi-thi-phong-chong-thien-tai/": (
            f"http://{NEW}/van-ban/chi-thi-phong-chong-thien-tai/"
        ),
        # the old ward's own page: the new ward's "Giới thiệu"
        "/gioi-thieu/co-cau-to-chuc/": f"http://{NEW}/gioi-thieu/",
    }
    for path, target in expected.items():
        response = client.get(path, HTTP_HOST=OLD)
        assert (path, response.status_code, response["Location"]) == (path, 301, target)

    # … and the new places answer.
    assert (
        client.get("/thong-bao/thong-bao-ra-quan-2/", HTTP_HOST=NEW).status_code == 200
    )
    assert client.get("/thong-bao/thong-bao-ra-quan/", HTTP_HOST=NEW).status_code == 200
    response = client.get("/thong-bao/thong-bao-ra-quan-2/loa.txt", HTTP_HOST=NEW)
    assert response.status_code == 200
    assert (
        client.get("/van-ban/ke-hoach-chinh-trang/", HTTP_HOST=NEW).status_code == 200
    )


def test_pages_keep_their_ids_and_history(two_wards):
    old, new, pages = two_wards
    notice = pages["notice"]
    revisions = notice.revisions.count()
    ward_merge.merge_wards(OLD, NEW)

    moved = Page.objects.get(pk=notice.pk).specific
    assert moved.get_parent().pk == sections_of(new)["NoticeIndexPage"].pk
    assert moved.slug == "thong-bao-ra-quan-2"
    assert moved.live
    assert moved.revisions.count() == revisions
    assert moved.get_latest_revision().content["slug"] == "thong-bao-ra-quan-2"
    assert PageLogEntry.objects.filter(page=notice, action="wagtail.move").exists()
    # One copy of the library's directive on the new ward, none left behind.
    copies = Page.objects.filter(alias_of=pages["shared"])
    assert list(copies.descendant_of(new.root_page)) == [pages["new_copy"].page_ptr]
    assert not copies.filter(pk=pages["old_copy"].pk).exists()
    about = Page.objects.get(pk=pages["about"].pk)
    assert about.title == "Phường An Hải (trước sáp nhập): Cơ cấu tổ chức"
    assert about.slug == "phuong-an-hai-co-cau-to-chuc"
    assert not about.live
    assert about.get_parent().pk == sections_of(new)["AboutIndexPage"].pk


def test_nothing_points_at_the_old_ward(two_wards):
    old, new, pages = two_wards
    editor = UserFactory(username="bt-anhai", group="Biên tập viên – Phường An Hải")
    leader = UserFactory(username="ld-anhai", group="Lãnh đạo phường – Phường An Hải")
    feedback = Feedback.objects.create(
        topic="hoi-dap", message="Xin hỏi lịch ra quân?", site=old, page=pages["notice"]
    )
    home_feedback = Feedback.objects.create(
        topic="gop-y", message="Trang chủ dễ đọc.", site=old, page=old.root_page
    )
    old_home, old_collection = (
        old.root_page,
        Collection.objects.get(name="Phường An Hải"),
    )
    ward_merge.merge_wards(OLD, NEW)

    feedback.refresh_from_db()
    home_feedback.refresh_from_db()
    assert (feedback.site, feedback.page_id) == (new, pages["notice"].pk)
    assert (home_feedback.site, home_feedback.page_id) == (new, new.root_page_id)
    assert not WardSettings.objects.filter(site=old).exists()
    assert WardSettings.for_site(new).ward_name == "Phường Hòa Bình"
    assert not Page.objects.filter(pk=old_home.pk).exists()
    assert not Collection.objects.filter(pk=old_collection.pk).exists()
    assert {g.name for g in editor.groups.all()} == {"Biên tập viên – Phường Hòa Bình"}
    assert {g.name for g in leader.groups.all()} == {
        "Lãnh đạo phường – Phường Hòa Bình"
    }
    assert not Group.objects.filter(name__endswith="Phường An Hải").exists()
    assert not Workflow.objects.get(name="Phê duyệt – Phường An Hải").active
    assert WorkflowPage.objects.get(page=new.root_page).workflow.name == (
        "Phê duyệt – Phường Hòa Bình"
    )
    assert not GroupPagePermission.objects.filter(page_id=old_home.pk).exists()
    # Every record with a key to Site: only redirects keep the old one.
    for rel in ward_merge._reverse_relations(Site):
        model = rel.related_model
        if model is Redirect or (model, rel.field.name) == (MergedWard, "old_site"):
            continue
        assert not model._default_manager.filter(**{rel.field.name: old}).exists(), (
            model
        )
    old.refresh_from_db()
    assert old.root_page.specific_class is Page
    assert not old.root_page.live
    assert old.root_page.get_children().count() == 0
    assert [s.root_page.title for s in wards.ward_sites()] == [
        "Trang chủ",
        "Phường Hòa Bình",
    ]


def test_moved_pages_are_reindexed(two_wards, monkeypatch):
    old, new, pages = two_wards
    scheduled = set()
    monkeypatch.setattr(tasks, "schedule", lambda ids: scheduled.update(ids))
    ward_merge.merge_wards(OLD, NEW)
    assert {
        pages["notice"].pk,
        pages["directive"].pk,
        pages["about"].pk,
        pages["old_copy"].pk,
    } <= scheduled


def test_a_second_run_refuses(two_wards):
    ward_merge.merge_wards(OLD, NEW)
    redirects = Redirect.objects.count()
    with pytest.raises(CommandError) as raised:
        call_command("merge_wards", "--from", OLD, "--into", NEW)
    assert str(raised.value) == (
        "Cổng thông tin ở phuong-a.example.vn đã được sáp nhập vào phường khác: "
        "nay chỉ còn các địa chỉ chuyển hướng."
    )
    assert Redirect.objects.count() == redirects


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--from", "khong-co.example.vn", "--into", NEW),
            "Không có cổng thông tin nào ở địa chỉ khong-co.example.vn.",
        ),
        (
            ("--from", NEW, "--into", NEW),
            "Phường nguồn và phường đích là một (phuong-b.example.vn): "
            "không có gì để sáp nhập.",
        ),
    ],
)
def test_refusals(two_wards, args, message):
    with pytest.raises(CommandError) as raised:
        call_command("merge_wards", *args)
    assert str(raised.value) == message


def test_a_site_that_is_not_a_ward_is_refused(two_wards):
    Site.objects.create(
        hostname="thu-vien.example.vn", root_page=wards.library(), site_name="Thư viện"
    )
    with pytest.raises(ward_merge.MergeError) as raised:
        ward_merge.merge_wards("thu-vien.example.vn", NEW)
    assert str(raised.value) == (
        "Cổng thông tin ở thu-vien.example.vn không phải cổng của một phường."
    )


def test_merging_the_default_ward_makes_the_new_one_default(two_wards, client):
    default = Site.objects.get(is_default_site=True)
    host = (
        default.hostname if default.port == 80 else f"{default.hostname}:{default.port}"
    )
    report = ward_merge.merge_wards(host, NEW)
    assert (
        "Phường Hòa Bình (phuong-b.example.vn) từ nay là cổng mặc định "
        "(thay phường cũ)." in report.lines
    )
    assert Site.objects.get(is_default_site=True).hostname == NEW
    response = client.get("/van-ban/", HTTP_HOST=host)
    assert (response.status_code, response["Location"]) == (
        301,
        f"http://{NEW}/van-ban/",
    )


def test_the_command_prints_the_report(two_wards, capsys):
    call_command("merge_wards", "--from", OLD, "--into", NEW, "--dry-run")
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("Chạy thử (không ghi gì): sáp nhập")
    assert (
        "địa chỉ cũ ở phuong-a.example.vn chuyển hướng 301 sang phuong-b.example.vn."
        in out
    )


def test_a_failure_leaves_everything_as_it_was(two_wards, monkeypatch):
    old, new, pages = two_wards

    def fail(self):
        raise ward_merge.MergeError("Lỗi thử.")

    monkeypatch.setattr(ward_merge._Merge, "_write_redirects", fail)
    with pytest.raises(ward_merge.MergeError):
        ward_merge.merge_wards(OLD, NEW)
    old.refresh_from_db()
    notice = Page.objects.get(pk=pages["notice"].pk)
    assert (notice.slug, notice.get_parent().get_parent().pk) == (
        "thong-bao-ra-quan",
        old.root_page_id,
    )
    assert Page.objects.filter(pk=pages["old_copy"].pk).exists()
    assert Group.objects.filter(name="Biên tập viên – Phường An Hải").exists()
    assert WardSettings.objects.filter(site=old).exists()
    assert not Redirect.objects.filter(site=old).exists()
    assert not MergedWard.objects.exists()


def test_pages_awaiting_approval_are_refused(two_wards):
    old, new, pages = two_wards
    editor = UserFactory(username="bt", group="Biên tập viên – Phường An Hải")
    notice = pages["notice"]
    notice.save_revision(user=editor)
    WorkflowPage.objects.get(page=old.root_page).workflow.start(notice, editor)
    with pytest.raises(ward_merge.MergeError) as raised:
        ward_merge.merge_wards(OLD, NEW)
    assert str(raised.value) == (
        "1 trang của Phường An Hải đang trong quy trình duyệt "
        "(“Thông báo ra quân làm sạch bãi biển”): hãy duyệt, trả lại hoặc hủy "
        "trước khi sáp nhập."
    )


# The old host's other addresses (cms/merged_wards.py) -------------------------

NON_PAGE_ADDRESSES = [
    "/tim-kiem/?q=ch%E1%BB%89+th%E1%BB%8B+29&trang=2",
    "/api/search/?q=bao&limit=5",
    "/api/search/suggest/?q=chi",
    "/gop-y/",
    "/gop-y/tra-cuu/?ma=GY-123",
    "/gop-y/da-nhan/GY-123/",
    "/hoi-dap/",
    "/hoi-dap/?trang=2",
    "/feed/van-ban/rss/",
    "/feed/van-ban/atom/",
    "/feed/thong-bao/rss/",
    "/feed/thong-bao/atom/",
    "/feed/phat-thanh/",
    "/phat-thanh/",
    "/phat-thanh/hom-nay/",
    "/phat-thanh/lich-in/?tuan=2026-W10",
    "/api/phat-thanh/?tuan=2026-W10",
    "/sitemap.xml",
    "/robots.txt",
    "/manifest.webmanifest",
    "/api/v2/pages/?type=directives.DirectivePage&fields=title",
    "/api/v2/pages/5/",
    "/khong-co-trang-nay/?x=1",
]


@pytest.mark.parametrize("method", ["get", "head"])
def test_the_old_hosts_other_addresses_answer_301_on_the_new_host(
    two_wards, client, method
):
    old, new, pages = two_wards
    ward_merge.merge_wards(OLD, NEW)
    for path in NON_PAGE_ADDRESSES:
        response = getattr(client, method)(path, HTTP_HOST=OLD)
        assert (path, response.status_code, response["Location"]) == (
            path,
            301,
            f"http://{NEW}{path}",
        )
    # No view ran for the old ward: it got no settings back.
    assert not WardSettings.objects.filter(site=old).exists()


def test_a_post_to_the_old_host_is_sent_on_or_refused_with_the_new_address(
    two_wards, client
):
    old, new, pages = two_wards
    ward_merge.merge_wards(OLD, NEW)
    feedback = Feedback.objects.count()

    # A machine or a script posts again at the new host: 308 keeps the method.
    for path, data, kind in [
        ("/api/phat-thanh/da-phat/?khoa=abc", '{"page": 1}', "application/json"),
        ("/gop-y/huu-ich/", {"page": pages["notice"].pk, "huu_ich": "1"}, None),
    ]:
        extra = {"content_type": kind} if kind else {}
        response = client.post(path, data, HTTP_HOST=OLD, **extra)
        assert (path, response.status_code, response["Location"]) == (
            path,
            308,
            f"http://{NEW}{path}",
        )

    # A resident's form from an old page: its CSRF token could not pass the
    # new host, so a page says where to send it again; nothing is taken.
    response = client.post(
        "/gop-y/",
        {"csrfmiddlewaretoken": "x" * 64, "message": "Đèn đường hỏng."},
        HTTP_HOST=OLD,
    )
    assert response.status_code == 410
    html = response.content.decode()
    assert "Phường đã sáp nhập" in html
    assert "Phường này đã sáp nhập vào Phường Hòa Bình" in html
    assert "Những gì bạn vừa gửi chưa được tiếp nhận." in html
    assert f'<a href="http://{NEW}/gop-y/">http://{NEW}/gop-y/</a>' in html
    assert Feedback.objects.count() == feedback
    assert not WardSettings.objects.filter(site=old).exists()


def test_exact_redirects_come_first(two_wards, client):
    old, new, pages = two_wards
    ward_merge.merge_wards(OLD, NEW)
    moved = Page.objects.get(pk=pages["notice"].pk)
    # Staff send the old search to a page, and one old poster elsewhere.
    Redirect.objects.create(site=old, old_path="/tim-kiem", redirect_page=moved)
    Redirect.objects.create(
        site=old,
        old_path="/thong-bao/thong-bao-ra-quan/poster.pdf",
        redirect_link="https://thanhpho.example.vn/ap-phich.pdf",
    )
    Redirect.objects.create(
        site=old,
        old_path=Redirect.normalise_path("/phat-thanh/?tuan=2026-W10"),
        redirect_link=f"http://{NEW}/phat-thanh/lich-in/",
    )
    expected = {
        "/tim-kiem/?q=ra+qu%C3%A2n": (
            f"http://{NEW}/thong-bao/thong-bao-ra-quan-2/?q=ra+qu%C3%A2n"
        ),
        "/thong-bao/thong-bao-ra-quan/poster.pdf?size=A3": (
            "https://thanhpho.example.vn/ap-phich.pdf?size=A3"
        ),
        # a record made for this query string: as it says
        "/phat-thanh/?tuan=2026-W10": f"http://{NEW}/phat-thanh/lich-in/",
        # the page moved to a new slug: not the new ward's page at that path
        "/thong-bao/thong-bao-ra-quan/": f"http://{NEW}/thong-bao/thong-bao-ra-quan-2/",
        "/phat-thanh/?tuan=2026-W11": f"http://{NEW}/phat-thanh/?tuan=2026-W11",
    }
    for path, target in expected.items():
        response = client.get(path, HTTP_HOST=OLD)
        assert (path, response.status_code, response["Location"]) == (path, 301, target)


def test_an_ordinary_host_pays_no_query(two_wards, client):
    old, new, pages = two_wards
    # A request to the old host before the merge fills the cache with no
    # merged host; the merge clears it.
    assert client.get("/tim-kiem/?q=a", HTTP_HOST=OLD).status_code == 200
    ward_merge.merge_wards(OLD, NEW)
    assert client.get("/tim-kiem/?q=a", HTTP_HOST=OLD).status_code == 301
    assert merged_wards.merged_hostnames() == {OLD}

    without = [m for m in settings.MIDDLEWARE if "merged_wards" not in m]
    paths = ["/", "/thong-bao/thong-bao-ra-quan/", "/robots.txt", "/tim-kiem/?q=a"]

    def queries(path):
        client.get(path, HTTP_HOST=NEW)  # caches warm
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path, HTTP_HOST=NEW).status_code == 200
        return [q["sql"] for q in captured.captured_queries]

    for path in paths:
        with_middleware = queries(path)
        with override_settings(MIDDLEWARE=without):
            plain = queries(path)
        assert len(with_middleware) == len(plain), path
        assert not any("mergedward" in sql for sql in with_middleware), path


def test_a_chain_of_merges_leads_to_the_ward_that_remains(two_wards, client):
    third = "phuong-c.example.vn"
    wards.create_ward(third, "Phường Cẩm Lệ")
    ward_merge.merge_wards(OLD, NEW)
    ward_merge.merge_wards(NEW, third)
    assert {
        (m.old_site.hostname, m.new_site.hostname) for m in MergedWard.objects.all()
    } == {(OLD, third), (NEW, third)}
    for host in (OLD, NEW):
        response = client.get("/tim-kiem/?q=a", HTTP_HOST=host)
        assert (response.status_code, response["Location"]) == (
            301,
            f"http://{third}/tim-kiem/?q=a",
        )
    response = client.get("/van-ban/ke-hoach-chinh-trang/loa.txt", HTTP_HOST=OLD)
    assert (
        response["Location"] == f"http://{third}/van-ban/ke-hoach-chinh-trang/loa.txt"
    )


def test_the_migration_records_earlier_merges(two_wards):
    old, new, pages = two_wards
    ward_merge.merge_wards(OLD, NEW)
    MergedWard.objects.all().delete()
    migration = importlib.import_module("cms.migrations.0010_merged_ward")
    migration.record_earlier_merges(apps, None)
    assert [(m.old_site, m.new_site) for m in MergedWard.objects.all()] == [(old, new)]
    assert ward_merge.is_merged(old)


# What pointed at the old ward's copy of a library directive ------------------


def test_the_old_copys_history_goes_to_the_new_wards_copy(two_wards):
    old, new, pages = two_wards
    old_copy, new_copy = pages["old_copy"], pages["new_copy"]
    day = datetime.date(2026, 3, 2)
    slot = BroadcastSlot.objects.create(site=old, page=old_copy, day=day)
    aired = AiredRecord.objects.create(
        site=old, page=old_copy, slot=slot, slot_day=day, duration_s=180
    )
    place = PostingPlace.objects.create(site=old, name="Bảng tin tổ 3")
    posting = PostingRecord.objects.create(page=old_copy, place=place, posted_on=day)
    feedback = Feedback.objects.create(
        topic="hoi-dap", message="Chỉ thị áp dụng từ khi nào?", site=old, page=old_copy
    )
    march, february = datetime.date(2026, 3, 1), datetime.date(2026, 2, 1)
    PageRating.objects.create(page=old_copy, month=march, useful=3, not_useful=1)
    PageRating.objects.create(page=new_copy, month=march, useful=2, not_useful=4)
    PageRating.objects.create(page=old_copy, month=february, useful=5)
    renditions = ((old_copy, "poster"), (new_copy, "poster"), (old_copy, "script"))
    for page, kind in renditions:
        RenditionRecord.objects.create(page=page, kind=kind, revision_id=0)

    report = ward_merge.merge_wards(OLD, NEW)

    assert not Page.objects.filter(pk=old_copy.pk).exists()
    for row in (slot, aired, posting, feedback):
        row.refresh_from_db()
        assert row.page_id == new_copy.pk, row
    assert (slot.site, aired.site, aired.slot, feedback.site) == (new, new, slot, new)
    place.refresh_from_db()
    assert place.site == new
    # a month rated on both copies: the counts add up
    assert sorted(
        PageRating.objects.filter(page=new_copy).values_list(
            "month", "useful", "not_useful"
        )
    ) == [(february, 5, 0), (march, 5, 5)]
    # the new copy's poster record stays once; the script record comes over
    assert sorted(
        RenditionRecord.objects.filter(page=new_copy).values_list("kind", flat=True)
    ) == ["poster", "script"]
    for line in (
        "  Chuyển 1 lượt phát thanh sang bản sao của Phường Hòa Bình.",
        "  Chuyển 1 lượt đã phát sang bản sao của Phường Hòa Bình.",
        "  Chuyển 1 lượt niêm yết sang bản sao của Phường Hòa Bình.",
        "  Chuyển 1 góp ý của người dân sang bản sao của Phường Hòa Bình.",
        "  Chuyển 1 đánh giá trang sang bản sao của Phường Hòa Bình.",
        "  Gộp 1 đánh giá trang vào số liệu cùng tháng của bản sao của Phường Hòa "
        "Bình.",
        "  Bỏ 1 lần tạo áp phích, kịch bản trùng với bản ghi đã có của bản sao "
        "của Phường Hòa Bình.",
    ):
        assert line in report.lines


def test_ratings_of_both_homes_in_one_month_add_up(two_wards):
    old, new, pages = two_wards
    march = datetime.date(2026, 3, 1)
    PageRating.objects.create(page=old.root_page, month=march, useful=1)
    PageRating.objects.create(page=new.root_page, month=march, useful=2)
    ward_merge.merge_wards(OLD, NEW)
    assert list(
        PageRating.objects.filter(page=new.root_page).values_list("month", "useful")
    ) == [(march, 3)]


# The first ward: its home is "Trang chủ", its name is in its settings ---------


@pytest.fixture
def first_ward(two_wards):
    """The installation's first ward, named "Phường Hải Châu" in its
    settings, with its own "Giới thiệu" page."""
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.title == "Trang chủ"
    ward = WardSettings.for_site(site)
    ward.ward_name = "Phường Hải Châu"
    ward.save()
    page = sections_of(site)["AboutIndexPage"].add_child(
        instance=InformationPage(
            title="Lãnh đạo phường", slug="lanh-dao", summary="Chủ tịch, phó chủ tịch."
        )
    )
    page.save_revision().publish()
    host = site.hostname if site.port == 80 else f"{site.hostname}:{site.port}"
    return site, host, page


def test_merging_the_first_ward_uses_its_name(first_ward):
    site, host, about = first_ward
    report = ward_merge.merge_wards(host, NEW)

    assert report.lines[0] == (
        f"Sáp nhập Phường Hải Châu ({host}) vào Phường Hòa Bình ({NEW})."
    )
    assert not any("Trang chủ" in line for line in report.lines), report.lines
    moved = Page.objects.get(pk=about.pk)
    assert moved.title == "Phường Hải Châu (trước sáp nhập): Lãnh đạo phường"
    assert moved.slug == "phuong-hai-chau-lanh-dao"
    site.refresh_from_db()
    assert site.root_page.title == "Phường Hải Châu (đã sáp nhập vào Phường Hòa Bình)"
    assert site.root_page.slug == "phuong-hai-chau-da-sap-nhap"


def test_merging_into_the_first_ward_uses_its_name(first_ward, client):
    site, host, about = first_ward
    report = ward_merge.merge_wards(OLD, host)

    assert report.lines[0] == (
        f"Sáp nhập Phường An Hải ({OLD}) vào Phường Hải Châu ({host})."
    )
    assert (
        "Bỏ bản sao “Chỉ thị về phòng chống thiên tai” ở "
        "/van-ban/chi-thi-phong-chong-thien-tai/: Phường Hải Châu đã có bản sao "
        "/van-ban/chi-thi-phong-chong-thien-tai/"
    ) in report.lines
    # the first ward's images are the root collection's
    assert (
        "Chuyển 0 ảnh và 0 tài liệu vào bộ sưu tập “Phường Hải Châu”." in report.lines
    )
    assert not any("Trang chủ" in line for line in report.lines), report.lines
    old = Site.objects.get(hostname=OLD)
    assert old.root_page.title == "Phường An Hải (đã sáp nhập vào Phường Hải Châu)"
    assert old.site_name == "Chuyển hướng về Phường Hải Châu"

    response = client.post(
        "/gop-y/",
        {"csrfmiddlewaretoken": "x" * 64, "message": "Đèn đường hỏng."},
        HTTP_HOST=OLD,
    )
    assert response.status_code == 410
    html = response.content.decode()
    assert "Phường này đã sáp nhập vào Phường Hải Châu" in html
    assert "Về trang chủ Phường Hải Châu" in html
    assert "Trang chủ" not in html


# Cài đặt → Cổng thông tin → Xóa ---------------------------------------------


def test_deleting_a_wards_site_in_the_admin_is_refused(two_wards, client):
    old, new, pages = two_wards
    ResidentialGroup.objects.create(site=old, name="Tổ 7")
    client.force_login(UserFactory(username="quan-tri", is_superuser=True))

    response = client.post(f"/admin/sites/delete/{old.pk}/")

    assert response.status_code == 302
    assert response["Location"] == f"/admin/sites/edit/{old.pk}/"
    assert Site.objects.filter(pk=old.pk).exists()
    assert WardSettings.objects.filter(site=old).exists()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Không thể xóa cổng thông tin {OLD}: phường còn tổ dân phố. Hãy dùng "
        "lệnh “manage.py merge_wards” để sáp nhập phường này vào phường khác."
    ]
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Không thể xóa cổng thông tin" in page.content.decode()


def test_a_merged_wards_site_may_still_be_deleted(two_wards, client):
    old, new, pages = two_wards
    ResidentialGroup.objects.create(site=old, name="Tổ 7")
    ward_merge.merge_wards(OLD, NEW)
    client.force_login(UserFactory(username="quan-tri", is_superuser=True))
    response = client.post(f"/admin/sites/delete/{old.pk}/")
    assert response.status_code == 302
    assert not Site.objects.filter(pk=old.pk).exists()
    assert ResidentialGroup.objects.get(name="Tổ 7").site == new
