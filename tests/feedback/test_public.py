"""The public side of Hỏi đáp: /hoi-dap/, an answer's page, the box under a
page, the API, the sitemap, "was this page useful?" and the prefilled form.
Only live, public answers are ever shown, and never who asked."""

import datetime
import json
import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from cms.feedback.models import AnswerPage, PageRating
from cms.feedback.views import PREFILL_MAX
from tests.feedback.answers import add_answer, assert_no_personal_data, qa_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def html_of(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, url
    return response.content.decode()


def test_the_list_shows_live_public_answers_only(client, qa):
    html = html_of(client, "/hoi-dap/")
    assert "<h1>Hỏi đáp</h1>" in html
    assert qa["live"].title in html
    assert f'href="{qa["live"].url}"' in html
    assert "Công an phường, ngày 03/11/2026" in html
    assert "Mưa lớn là kiệt nhà tôi ngập" in html  # the question's first words
    for page in qa["hidden"]:
        assert page.title not in html
    assert 'href="/gop-y/?loai=hoi-dap">Gửi câu hỏi</a>' in html
    assert_no_personal_data(html, "/hoi-dap/")


def test_the_list_filters_by_topic(client, qa):
    add_answer(qa["section"], title="Góp ý về giờ phát loa", topic="gop-y")
    html = html_of(client, "/hoi-dap/", loai="gop-y")
    assert "Góp ý về giờ phát loa" in html
    assert qa["live"].title not in html
    assert '<a href="?loai=gop-y" aria-current="true">Góp ý</a>' in html
    # An unknown topic is no filter.
    html = html_of(client, "/hoi-dap/", loai="<script>")
    assert "Góp ý về giờ phát loa" in html and qa["live"].title in html
    assert "&lt;script&gt;" not in html and "<script>" not in html.split("<body")[1]


def test_an_empty_list_says_so_in_vietnamese(client, sections):
    html = html_of(client, "/hoi-dap/")
    assert "Chưa có câu hỏi nào được trả lời công khai." in html
    html = html_of(client, "/hoi-dap/", loai="danh-gia")
    assert "Chưa có câu trả lời nào thuộc loại này." in html


def test_the_list_is_paginated(client, sections, monkeypatch):
    from cms.feedback.models import QuestionIndexPage

    monkeypatch.setattr(QuestionIndexPage, "per_page", 2)
    for n in range(3):
        add_answer(sections["QuestionIndexPage"], title=f"Câu hỏi số {n}")
    html = html_of(client, "/hoi-dap/")
    assert "Trang 1/2" in html
    assert "Câu hỏi số 0" in html_of(client, "/hoi-dap/", page=2)


def test_an_answer_page(client, qa):
    html = html_of(client, qa["live"].url)
    assert f"<h1>{qa['live'].title}</h1>" in html
    assert "Mưa lớn là kiệt nhà tôi ngập nửa bánh xe" in html
    assert f"<p>Phường đã đặt một máy {'bơm chìm'} ở đầu kiệt.</p>" in html
    assert "<p>Tổ dân phố báo phường khi nước lên quá mắt cá chân.</p>" in html
    assert "Trả lời: Công an phường, ngày 03/11/2026" in html
    assert f'<a href="{qa["notice"].url}">Thông báo lịch thu gom rác</a>' in html
    assert 'id="chia-se"' in html  # the share box
    assert 'href="/gop-y/?loai=hoi-dap">Gửi câu hỏi khác</a>' in html
    assert 'property="og:type" content="article"' in html
    assert_no_personal_data(html, "the answer page")


def test_the_answer_page_json_ld_is_a_qa_page_without_the_sender(client, qa):
    html = html_of(client, qa["live"].url)
    raw = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S
    ).group(1)
    data = json.loads(raw)
    assert data["@type"] == "QAPage"
    question = data["mainEntity"]
    assert question["@type"] == "Question"
    assert question["name"] == qa["live"].title
    assert question["acceptedAnswer"]["author"]["name"] == "Công an phường"
    assert "bơm chìm" in question["acceptedAnswer"]["text"]
    assert_no_personal_data(raw, "JSON-LD")


def test_share_title_and_subtitle(client, qa):
    from cms import sharing

    page = qa["live"]
    assert page.share_subtitle == "Trả lời: Công an phường, ngày 03/11/2026"
    text = sharing.plain_text(page)
    assert text.startswith(f"[Hỏi đáp] {page.title}\nTrả lời: Công an phường")
    html = html_of(client, page.url)
    assert f'property="og:title" content="{page.title}"' in html


def test_hidden_answers_are_nowhere_at_their_address(client, qa):
    for page in (qa["draft"], qa["unpublished"]):
        assert client.get(f"/hoi-dap/{page.slug}/").status_code == 404
    # A private one asks for its password and shows none of its text.
    html = client.get(qa["private"].url).content.decode()
    assert "Riêng tư: máy" not in html
    assert "Mật khẩu" in html


@pytest.mark.parametrize("hide", ["unpublish", "expire", "restrict"])
def test_a_hidden_about_page_is_not_linked(client, qa, hide):
    notice = qa["notice"]
    if hide == "unpublish":
        notice.unpublish()
    elif hide == "expire":  # past its expiry, before Wagtail unpublishes it
        Page.objects.filter(pk=notice.pk).update(
            expire_at=timezone.now() - datetime.timedelta(minutes=1)
        )
    else:
        PageViewRestriction.objects.create(
            page=notice, restriction_type=PageViewRestriction.LOGIN
        )
    html = html_of(client, qa["live"].url)
    assert "Câu hỏi này về trang" not in html
    assert "Thông báo lịch thu gom rác" not in html


def test_the_page_it_is_about_shows_its_answers(client, qa):
    html = html_of(client, qa["notice"].url)
    assert "Hỏi đáp về trang này" in html
    assert f'<a href="{qa["live"].url}">{qa["live"].title}</a>' in html
    for page in qa["hidden"]:
        assert page.title not in html
    assert "Góp ý về trang này" in html
    assert_no_personal_data(html, "the notice")


def test_the_api_has_live_answers_and_their_public_fields_only(client, qa):
    response = client.get(
        "/api/v2/pages/", {"type": "feedback.AnswerPage", "fields": "*"}
    )
    assert response.status_code == 200
    text = response.content.decode()
    items = response.json()["items"]
    assert [item["id"] for item in items] == [qa["live"].pk]
    item = items[0]
    assert item["office"] == "Công an phường"
    assert item["answered_on"] == "2026-11-03"
    assert "bơm chìm" in item["answer"]
    assert not {"name", "phone", "email", "sources", "about_page"} & set(item)
    assert_no_personal_data(text, "/api/v2/pages/")
    for page in qa["hidden"]:
        assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404
    detail = client.get(f"/api/v2/pages/{qa['live'].pk}/").content.decode()
    assert_no_personal_data(detail, "the API's detail")
    # A message is not a page: the API has no way to it.
    response = client.get("/api/v2/pages/", {"type": "feedback.Feedback"})
    assert response.status_code == 400


def test_the_sitemap_lists_live_answers_only(client, qa):
    xml = html_of(client, "/sitemap.xml")
    assert f"/hoi-dap/{qa['live'].slug}/" in xml
    for page in qa["hidden"]:
        assert f"/{page.slug}/" not in xml
    assert_no_personal_data(xml, "the sitemap")


def test_no_personal_data_in_feeds_and_search(client, qa):
    for url in (
        "/feed/van-ban/rss/",
        "/feed/van-ban/atom/",
        "/feed/thong-bao/rss/",
        "/feed/thong-bao/atom/",
        "/api/search/?q=ngap",
        "/api/search/?q=bimat",
        "/tim-kiem/?q=b%C3%ADm%E1%BA%ADt",
    ):
        assert_no_personal_data(html_of(client, url).replace("Bímật", "?"), url)
    # Searching for the sender finds nothing.
    assert client.get("/api/search/", {"q": "Bímật"}).json()["count"] == 0
    assert client.get("/api/search/", {"q": "0900000099"}).json()["count"] == 0


# --- "Trang này có hữu ích không?" ----------------------------------------


def test_the_helpful_box_counts_and_goes_back(client, qa):
    notice = qa["notice"]
    html = html_of(client, notice.url)
    assert "Trang này có hữu ích không?" in html
    assert 'action="/gop-y/huu-ich/"' in html
    response = client.post("/gop-y/huu-ich/", {"page": notice.pk, "huu_ich": "co"})
    assert response.status_code == 303
    assert response["Location"] == f"{notice.url}?da-danh-gia=co#huu-ich"
    client.post("/gop-y/huu-ich/", {"page": notice.pk, "huu_ich": "khong"})
    row = PageRating.objects.get(page=notice)
    assert (row.useful, row.not_useful) == (1, 1)
    thanked = html_of(client, notice.url, **{"da-danh-gia": "co"})
    assert "Cảm ơn bạn đã cho biết." in thanked
    assert 'action="/gop-y/huu-ich/"' not in thanked


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"page": "abc", "huu_ich": "co"},
        {"page": "1", "huu_ich": "maybe"},
        {"page": "9" * 40, "huu_ich": "co"},
    ],
)
def test_the_helpful_box_refuses_garbage(client, qa, data):
    response = client.post("/gop-y/huu-ich/", data)
    assert response.status_code == 400
    assert "Không ghi nhận được đánh giá" in response.content.decode()
    assert not PageRating.objects.exists()


def test_the_helpful_box_does_not_count_hidden_pages(client, qa):
    for page in qa["hidden"]:
        response = client.post("/gop-y/huu-ich/", {"page": page.pk, "huu_ich": "co"})
        assert response.status_code == 404
    assert not PageRating.objects.exists()


def test_a_page_not_live_gets_no_helpful_form():
    """A draft or a page never saved (the admin's preview): nobody could
    rate a page residents cannot see."""
    request = RequestFactory().get("/")
    template = Template("{% load feedback_tags %}{% helpful_box page %}")
    for page in (
        AnswerPage(title="Bản xem trước", question="?", answer="!"),
        Page(title="Trang chưa lưu", live=False),
    ):
        html = template.render(Context({"page": page, "request": request}))
        assert html.strip() == ""


def test_a_draft_preview_in_the_admin_has_no_helpful_form(admin_client, qa):
    page = qa["draft"]
    response = admin_client.get(f"/admin/pages/{page.pk}/view_draft/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bản nháp chưa duyệt về lịch thu gom" in html
    assert 'action="/gop-y/huu-ich/"' not in html


# --- The form, prefilled from a link ------------------------------------


def test_the_form_takes_a_topic_and_the_start_of_a_message(client, sections):
    html = html_of(client, "/gop-y/", loai="hoi-dap", **{"noi-dung": "giờ  tiếp dân"})
    assert re.search(r'value="hoi-dap"[^>]*checked', html)
    assert re.search(r"<textarea[^>]*>\s*giờ  tiếp dân</textarea>", html)


def test_the_prefill_is_checked(client, sections):
    html = html_of(client, "/gop-y/", loai="spam", **{"noi-dung": "x" * 2000})
    assert not re.search(r'value="spam"', html)
    assert re.search(r'value="hoi-dap"[^>]*checked', html)  # the form's default
    message = re.search(r"<textarea[^>]*>\s*(.*?)</textarea>", html, re.S).group(1)
    assert message == "x" * PREFILL_MAX
    # Control characters go, decomposed text is composed (NFC).
    html = html_of(client, "/gop-y/", **{"noi-dung": "Ho\u0300a\x00 <b>"})
    assert "Hòa &lt;b&gt;</textarea>" in html


def test_search_with_no_result_offers_the_form_with_the_query(client, sections):
    html = html_of(client, "/tim-kiem/", q="giấy phép nuôi chó")
    link = re.search(r'href="(/gop-y/\?[^"]+)">Gửi câu hỏi cho phường</a>', html)
    assert link, "no link to the form"
    url = link.group(1).replace("&amp;", "&")
    form = html_of(client, url)
    assert re.search(r'value="hoi-dap"[^>]*checked', form)
    assert "giấy phép nuôi chó</textarea>" in form
    assert "mailto:" not in html.split('class="dead-end"')[1].split("</section>")[0]
