"""The demo ward's Hỏi đáp and inbox: realistic, invented senders, loaded
once (a second `load_demo` changes nothing), never a sender in public."""

import pytest
from wagtail.models import Revision

from cms.demo import answers as demo_content
from cms.demo.loader import load_demo
from cms.feedback.models import AnswerPage, Feedback, FeedbackEvent, Status
from tests.feedback.answers import assert_no_personal_data

pytestmark = pytest.mark.django_db


def counts():
    return {
        "answers": AnswerPage.objects.count(),
        "live answers": AnswerPage.objects.live().count(),
        "feedback": list(
            Feedback.objects.order_by("code").values_list(
                "code", "status", "received_at", "due_on", "answer_page"
            )
        ),
        "events": FeedbackEvent.objects.count(),
        "revisions": Revision.objects.count(),
    }


def test_the_demo_has_answers_and_an_inbox(demo):
    answers = AnswerPage.objects.visible()
    assert 4 <= answers.count() <= 5
    offices = set(answers.values_list("office", flat=True))
    assert {"Công an phường", "Bộ phận tiếp nhận và trả kết quả"} <= offices
    about = [a.about_page_for_residents() for a in answers]
    assert sum(page is not None for page in about) >= 3
    feedback = Feedback.objects.all()
    assert 6 <= feedback.count() <= 8
    assert set(feedback.values_list("status", flat=True)) == set(Status.values)
    assert len(set(feedback.values_list("topic", flat=True))) == 4
    assert Feedback.objects.overdue().count() >= 2
    assert len(set(feedback.exclude(to_dan_pho="").values_list("to_dan_pho"))) >= 4
    for item in feedback:
        assert item.phone in ("", f"09000000{item.code[-2:]}")
        assert not item.email or item.email.endswith("@example.org")
    published = feedback.exclude(answer_page=None)
    assert published.count() == 4
    assert all(item.may_publish for item in published)
    assert all(item.latest_answer() for item in published)


def test_the_demo_loads_twice_without_change(demo):
    before = counts()
    load_demo(city=False)  # the same one ward (test_demo loads the city)
    assert counts() == before


def test_no_demo_sender_on_public_pages(demo, client):
    senders = [
        value
        for spec in demo_content.FEEDBACK
        for value in (spec["name"], spec["phone"], spec["email"])
        if value
    ]
    urls = ["/hoi-dap/", "/api/search/?q=hoi+dap", "/sitemap.xml"]
    urls += [page.url for page in AnswerPage.objects.live()]
    urls += ["/api/v2/pages/?type=feedback.AnswerPage&fields=*"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert_no_personal_data(text, url)
        for value in senders:
            assert value not in text, (value, url)


def test_demo_answers_are_listed_and_linked_both_ways(demo, client):
    html = client.get("/hoi-dap/").content.decode()
    for spec in demo_content.ANSWERS:
        assert spec["title"] in html
    chung_thuc = AnswerPage.objects.get(slug="chung-thuc-ban-sao-thu-bay")
    procedure = chung_thuc.about_page_for_residents()
    assert procedure.title == "Chứng thực bản sao từ bản chính"
    html = client.get(procedure.url).content.decode()
    assert "Hỏi đáp về trang này" in html
    assert chung_thuc.title in html
