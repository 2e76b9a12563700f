"""A database busy with a long import answers 503, never a bare 500."""

import pytest
from django.db import OperationalError


@pytest.fixture
def raising_client(client):
    client.raise_request_exception = False
    return client


@pytest.mark.django_db
def test_a_locked_database_is_a_503_that_says_nothing_was_saved(
    raising_client, monkeypatch, sections
):
    from search import views

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(views, "search", locked)
    response = raising_client.get("/tim-kiem/", {"q": "chỉ thị"})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    text = response.content.decode()
    assert "Hệ thống đang bận" in text and "chưa được lưu" in text


@pytest.mark.django_db
def test_other_errors_stay_the_vietnamese_500(raising_client, monkeypatch, sections):
    from search import views

    def broken(*args, **kwargs):
        raise OperationalError("no such table: x")

    monkeypatch.setattr(views, "search", broken)
    response = raising_client.get("/tim-kiem/", {"q": "chỉ thị"})
    assert response.status_code == 500
    assert "Xin lỗi, hệ thống đang gặp sự cố" in response.content.decode()
