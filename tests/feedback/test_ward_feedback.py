"""Feedback when one installation serves several wards: a message, an answer
and a "hữu ích" vote stay on their own ward. The default test site
(127.0.0.1:8000) is one ward, "Phường Hòa Cường" on localhost the other."""

import pytest
from django.test import Client
from wagtail.models import Page, Site

from cms import wards
from cms.feedback import handling
from cms.feedback.forms import FeedbackForm, page_for_residents
from cms.feedback.models import AnswerPage, Feedback, PageRating, QuestionIndexPage
from tests.factories import NoticePageFactory

from .answers import add_answer
from .conftest import make_feedback

pytestmark = pytest.mark.django_db

HOST_A = "127.0.0.1:8000"
HOST_B = "localhost"
WARD_B = "Phường Hòa Cường"
MESSAGE = "Xin hỏi lịch thu gom rác của tổ dân phố?"


def section_of(site, model) -> Page:
    return model.objects.descendant_of(site.root_page).order_by("path").first()


@pytest.fixture
def city(sections, private_index):
    """Two wards, each with a notice of its own."""
    site_a = Site.objects.get(is_default_site=True)
    site_b = wards.create_ward(HOST_B, WARD_B)
    notice_model = sections["NoticeIndexPage"].specific_class
    notice_a = NoticePageFactory(
        parent=sections["NoticeIndexPage"], title="Thông báo của phường thứ nhất"
    )
    notice_b = NoticePageFactory(
        parent=section_of(site_b, notice_model), title="Thông báo của Hòa Cường"
    )
    return {
        "a": site_a,
        "b": site_b,
        "notice_a": notice_a,
        "notice_b": notice_b,
        "answers_a": sections["QuestionIndexPage"],
        "answers_b": section_of(site_b, QuestionIndexPage),
    }


def client_on(host: str) -> Client:
    return Client(HTTP_HOST=host)


def path_of(page, site) -> str:
    return page.relative_url(site)


# --- 4. The page a message is about is a page of the request's ward ------------


def test_page_for_residents_is_narrowed_to_the_ward(city):
    notice_a, notice_b = city["notice_a"], city["notice_b"]
    assert page_for_residents(notice_a.pk, city["a"]).pk == notice_a.pk
    assert page_for_residents(notice_a.pk, city["b"]) is None
    assert page_for_residents(str(notice_b.pk), city["b"]).pk == notice_b.pk
    assert page_for_residents(notice_b.pk, city["a"]) is None
    # No ward: every ward's page (the rule for residents still applies).
    assert page_for_residents(notice_b.pk, None).pk == notice_b.pk
    assert page_for_residents("abc", city["b"]) is None


def test_the_form_drops_another_wards_page(city):
    data = {"topic": "hoi-dap", "message": MESSAGE, "page": str(city["notice_a"].pk)}
    form = FeedbackForm(data, site=city["b"])
    assert form.is_valid(), form.errors
    assert form.cleaned_data["page"] is None
    form = FeedbackForm(data, site=city["a"])
    assert form.is_valid(), form.errors
    assert form.cleaned_data["page"].pk == city["notice_a"].pk


def test_trang_names_only_a_page_of_this_ward(city):
    client = client_on(HOST_B)
    html = client.get("/gop-y/", {"trang": city["notice_a"].pk}).content.decode()
    assert city["notice_a"].title not in html
    assert f'value="{city["notice_a"].pk}"' not in html
    html = client.get("/gop-y/", {"trang": city["notice_b"].pk}).content.decode()
    assert city["notice_b"].title in html
    html = client_on(HOST_A).get("/gop-y/", {"trang": city["notice_a"].pk})
    assert city["notice_a"].title in html.content.decode()


def test_a_message_sent_on_one_ward_about_anothers_page_keeps_no_page(city):
    client = client_on(HOST_B)
    data = {"topic": "hoi-dap", "message": MESSAGE}
    response = client.post("/gop-y/", {**data, "page": city["notice_a"].pk})
    assert response.status_code == 303
    feedback = Feedback.objects.get()
    assert feedback.site_id == city["b"].pk
    assert feedback.page is None and feedback.sent_from == ""

    response = client.post("/gop-y/", {**data, "page": city["notice_b"].pk})
    assert response.status_code == 303
    feedback = Feedback.objects.exclude(pk=feedback.pk).get()
    assert (feedback.site_id, feedback.page_id) == (city["b"].pk, city["notice_b"].pk)


def test_a_corrected_form_does_not_name_another_wards_page(city):
    response = client_on(HOST_B).post(
        "/gop-y/", {"topic": "hoi-dap", "message": "", "page": city["notice_a"].pk}
    )
    assert response.status_code == 400
    assert "Vui lòng viết nội dung góp ý." in response.content.decode()
    assert city["notice_a"].title not in response.content.decode()
    assert not Feedback.objects.exists()


def test_an_answer_of_another_ward_is_not_shown_on_a_page(city):
    notice_a = city["notice_a"]
    own = add_answer(
        city["answers_a"], title="Câu trả lời của phường thứ nhất", about_page=notice_a
    )
    other = add_answer(
        city["answers_b"], title="Câu trả lời của Hòa Cường", about_page=notice_a
    )
    assert [a.pk for a in AnswerPage.objects.about(notice_a)] == [own.pk]
    html = client_on(HOST_A).get(path_of(notice_a, city["a"])).content.decode()
    assert own.title in html
    assert other.title not in html
    # Nor does the other ward's answer link to this ward's page.
    assert other.about_page_for_residents() is None
    assert own.about_page_for_residents().pk == notice_a.pk


def test_publishing_a_message_about_another_wards_page_drops_the_page(city, editor):
    # A message sent across wards before the form was narrowed to its ward.
    stray = make_feedback(may_publish=True, site=city["b"], page=city["notice_a"])
    handling.answer(stray, "Phường đã trả lời.", editor)
    page = handling.publish_draft(stray, editor)
    assert page.get_parent().pk == city["answers_b"].pk
    assert page.about_page is None

    own = make_feedback(may_publish=True, site=city["b"], page=city["notice_b"])
    handling.answer(own, "Phường đã trả lời.", editor)
    page = handling.publish_draft(own, editor)
    assert page.about_page_id == city["notice_b"].pk


# --- 5. "Trang này có hữu ích không?" --------------------------------------------


def test_a_vote_for_another_wards_page_is_404(city):
    response = client_on(HOST_B).post(
        "/gop-y/huu-ich/", {"page": city["notice_a"].pk, "huu_ich": "co"}
    )
    assert response.status_code == 404
    assert not PageRating.objects.exists()


def test_a_vote_stays_on_its_wards_address(city):
    notice_b = city["notice_b"]
    response = client_on(HOST_B).post(
        "/gop-y/huu-ich/", {"page": notice_b.pk, "huu_ich": "khong"}
    )
    assert response.status_code == 303
    path = path_of(notice_b, city["b"])
    assert path.startswith("/")
    assert response["Location"] == f"{path}?da-danh-gia=khong#huu-ich"
    assert PageRating.objects.get(page=notice_b).not_useful == 1


def test_an_unknown_page_or_garbage_is_as_before(city):
    client = client_on(HOST_B)
    response = client.post("/gop-y/huu-ich/", {"page": "999999", "huu_ich": "co"})
    assert response.status_code == 404
    response = client.post("/gop-y/huu-ich/", {"page": "abc", "huu_ich": "co"})
    assert response.status_code == 400
    assert "Không ghi nhận được đánh giá" in response.content.decode()


# --- 13. A message's status is shown on its own ward ------------------------------


def test_the_status_on_another_wards_host_redirects_to_its_own(city):
    feedback = make_feedback(site=city["b"])
    path = f"/gop-y/da-nhan/{feedback.code}/"
    response = client_on(HOST_A).get(path, {"x": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"{city['b'].root_url}{path}?x=1"

    response = client_on(HOST_B).get(path)
    assert response.status_code == 200
    assert WARD_B in response.content.decode()

    feedback_a = make_feedback(site=city["a"])
    path_a = f"/gop-y/da-nhan/{feedback_a.code}/"
    response = client_on(HOST_B).get(path_a)
    assert response.status_code == 302
    assert response["Location"] == f"{city['a'].root_url}{path_a}"
    assert client_on(HOST_A).get(path_a).status_code == 200


def test_a_message_of_no_ward_is_shown_on_any(city):
    feedback = make_feedback(site=None)
    for host in (HOST_A, HOST_B):
        response = client_on(host).get(f"/gop-y/da-nhan/{feedback.code}/")
        assert response.status_code == 200, host


def test_lookup_on_another_wards_host_redirects_to_its_own(city):
    feedback = make_feedback(site=city["b"])
    typed = feedback.code.lower().replace("-", " ")
    response = client_on(HOST_A).get("/gop-y/tra-cuu/", {"ma": typed})
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"{city['b'].root_url}/gop-y/tra-cuu/?ma=")
    # There, the lookup leads to the status page on that ward.
    response = client_on(HOST_B).get("/gop-y/tra-cuu/", {"ma": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/gop-y/da-nhan/{feedback.code}/"
    # An unknown code still goes to the (404) status page on this host.
    response = client_on(HOST_A).get("/gop-y/tra-cuu/", {"ma": "GY-0000-0000"})
    assert response["Location"] == "/gop-y/da-nhan/GY-0000-0000/"
