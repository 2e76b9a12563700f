"""The open read-only API (Wagtail API v2): what residents may see, nothing more."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from directives.models import DirectivePage, NoticePage, ProcedurePage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def listing(client, **params):
    response = client.get("/api/v2/pages/", params, HTTP_ACCEPT="text/html")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"  # never the browsable UI
    return response.json()


def ids(data):
    return {item["id"] for item in data["items"]}


def test_only_live_public_unexpired_pages_whoever_asks(client, demo):
    everything = ids(listing(client, limit=100))
    draft = NoticePage.objects.first()
    draft.unpublish()
    private = DirectivePage.objects.get(number="29-CT/TU")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    expired = ProcedurePage.objects.get(title="Đăng ký tạm trú")
    expired.expire_at = timezone.now() - datetime.timedelta(minutes=5)
    expired.save(update_fields=["expire_at"])
    hidden = {draft.pk, private.pk, expired.pk}
    assert hidden <= everything
    client.force_login(UserFactory(username="editor", is_superuser=True))
    for params in ({}, {"search": "đăng ký"}, {"search": "29 ct tu"}):
        shown = ids(listing(client, limit=100, **params))
        assert not shown & hidden, params
    for page in hidden:
        response = client.get(f"/api/v2/pages/{page}/")
        assert response.status_code == 404
        assert response.json()["message"].startswith("Không có trang này")


def test_page_types_expose_their_public_fields(client, demo):
    directive = DirectivePage.objects.get(number="29-CT/TU")
    data = client.get(f"/api/v2/pages/{directive.pk}/").json()
    assert data["number"] == "29-CT/TU" and data["doc_type"] == "Chỉ thị"
    assert data["issuer_name"] == directive.issuer.name
    assert data["summary"] == directive.summary and data["status"] == "in_force"
    assert data["meta"]["html_url"] == directive.get_full_url()
    for staff_only in ("owner", "latest_revision", "locked_by", "live_revision"):
        assert staff_only not in data and staff_only not in data["meta"]
    procedures = listing(
        client, type="directives.ProcedurePage", fields="fee,field,online_url"
    )
    assert procedures["meta"]["total_count"] == ProcedurePage.objects.count()
    first = procedures["items"][0]
    assert {"fee", "field", "online_url"} <= set(first)


def test_bad_parameters_are_a_vietnamese_400(client, demo):
    for params in ({"type": "khong.Co"}, {"fields": "owner"}, {"limit": "x"}):
        response = client.get("/api/v2/pages/", params)
        assert response.status_code == 400, params
        assert response.json()["message"] == "Tham số không hợp lệ."
