"""Staff of the ward and residents' messages for the inbox tests."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from cms.feedback.models import Feedback
from tests.factories import UserFactory

EDITORS, APPROVERS = "Biên tập viên", "Lãnh đạo phường"


@pytest.fixture
def editor(sections):
    return UserFactory(
        username="bientap", first_name="Nguyễn Thị", last_name="Lan", group=EDITORS
    )


@pytest.fixture
def leader(sections):
    return UserFactory(
        username="lanhdao", first_name="Trần Văn", last_name="Hùng", group=APPROVERS
    )


@pytest.fixture
def outsider(sections):
    """Staff with admin access and nothing of feedback."""
    user = UserFactory(username="khach")
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    return user


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(editor):
    return client_for(editor)


@pytest.fixture
def leader_client(leader):
    return client_for(leader)


def make_feedback(days_ago: int = 0, **fields) -> Feedback:
    """A message received `days_ago` days ago (its due date follows)."""
    received = timezone.now() - datetime.timedelta(days=days_ago)
    defaults = {
        "topic": "hoi-dap",
        "message": "Xin hỏi thủ tục đăng ký tạm trú cần những giấy tờ gì?",
        "received_at": received,
    }
    return Feedback.objects.create(**{**defaults, **fields})


def visible_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "template", "code"]):
        tag.decompose()
    return soup.get_text(" ")


def shown_messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]
