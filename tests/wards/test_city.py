"""One installation, three wards: a ward's pages never on another's, the
city library's directive on all of them with each ward's own header."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import (
    GroupPagePermission,
    Page,
    PageViewRestriction,
    Site,
    WorkflowPage,
)

from cms import wards
from cms.models import CityLibraryPage, HomePage, WardSettings
from directives.models import DirectiveIndexPage, DirectivePage, NoticePage

from .conftest import host_of, write_lines

pytestmark = pytest.mark.django_db

NOTICES = {
    "default": "Thông báo họp tổ dân phố Hải Châu",
    "hoa_cuong": "Thông báo ngày Chủ nhật xanh Hòa Cường",
    "an_hai_bac": "Thông báo góp ý vỉa hè An Hải Bắc",
}
PUBLIC_LISTS = [
    "/",
    "/thong-bao/",
    "/van-ban/",
    "/feed/thong-bao/rss/",
    "/feed/thong-bao/atom/",
    "/feed/van-ban/rss/",
    "/feed/phat-thanh/",
    "/sitemap.xml",
    "/api/v2/pages/?limit=100",
]


def get(client, site, path):
    return client.get(path, HTTP_HOST=host_of(site))


def copy_of(number, site):
    return (
        DirectivePage.objects.filter(number=number, alias_of__isnull=False)
        .descendant_of(site.root_page)
        .get()
    )


def test_create_ward_makes_a_whole_ward(city):
    site = city["hoa_cuong"]
    home = site.root_page.specific
    assert isinstance(home, HomePage) and home.title == "Phường Hòa Cường"
    assert home.live and site.site_name == "Cổng thông tin Phường Hòa Cường"
    assert DirectiveIndexPage.objects.child_of(home).exists()
    assert {p.slug for p in home.get_children()} >= {
        "van-ban",
        "thu-tuc",
        "thong-bao",
        "tin-tuc",
        "tuyen-truyen",
        "gioi-thieu",
        "hoi-dap",
    }
    assert WardSettings.for_site(site).ward_name == "Phường Hòa Cường"
    assert WardSettings.for_site(city["an_hai_bac"]).district == "Quận Sơn Trà"
    editors, leaders = wards.role_groups(site)
    assert editors.name == "Biên tập viên – Phường Hòa Cường"
    assert leaders.name == "Lãnh đạo phường – Phường Hòa Cường"
    # Page rights on its own home only; the template's model rights copied.
    assert set(
        GroupPagePermission.objects.filter(group=leaders).values_list("page", flat=True)
    ) == {home.pk}
    template = Group.objects.get(name="Lãnh đạo phường")
    assert set(template.permissions.all()) <= set(leaders.permissions.all())
    assert WorkflowPage.objects.get(page=home).workflow.name == (
        "Phê duyệt – Phường Hòa Cường"
    )
    # The first ward's groups no longer hold the whole tree.
    root = Page.get_first_root_node()
    assert not GroupPagePermission.objects.filter(page=root).exists()
    assert GroupPagePermission.objects.filter(
        group=template, page=city["default"].root_page
    ).exists()


def test_create_ward_refuses_in_vietnamese(city):
    with pytest.raises(wards.WardError, match="Đã có cổng thông tin ở địa chỉ"):
        wards.create_ward("localhost", "Phường Khác")
    with pytest.raises(wards.WardError, match="Đã có cổng thông tin của"):
        wards.create_ward("khac.example.vn", "Phường Hòa Cường")
    with pytest.raises(wards.WardError, match="Tên miền không hợp lệ"):
        wards.create_ward("a b", "Phường C")
    with pytest.raises(wards.WardError, match="Cần tên phường"):
        wards.create_ward("c.example.vn", "   ")


def test_create_ward_command(city):
    out = io.StringIO()
    call_command(
        "create_ward",
        "--host",
        "thanhkhe.example.vn",
        "--name",
        "Phường  Thanh Khê",
        stdout=out,
    )
    assert "Đã tạo Phường Thanh Khê tại http://thanhkhe.example.vn/" in out.getvalue()
    site = Site.objects.get(hostname="thanhkhe.example.vn")
    # The library's directives are on the new ward at once.
    assert copy_of("29-CT/TU", site).live
    with pytest.raises(Exception, match="Đã có cổng thông tin"):
        call_command("create_ward", "--host", "thanhkhe.example.vn", "--name", "X")


def test_a_ward_notice_never_appears_on_another(client, city):
    for name, site in city.items():
        for path in PUBLIC_LISTS:
            response = get(client, site, path)
            assert response.status_code == 200, (name, path)
            body = response.content.decode()
            for other, title in NOTICES.items():
                if other != name and path != "/van-ban/" and "van-ban" not in path:
                    assert title not in body, (name, path, other)
        notices = get(client, site, "/thong-bao/").content.decode()
        assert NOTICES[name] in notices


def test_another_wards_page_is_404_in_the_api_and_at_its_address(client, city):
    notice = NoticePage.objects.get(title=NOTICES["hoa_cuong"])
    assert (
        get(client, city["hoa_cuong"], f"/api/v2/pages/{notice.pk}/").status_code == 200
    )
    assert (
        get(client, city["default"], f"/api/v2/pages/{notice.pk}/").status_code == 404
    )
    path = notice.url_path.removeprefix(city["hoa_cuong"].root_page.url_path)
    assert get(client, city["hoa_cuong"], f"/{path}").status_code == 200
    assert get(client, city["default"], f"/{path}").status_code == 404
    assert get(client, city["default"], f"/{path}loa.txt").status_code == 404


def test_the_library_directive_is_on_every_ward_with_its_header(client, city):
    original = DirectivePage.objects.get(number="29-CT/TU", alias_of__isnull=True)
    assert isinstance(original.get_parent().specific, CityLibraryPage)
    assert original.get_site() is None  # no public address of its own
    for name, site in city.items():
        copy = copy_of("29-CT/TU", site)
        path = "/van-ban/" + copy.slug + "/"
        page = get(client, site, path)
        assert page.status_code == 200, name
        ward = WardSettings.for_site(site).ward_name
        assert ward in page.content.decode()
        assert copy.title in get(client, site, "/van-ban/").content.decode()
        script = get(client, site, path + "loa.txt").content.decode()
        assert script.startswith(f"Đài truyền thanh phường {ward.split(' ', 1)[1]}")
        # Its own ward's notices cite it, no other ward's.
        body = page.content.decode()
        assert NOTICES[name] in body or name == "an_hai_bac"
        for other, title in NOTICES.items():
            if other != name:
                assert title not in body


def test_the_poster_carries_each_wards_header(client, city, pango):
    from pypdf import PdfReader

    for site in city.values():
        copy = copy_of("29-CT/TU", site)
        response = get(client, site, f"/van-ban/{copy.slug}/poster.pdf")
        assert response.status_code == 200
        text = " ".join(
            p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages
        )
        ward = WardSettings.for_site(site).ward_name
        assert ward.upper() in text
        assert host_of(site) in text  # the QR code's printed address


def test_city_staff_publish_once_and_every_ward_follows(client, city):
    original = DirectivePage.objects.get(number="29-CT/TU", alias_of__isnull=True)
    original.title = "Về “5 xây, 3 chống” (sửa đổi)"
    original.save_revision().publish()
    for site in city.values():
        assert copy_of("29-CT/TU", site).title == "Về “5 xây, 3 chống” (sửa đổi)"
    original.unpublish()
    for site in city.values():
        copy = copy_of("29-CT/TU", site)
        assert not copy.live
        assert get(client, site, f"/van-ban/{copy.slug}/").status_code == 404
    original.delete()
    assert not DirectivePage.objects.filter(number="29-CT/TU").exists()


def test_a_restricted_library_page_hides_every_copy(client, city):
    original = DirectivePage.objects.get(number="12-CT/TU", alias_of__isnull=True)
    PageViewRestriction.objects.create(
        page=original, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    for site in city.values():
        copy = copy_of("12-CT/TU", site)
        assert copy.title not in get(client, site, "/van-ban/").content.decode()
        response = get(client, site, f"/van-ban/{copy.slug}/")
        assert response.status_code == 200
        assert "Về trật tự đô thị" not in response.content.decode()  # the password form
        api = get(client, site, "/api/v2/pages/?limit=100").json()
        assert copy.pk not in [item["id"] for item in api["items"]]


def test_a_ward_notice_links_its_own_copy(city):
    notice = NoticePage.objects.get(title=NOTICES["hoa_cuong"])
    (linked,) = notice.directives.all()
    assert linked == copy_of("29-CT/TU", city["hoa_cuong"])
    assert [d.pk for d in notice.linked_directives()] == [linked.pk]


def test_related_directives_show_the_wards_copies(city):
    from directives.models import DirectiveRelation

    based_on = DirectivePage.objects.get(number="12-CT/TU", alias_of__isnull=True)
    target = DirectivePage.objects.get(number="29-CT/TU", alias_of__isnull=True)
    based_on.relations.add(
        DirectiveRelation(kind=DirectiveRelation.Kind.BASED_ON, target=target)
    )
    based_on.save_revision().publish()
    for site in city.values():
        shown = copy_of("12-CT/TU", site).related_directives()
        assert [(str(label), page.pk) for label, page in shown] == [
            ("Căn cứ", copy_of("29-CT/TU", site).pk)
        ]
        inverse = copy_of("29-CT/TU", site).related_directives()
        assert [(str(label), page.pk) for label, page in inverse] == [
            ("Là căn cứ của", copy_of("12-CT/TU", site).pk)
        ]
        data = copy_of("12-CT/TU", site).json_ld()
        assert data["isBasedOn"][0]["url"].startswith(site.root_url)


def test_import_into_a_ward_by_host(city, tmp_path, capsys):
    path = write_lines(
        tmp_path / "more.jsonl",
        [
            {
                "kind": "notice",
                "title": "Thông báo mới của Hòa Cường",
                "published_on": "2026-12-01",
                "body": "Nội dung.",
                "directives": ["12-CT/TU"],
            },
            {
                "kind": "directive",
                "doc_type": "Chỉ thị",
                "number": "29-CT/TU",
                "issuer": "Ban Thường vụ Thành ủy Đà Nẵng",
                "signed_on": "2013-12-10",
                "title": "Bản riêng",
                "summary": "Tóm tắt.",
                "body": "Nội dung.",
            },
        ],
    )
    call_command("import_documents", str(path), "--site", "localhost")
    err = capsys.readouterr().err
    assert "đã có trong thư viện dùng chung" in err
    notice = NoticePage.objects.get(title="Thông báo mới của Hòa Cường")
    assert notice.get_site() == city["hoa_cuong"]
    assert list(notice.directives.all()) == [copy_of("12-CT/TU", city["hoa_cuong"])]
    assert not DirectivePage.objects.filter(title="Bản riêng").exists()
    with pytest.raises(SystemExit):
        call_command("import_documents", str(path), "--site", "khong-co.example.vn")
    assert "Không có phường nào ở địa chỉ" in capsys.readouterr().err


def test_shared_must_be_true_or_false(tmp_path):
    from directives.importing import ImportLineError, read_records

    line = dict(
        kind="directive",
        shared="yes",
        doc_type="Chỉ thị",
        number="1-CT/TU",
        issuer="X",
        signed_on="2020-01-01",
        title="T",
        summary="S",
        body="B",
    )
    with pytest.raises(ImportLineError, match="“shared” phải là true hoặc false"):
        read_records(write_lines(tmp_path / "bad.jsonl", [line]))


def test_only_city_staff_work_in_the_library(city, django_user_model):
    library = wards.library()
    city_leader = django_user_model.objects.create_user("tp", password="x")
    city_leader.groups.add(Group.objects.get(name=wards.CITY_LEADERS))
    ward_editor = django_user_model.objects.create_user("hc", password="x")
    ward_editor.groups.add(Group.objects.get(name="Biên tập viên – Phường Hòa Cường"))
    original = DirectivePage.objects.get(number="29-CT/TU", alias_of__isnull=True)
    assert original.permissions_for_user(city_leader).can_publish()
    assert not original.permissions_for_user(ward_editor).can_edit()
    assert not city["hoa_cuong"].root_page.permissions_for_user(city_leader).can_edit()
    assert wards.is_city_staff(city_leader) and not wards.is_city_staff(ward_editor)
    assert wards.user_sites(ward_editor) == [city["hoa_cuong"]]
    assert WorkflowPage.objects.get(page=library).workflow.name == wards.CITY_WORKFLOW
    assert wards.user_sites(city_leader) == []


def test_a_ward_that_had_its_own_page_keeps_it_when_the_city_shares(city, tmp_path):
    line = {
        "kind": "directive",
        "doc_type": "Chỉ thị",
        "number": "7-CT/TU",
        "issuer": "Ban Thường vụ Thành ủy Đà Nẵng",
        "signed_on": "2024-01-02",
        "title": "Về phòng cháy",
        "summary": "Tóm tắt.",
        "body": "Nội dung.",
    }
    from directives.importing import import_file

    import_file(write_lines(tmp_path / "own.jsonl", [line]), site=city["hoa_cuong"])
    notice = {
        "kind": "notice",
        "title": "Thông báo diễn tập phòng cháy",
        "published_on": "2026-12-02",
        "body": "Diễn tập.",
        "directives": ["7-CT/TU"],
    }
    shared = write_lines(tmp_path / "shared.jsonl", [{**line, "shared": True}, notice])
    import_file(shared, site=city["hoa_cuong"])
    pages = DirectivePage.objects.filter(number="7-CT/TU")
    own = pages.descendant_of(city["hoa_cuong"].root_page).get()  # no second copy
    assert own.alias_of_id is None
    for site in (city["default"], city["an_hai_bac"]):
        assert copy_of("7-CT/TU", site).live
    linked = NoticePage.objects.get(title="Thông báo diễn tập phòng cháy").directives
    assert list(linked.all()) == [own]


def test_administrators_list_and_add_wards_in_the_admin(
    city, admin_client, client, django_user_model
):
    page = admin_client.get("/admin/phuong/")
    assert page.status_code == 200
    html = page.content.decode()
    for name in (
        "Phường Hòa Cường",
        "Phường An Hải Bắc",
        "Thư viện văn bản dùng chung",
    ):
        assert name in html
    response = admin_client.post(
        "/admin/phuong/",
        {
            "name": "Phường Thanh Khê",
            "host": "thanhkhe.example.vn",
            "district": "",
            "city": "",
        },
    )
    assert response.status_code == 302
    site = Site.objects.get(hostname="thanhkhe.example.vn")
    settings = WardSettings.for_site(site)
    assert settings.ward_name == "Phường Thanh Khê"
    assert settings.city == WardSettings.for_site(city["default"]).city
    again = admin_client.post(
        "/admin/phuong/", {"name": "Phường Khác", "host": "thanhkhe.example.vn"}
    )
    assert again.status_code == 200
    assert (
        "Đã có cổng thông tin ở địa chỉ thanhkhe.example.vn" in again.content.decode()
    )
    empty = admin_client.post("/admin/phuong/", {"name": "", "host": ""})
    assert "Cần tên phường." in empty.content.decode()
    editor = django_user_model.objects.create_user("bt", password="x")
    editor.groups.add(Group.objects.get(name="Biên tập viên – Phường Hòa Cường"))
    client.force_login(editor)
    assert client.get("/admin/phuong/").status_code in (302, 403)
    assert client.post(
        "/admin/phuong/", {"name": "Phường Y", "host": "y.example.vn"}
    ).status_code in (302, 403)
    assert not Site.objects.filter(hostname="y.example.vn").exists()


def test_city_staff_search_every_ward(city, client, django_user_model):
    leader = django_user_model.objects.create_user("tp2", password="x")
    leader.groups.add(Group.objects.get(name=wards.CITY_LEADERS))
    client.force_login(leader)
    response = client.get("/admin/tim-kiem-toan-thanh-pho/?q=thong+bao")
    assert response.status_code == 200
    html = response.content.decode()
    for title in NOTICES.values():
        assert title in html


def test_review_findings_stay_fixed(city, client, admin_client, django_user_model):
    from cms.forms import WardPageForm  # noqa: F401  (the form the admin uses)

    # Ward settings per ward: a leader edits only their own ward's.
    leader = django_user_model.objects.create_user("ld", password="x")
    leader.groups.add(Group.objects.get(name="Lãnh đạo phường – Phường Hòa Cường"))
    client.force_login(leader)
    own = WardSettings.for_site(city["hoa_cuong"])
    other = WardSettings.for_site(city["default"])
    assert (
        client.get(
            f"/admin/settings/cms/wardsettings/{city['hoa_cuong'].pk}/"
        ).status_code
        == 200
    )
    assert (
        client.get(
            f"/admin/settings/cms/wardsettings/{city['default'].pk}/"
        ).status_code
        != 200
    )
    assert own.pk != other.pk
    first_leaders = Group.objects.get(name="Lãnh đạo phường")
    assert not first_leaders.permissions.filter(codename="change_wardsettings").exists()
    # The library's poster: a Vietnamese refusal, never a 500.
    original = DirectivePage.objects.get(number="29-CT/TU", alias_of__isnull=True)
    response = admin_client.get(f"/admin/ap-phich/{original.pk}/")
    assert response.status_code == 404
    # A restricted library page's copies leave the sitemap.
    PageViewRestriction.objects.create(
        page=original, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    copy = copy_of("29-CT/TU", city["hoa_cuong"])
    sitemap = get(client, city["hoa_cuong"], "/sitemap.xml").content.decode()
    assert copy.slug not in sitemap
    # The API does not name the original.
    other_copy = copy_of("12-CT/TU", city["hoa_cuong"])
    detail = get(client, city["hoa_cuong"], f"/api/v2/pages/{other_copy.pk}/").json()
    assert "alias_of" not in detail["meta"]
    # Commands only take a ward's host.
    with pytest.raises(SystemExit):
        call_command("import_documents", "/dev/null", "--site", "nowhere.example.vn")


@pytest.mark.parametrize(
    "host", ["[::1]:80", "a:b:c", "x.vn:abc:", "é.vn", "x.vn:0", "x.vn:99999", "a b"]
)
def test_create_ward_refuses_odd_hosts(city, host):
    with pytest.raises(wards.WardError):
        wards.create_ward(host, "Phường Mới")


def test_create_ward_refuses_a_taken_name_and_a_long_one(city):
    with pytest.raises(wards.WardError, match="Đã có cổng thông tin của"):
        wards.create_ward("moi.example.vn", "Phường Hải Châu")
    with pytest.raises(wards.WardError, match="dài quá 120"):
        wards.create_ward("moi.example.vn", "Phường " + "A" * 130)


def test_the_page_form_offers_only_the_wards_directives(city):
    from wagtail.admin.panels import get_edit_handler

    notice = NoticePage.objects.get(title=NOTICES["hoa_cuong"])
    form_class = get_edit_handler(NoticePage).get_form_class()
    form = form_class(instance=notice, parent_page=notice.get_parent(), for_user=None)
    offered = set(form.fields["directives"].queryset.values_list("pk", flat=True))
    root = city["hoa_cuong"].root_page
    assert offered == set(
        DirectivePage.objects.descendant_of(root).values_list("pk", flat=True)
    )
