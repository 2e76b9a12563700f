import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Revision, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from directives.models import NoticePage
from tests.factories import NoticePageFactory, UserFactory

EDITORS, APPROVERS = "Biên tập viên", "Lãnh đạo phường"


@pytest.fixture
def editor(db):
    return UserFactory(username="bientap1", group=EDITORS)


@pytest.fixture
def approver(db):
    return UserFactory(username="lanhdao1", group=APPROVERS)


def notice_form(title, **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": "thong-bao-thu-nghiem",
            "published_on": "21/11/2026",
            "valid_until": "31/12/2026",
            "posted_at": "Bảng tin trụ sở",
            "audience": "Toàn phường",
            "body": streamfield(
                [("paragraph", rich_text("<p>Nội dung thông báo.</p>"))]
            ),
            "campaign": "",
            **extra,
        }
    )


def add_notice(client, parent, title, action):
    url = reverse(
        "wagtailadmin_pages:add", args=("directives", "noticepage", parent.pk)
    )
    return client.post(url, notice_form(title, **{action: action}))


@pytest.mark.django_db
def test_groups_and_workflow_exist_after_migrate():
    assert Group.objects.filter(name__in=[EDITORS, APPROVERS]).count() == 2
    root = Page.get_first_root_node()
    workflow = root.get_workflow()
    assert workflow.name == "Phê duyệt của lãnh đạo phường"
    task = workflow.tasks.get().specific
    assert [g.name for g in task.groups.all()] == [APPROVERS]


@pytest.mark.django_db
def test_every_section_is_under_the_approval_workflow(sections):
    for name in ("DirectiveIndexPage", "NoticeIndexPage", "ArticleIndexPage"):
        assert sections[name].get_workflow().name == "Phê duyệt của lãnh đạo phường"


@pytest.mark.django_db
def test_editor_cannot_publish_directly(client, sections, editor):
    parent = sections["NoticeIndexPage"]
    assert not parent.permissions_for_user(editor).can_publish_subpage()
    client.force_login(editor)
    response = add_notice(
        client, parent, "Thông báo biên tập viên tự đăng", "action-publish"
    )
    assert response.status_code in (200, 302, 403)
    page = NoticePage.objects.filter(title="Thông báo biên tập viên tự đăng").first()
    assert page is None or not page.live
    assert not NoticePage.objects.live().filter(title__contains="tự đăng").exists()


@pytest.mark.django_db
def test_editor_submits_and_ward_leader_approves(client, sections, editor, approver):
    parent = sections["NoticeIndexPage"]
    client.force_login(editor)
    response = add_notice(client, parent, "Thông báo chờ duyệt", "action-submit")
    assert response.status_code == 302, response.content[:2000]
    page = NoticePage.objects.get(title="Thông báo chờ duyệt")
    assert not page.live
    state = WorkflowState.objects.get(
        base_content_type__isnull=False, object_id=str(page.pk)
    )
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    # Not visible to residents while it waits.
    assert client.get(parent.url).content.decode().count("Thông báo chờ duyệt") == 0

    # The editor cannot approve their own submission.
    task = state.current_task_state.task.specific
    assert task.get_actions(page, editor) == []
    assert [a[0] for a in task.get_actions(page, approver)][:2] == ["reject", "approve"]

    client.force_login(approver)
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=(page.pk, "approve", state.current_task_state.pk),
    )
    response = client.post(url, {"comment": "Đồng ý đăng."})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED


@pytest.mark.django_db
def test_scheduled_publishing_and_expiry(sections):
    parent = sections["NoticeIndexPage"]
    page = NoticePageFactory(parent=parent, title="Thông báo hẹn giờ", live=False)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=2)
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live
    assert page.status_string  # "scheduled"
    revision = Revision.page_revisions.filter(object_id=str(page.pk)).latest(
        "created_at"
    )
    assert revision.approved_go_live_at is not None

    # Time passes (moved back rather than waited for): the scheduler publishes it.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live

    # Expiry unpublishes it.
    NoticePage.objects.filter(pk=page.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live and page.expired


@pytest.mark.django_db
def test_one_workflow_and_one_set_of_groups_in_vietnamese():
    from wagtail.models import Task, Workflow

    # The ward's two groups; city staff who only search every ward (search
    # migration 0005) have a group of their own.
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(
        [EDITORS, APPROVERS, "Cán bộ thành phố"]
    )
    assert list(Workflow.objects.values_list("name", flat=True)) == [
        "Phê duyệt của lãnh đạo phường"
    ]
    assert list(Task.objects.values_list("name", flat=True)) == [
        "Lãnh đạo phường duyệt"
    ]


@pytest.mark.django_db
def test_removing_wagtails_groups_keeps_their_members():
    """Members of "Editors"/"Moderators" (an older install) keep their access
    through the Vietnamese twin; a workflow with history is only retired."""
    from importlib import import_module

    from django.apps import apps
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage

    migration = import_module(
        "directives.migrations.0006_one_workflow_one_set_of_groups"
    )
    from wagtail.models import GroupPagePermission

    old_editors = Group.objects.create(name="Editors")
    old_moderators = Group.objects.create(name="Moderators")
    writer = UserFactory(username="writer")
    writer.groups.add(old_editors)
    boss = UserFactory(username="boss")
    boss.groups.add(old_moderators)
    root = Page.get_first_root_node()
    GroupPagePermission.objects.create(
        group=old_moderators, page=root, permission_type="unlock"
    )
    task = GroupApprovalTask.objects.create(name="Moderators approval")
    workflow = Workflow.objects.create(name="Moderators approval")
    workflow.workflow_tasks.create(task=task, sort_order=0)

    migration.merge_groups(apps, None)

    assert [g.name for g in writer.groups.all()] == [EDITORS]
    assert [g.name for g in boss.groups.all()] == [APPROVERS]
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert not WorkflowPage.objects.filter(workflow__name="Moderators approval")
    # What was granted to the English group stays with its twin.
    assert GroupPagePermission.objects.filter(
        group__name=APPROVERS, page=root, permission__codename="unlock_page"
    ).exists()


def submitted_notice(client, sections, editor, title):
    client.force_login(editor)
    response = add_notice(client, sections["NoticeIndexPage"], title, "action-submit")
    assert response.status_code == 302
    return NoticePage.objects.get(title=title)


@pytest.mark.django_db
def test_approver_has_one_publish_path_and_a_clear_message(
    client, sections, editor, approver
):
    page = submitted_notice(client, sections, editor, "Thông báo cần duyệt")
    client.force_login(approver)
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    html = client.get(edit_url).content.decode()
    assert 'data-workflow-action-name="approve"' in html
    assert "Phê duyệt và xuất bản" in html
    assert 'name="action-publish"' not in html

    data = notice_form(page.title)
    data["slug"] = page.slug
    response = client.post(
        edit_url,
        {**data, "action-workflow-action": "true", "workflow-action-name": "approve"},
        follow=True,
    )
    page.refresh_from_db()
    assert page.live
    shown = [str(m).strip() for m in response.context["messages"]]
    assert shown == ["Đã phê duyệt và xuất bản «Thông báo cần duyệt»."]


@pytest.mark.django_db
def test_request_changes_from_the_dashboard_says_so(client, sections, editor, approver):
    page = submitted_notice(client, sections, editor, "Thông báo cần sửa")
    state = page.current_workflow_state.current_task_state
    client.force_login(approver)
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=(page.pk, "reject", state.pk)
    )
    response = client.post(url, {"comment": "Ghi rõ giờ."}, follow=True)
    page.refresh_from_db()
    assert not page.live
    shown = [str(m).strip() for m in response.context["messages"]]
    # (The editor's own "submitted" message was never displayed in this test.)
    assert shown[-1:] == [
        "Đã yêu cầu chỉnh sửa «Thông báo cần sửa»: trang trở về người soạn, "
        "chưa xuất bản."
    ]
    # Nothing is left to decide: the leader is not offered to publish either.
    assert (
        'name="action-publish"'
        in client.get(
            reverse("wagtailadmin_pages:edit", args=(page.pk,))
        ).content.decode()
    )


@pytest.mark.django_db
def test_a_page_in_review_cannot_be_published_around_the_approval(
    client, sections, editor, approver
):
    page = submitted_notice(client, sections, editor, "Thông báo chờ lãnh đạo")
    client.force_login(approver)
    data = notice_form(page.title)
    data["slug"] = page.slug
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        {**data, "action-publish": "action-publish"},
        follow=True,
    )
    page.refresh_from_db()
    assert not page.live
    assert page.workflow_in_progress
    shown = [str(m).strip() for m in response.context["messages"]]
    assert shown[-1] == (
        "«Thông báo chờ lãnh đạo» đang chờ duyệt: hãy chọn “Phê duyệt và xuất bản” "
        "hoặc “Yêu cầu chỉnh sửa”."
    )


@pytest.mark.django_db
def test_bulk_publish_refuses_pages_in_review(client, sections, editor, approver):
    page = submitted_notice(client, sections, editor, "Thông báo chờ duyệt hàng loạt")
    client.force_login(approver)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    response = client.post(f"{url}?id={page.pk}", {}, follow=True)
    page.refresh_from_db()
    assert not page.live
    assert page.workflow_in_progress
    shown = [str(m).strip() for m in response.context["messages"]]
    assert shown[-1] == (
        "Không xuất bản hàng loạt được: «Thông báo chờ duyệt hàng loạt» đang chờ duyệt."
    )
