"""A small city: the default ward and two more made with `create_ward`, a
library directive shared with all three, and notices of their own."""

import json

import pytest

CITY_LINES = {
    None: [
        {
            "kind": "directive",
            "shared": True,
            "doc_type": "Chỉ thị",
            "number": "29-CT/TU",
            "issuer": "Ban Thường vụ Thành ủy Đà Nẵng",
            "signed_on": "2013-12-10",
            "title": "Về “5 xây, 3 chống”",
            "summary": "Cán bộ trách nhiệm, chuyên nghiệp; chống quan liêu.",
            "body": "Toàn văn chỉ thị.",
        },
        {
            "kind": "directive",
            "shared": True,
            "doc_type": "Chỉ thị",
            "number": "12-CT/TU",
            "issuer": "Ban Thường vụ Thành ủy Đà Nẵng",
            "signed_on": "2020-05-04",
            "title": "Về trật tự đô thị",
            "summary": "Giữ vỉa hè thông thoáng.",
            "body": "Toàn văn.",
        },
        {
            "kind": "notice",
            "title": "Thông báo họp tổ dân phố Hải Châu",
            "published_on": "2026-11-20",
            "body": "Họp tổ dân phố số 1.",
            "directives": ["29-CT/TU"],
        },
    ],
    "localhost": [
        {
            "kind": "notice",
            "title": "Thông báo ngày Chủ nhật xanh Hòa Cường",
            "published_on": "2026-11-25",
            "body": "Dọn vệ sinh sáng Chủ nhật.",
            "directives": ["29-CT/TU"],
        }
    ],
    "127.0.0.2": [
        {
            "kind": "notice",
            "title": "Thông báo góp ý vỉa hè An Hải Bắc",
            "published_on": "2026-11-26",
            "body": "Lấy ý kiến về vỉa hè.",
        }
    ],
}


def write_lines(path, lines):
    path.write_text(
        "\n".join(json.dumps(line, ensure_ascii=False) for line in lines),
        encoding="utf-8",
    )
    return path


@pytest.fixture
def city(sections, tmp_path, private_index):
    """{"default", "hoa_cuong", "an_hai_bac"}: Sites; the default ward's host
    is the test site's own. Its pages go into an index of its own: tests
    count each ward's results."""
    from wagtail.models import Site

    from cms import wards
    from directives.importing import import_file

    default = Site.objects.get(is_default_site=True)
    import_file(write_lines(tmp_path / "default.jsonl", CITY_LINES[None]))
    hoa_cuong = wards.create_ward("localhost", "Phường Hòa Cường")
    an_hai_bac = wards.create_ward(
        "127.0.0.2", "Phường An Hải Bắc", district="Quận Sơn Trà"
    )
    for host, site in (("localhost", hoa_cuong), ("127.0.0.2", an_hai_bac)):
        import_file(
            write_lines(tmp_path / f"{host}.jsonl", CITY_LINES[host]), site=site
        )
    return {"default": default, "hoa_cuong": hoa_cuong, "an_hai_bac": an_hai_bac}


def host_of(site) -> str:
    return site.hostname if site.port == 80 else f"{site.hostname}:{site.port}"
