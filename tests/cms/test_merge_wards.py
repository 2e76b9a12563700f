"""`merge_wards`: one ward into another, every old address answering 301."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
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

from cms import ward_merge, wards
from cms.feedback.models import Feedback
from cms.models import InformationPage, WardSettings
from cms.site_structure import ensure_sections
from search import tasks
from tests.factories import DirectivePageFactory, NoticePageFactory, UserFactory

OLD = "phuong-a.example.vn"
NEW = "phuong-b.example.vn"


def sections_of(site):
    return ensure_sections(site.root_page)


@pytest.fixture
def two_wards(sections):
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
        notice_old + "?utm_source=qr": f"http://{NEW}/thong-bao/thong-bao-ra-quan-2/",
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
        if model is Redirect:
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
