"""The demo city: the first ward (the default site) and two more, each with
its own notices, all showing the city library's five directives.

Hosts are loopback names `make run` answers on: 127.0.0.1 (the first ward),
localhost and 127.0.0.2. Their addresses, phone numbers and people are
invented.
"""

from pathlib import Path

from cms import wards
from cms.models import WardSettings
from cms.site_structure import site_address
from directives.importing import import_file

from .users import create_users

HERE = Path(__file__).parent

# host name, ward, district ("" for a ward directly under the city), file,
# settings where blank
WARDS = [
    (
        "localhost",
        "Phường Hòa Cường",
        "",
        HERE / "hoa-cuong.jsonl",
        {
            "address": "Số 1 Lê Thanh Nghị, phường Hòa Cường, thành phố Đà Nẵng",
            "hotline": "0236 3600 001",
            "one_stop_address": "Tầng 1, trụ sở Ủy ban nhân dân phường",
            "one_stop_hours": "Sáng 7h30–11h30, chiều 13h30–17h00, thứ Hai đến thứ Sáu",
        },
    ),
    (
        "127.0.0.2",
        "Phường An Hải Bắc",
        "Quận Sơn Trà",
        HERE / "an-hai-bac.jsonl",
        {
            "address": (
                "Số 2 Ngô Quyền, phường An Hải Bắc, quận Sơn Trà, thành phố Đà Nẵng"
            ),
            "hotline": "0236 3600 002",
            "one_stop_address": "Tầng trệt, trụ sở Ủy ban nhân dân phường",
            "one_stop_hours": "Sáng 7h30–11h30, chiều 13h30–17h00, thứ Hai đến thứ Sáu",
        },
    ),
]

# username, password, group, (first, last name)
USERS = [
    ("hoacuong", "hoacuong", f"{wards.EDITORS} – Phường Hòa Cường", ("Lê Thị", "Hoa")),
    ("thanhpho", "thanhpho", wards.CITY_LEADERS, ("Phạm Minh", "Tuấn")),
]


def create_demo_wards(stdout=None) -> list:
    """The two other wards, once each; their content imported every run
    (the import leaves what is unchanged alone)."""
    _hostname, port = site_address()
    sites = []
    for host, name, district, content, details in WARDS:
        site = wards.site_for_host(f"{host}:{port}")
        if site is None:
            site = wards.create_ward(f"{host}:{port}", name, district=district)
        settings = WardSettings.for_site(site)
        if not settings.address:
            for field, value in details.items():
                setattr(settings, field, value)
            settings.save()
        report = import_file(content, site=site)
        if stdout:
            stdout.write(f"{name} ({host}:{port}): {report.summary()}")
        sites.append(site)
    create_users(USERS)
    return sites
