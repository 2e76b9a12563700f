"""Hostile input on every public address: never a server error.

Property-based (hypothesis): any text in any query parameter of the search
page, the search API, suggestions, the loudspeaker programme, feeds and the
renditions of a page, any path under the portal, and any fields sent to
feedback (`/gop-y/`, its lookup, status and "useful?" addresses) answers
with a status below 500 (a 200, a 400 with a Vietnamese message, a 404, a
redirect).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import DirectivePageFactory, NoticePageFactory

TEXT = st.one_of(
    st.text(max_size=200),
    st.text(alphabet="\"'()[]{}*-+:^~!?\\/|&<>%.;=# \t\n", max_size=40),
    st.sampled_from(
        [
            "'; DROP TABLE wagtailcore_page; --",
            "\x00",
            "\x0b\x0c\x1f",
            "../../../../etc/passwd",
            "%00",
            "9999-12-31",
            "0001-01-01",
            "31/12/9999",
            "00/00/0000",
            "2026-W01-1",
            "-1",
            "99999999999999999999",
            "1e309",
            "NaN",
            "🔥" * 30,
            "a" * 5000,
            "chi\u0309 thi\u0323 29",
        ]
    ),
)
PARAMS = ("q", "kind", "doc_type", "issuer", "status", "year", "page", "tuan")
ADDRESSES = (
    "/tim-kiem/",
    "/api/search/",
    "/api/search/suggest/",
    "/phat-thanh/",
    "/phat-thanh/hom-nay/",
    "/feed/van-ban/rss/",
    "/feed/thong-bao/atom/",
    "/sitemap.xml",
    "/van-ban/",
    "/thong-bao/",
)
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@pytest.fixture
def portal(sections):
    directive = DirectivePageFactory(
        parent=sections["DirectiveIndexPage"], number="29-CT/TU"
    )
    notice = NoticePageFactory(parent=sections["NoticeIndexPage"])
    return [directive, notice]


@pytest.mark.django_db
@SETTINGS
@given(
    address=st.sampled_from(ADDRESSES),
    params=st.dictionaries(st.sampled_from(PARAMS), TEXT, max_size=4),
)
def test_any_parameters_on_any_public_address(client, portal, address, params):
    response = client.get(address, params)
    assert response.status_code < 500, (address, params, response.status_code)


@pytest.mark.django_db
@SETTINGS
@given(
    suffix=TEXT, rendition=st.sampled_from(["", "loa.txt", "loa.html", "poster.pdf"])
)
def test_any_path_under_a_page_or_its_renditions(
    client, portal, pango, suffix, rendition
):
    from urllib.parse import quote

    for page in portal:
        path = f"{page.url}{quote(suffix, safe='/')}{rendition}"
        response = client.get(path, {"tuan": suffix[:20]})
        assert response.status_code < 500, (path, response.status_code)


KNOWN = [
    "/phat-thanh/?tuan=9999-12-31",
    "/phat-thanh/?tuan=0001-01-01",
    "/phat-thanh/?tuan=31/12/9999",
    "/phat-thanh/?tuan=01/01/0001",
    "/api/search/?year=99999999999999999999",
    "/api/search/?page=99999999999999999999",
    "/tim-kiem/?q=%00&page=-1",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", KNOWN)
def test_inputs_that_once_answered_500(client, portal, url):
    assert client.get(url).status_code < 500


DAYS = st.dates().flatmap(
    lambda d: st.sampled_from([d.isoformat(), f"{d.day:02}/{d.month:02}/{d.year:04}"])
)


@pytest.mark.django_db
@SETTINGS
@given(day=st.one_of(DAYS, TEXT))
def test_any_week_of_the_programme(client, portal, day):
    for address in ("/phat-thanh/", "/phat-thanh/hom-nay/"):
        response = client.get(address, {"tuan": day})
        assert response.status_code < 500, (address, day)


FEEDBACK_FIELDS = (
    "topic",
    "message",
    "name",
    "phone",
    "email",
    "to_dan_pho",
    "page",
    "source",
    "publish",
    "website",
    "huu_ich",
    "ma",
    "trang",
)
FEEDBACK_VALUES = st.one_of(
    TEXT, st.sampled_from(["hoi-dap", "gop-y", "co", "khong", "on", "1", "²"])
)


@pytest.mark.django_db
@SETTINGS
@given(
    fields=st.dictionaries(st.sampled_from(FEEDBACK_FIELDS), FEEDBACK_VALUES),
    code=TEXT,
)
def test_any_fields_sent_to_feedback(client, portal, fields, code):
    from urllib.parse import quote

    from django.core.cache import cache

    cache.clear()  # the per-address limits would answer 429 to the rest
    for address in ("/gop-y/", "/gop-y/tra-cuu/"):
        response = client.get(address, fields)
        assert response.status_code < 500, (address, fields)
    for address in ("/gop-y/", "/gop-y/huu-ich/"):
        response = client.post(address, fields)
        assert response.status_code < 500, (address, fields)
    path = f"/gop-y/da-nhan/{quote(code, safe='')}/"
    assert client.get(path).status_code < 500, path
