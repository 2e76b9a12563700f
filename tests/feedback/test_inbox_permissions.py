"""Only the ward's staff with the feedback permissions open the inbox, a
message, the figures and the page ratings."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from cms.feedback.models import PageRating, Status

from .conftest import client_for, make_feedback

pytestmark = pytest.mark.django_db


def screens(feedback) -> list[str]:
    return [
        "/admin/gop-y/",
        "/admin/gop-y/results/",
        reverse("feedback:edit", args=(feedback.pk,)),
        "/admin/thong-ke-gop-y/",
        "/admin/thong-ke-gop-y/?export=csv",
        "/admin/danh-gia-trang/",
    ]


@pytest.mark.parametrize("who", ["editor", "leader"])
def test_the_wards_groups_open_every_screen(request, who):
    client = client_for(request.getfixturevalue(who))
    for url in screens(make_feedback()):
        assert client.get(url).status_code == 200, url


def test_staff_without_the_permission_get_wagtails_refusal(outsider):
    client = client_for(outsider)
    feedback = make_feedback()
    for url in screens(feedback):
        response = client.get(url, follow=True)
        assert response.redirect_chain[0] == ("/admin/", 302), url
        assert "Rất tiếc, bạn không có quyền truy cập khu vực này." in (
            response.content.decode()
        ), url
    response = client.post(
        reverse("feedback:edit", args=(feedback.pk,)),
        {"action": "answer", "answer-text": "Không được."},
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == Status.NEW and not feedback.events.exists()


def test_visitors_are_sent_to_the_login(client, sections):
    feedback = make_feedback()
    for url in screens(feedback):
        assert client.get(url).url.startswith("/admin/login/"), url


def test_reading_is_not_handling(outsider):
    """view_feedback alone: the message is shown, no action is offered or
    accepted."""
    outsider.user_permissions.add(Permission.objects.get(codename="view_feedback"))
    client = client_for(outsider)
    feedback = make_feedback()
    url = reverse("feedback:edit", args=(feedback.pk,))
    html = client.get(url).content.decode()
    assert feedback.code in html and "Gửi câu trả lời" not in html
    response = client.post(url, {"action": "note", "note-text": "Thử."})
    assert response.status_code == 302 and response.url == "/admin/"
    assert not feedback.events.exists()


def test_page_ratings_need_their_own_permission(outsider, sections):
    outsider.user_permissions.add(Permission.objects.get(codename="view_feedback"))
    client = client_for(outsider)
    assert client.get("/admin/danh-gia-trang/").url == "/admin/"
    outsider.user_permissions.add(Permission.objects.get(codename="view_pagerating"))
    PageRating.count(sections["NoticeIndexPage"], useful=True)
    assert client.get("/admin/danh-gia-trang/").status_code == 200
