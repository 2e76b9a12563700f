"""Background work on a real worker (cms/background.py): the queues, retries,
heartbeats, rescue of lost jobs, pruning, the admin's "Việc chạy nền" screen
and the dashboard's warning; and what a publish hands to the worker."""

import datetime
import io
import json
import re
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page, PageViewRestriction, ReferenceIndex, Site

from cms import background, wards
from cms.models import WorkerHeartbeat
from directives import prerender
from directives.models import DirectivePage, RenditionRecord
from directives.prerender import Batch
from search.plan import Params
from search.query import search
from tests.conftest import import_weasyprint
from tests.factories import DirectivePageFactory, UserFactory
from tests.visible_text import english_words

CALLS = []


@task()
def failing_job(label: str) -> None:
    CALLS.append(label)
    raise RuntimeError(f"hỏng lần {len(CALLS)}")


background.register(failing_job, "Việc thử hỏng", attempts=3)


@task()
def easy_job(page_id: int) -> int:
    return page_id


background.register(easy_job, "Việc thử", subject=background.page_subject)


def screen(response, code: bool = True) -> str:
    """What a person reads on the page (no scripts, no styles; `code`:
    with commands and error lines)."""
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    for hidden in soup(["script", "style", "template", *([] if code else ["code"])]):
        hidden.decompose()
    return " ".join(soup.get_text(" ").split())


@pytest.fixture
def worker_queues(settings):
    """Both queues in the database, as in production."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
        "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    CALLS.clear()


def run_worker(backend="default"):
    call_command(
        "run_worker",
        "--backend",
        backend,
        "--batch",
        "--no-startup-delay",
        "--verbosity",
        "0",
        stdout=io.StringIO(),
    )


@pytest.fixture
def committed(transactional_db, django_db_serialized_rollback):
    """The worker closes its connection between jobs, as in production: the
    test's rows must be committed for it to see them."""


def test_a_failed_job_is_tried_again_later_until_its_attempts_are_spent(
    worker_queues, committed
):
    result = failing_job.enqueue("a")
    run_worker()
    row = DBTaskResult.objects.get(pk=result.id)
    assert CALLS == ["a"]
    # Back in the queue, 30 s later, the failure kept for the admin.
    assert row.status == "READY" and len(row.worker_ids) == 1
    wait = row.run_after - timezone.now()
    assert datetime.timedelta(seconds=20) < wait <= datetime.timedelta(seconds=30)
    assert "hỏng lần 1" in row.traceback
    # Not due yet: a worker leaves it.
    run_worker()
    assert CALLS == ["a"]

    for attempt in (2, 3):
        DBTaskResult.objects.filter(pk=row.pk).update(run_after=timezone.now())
        run_worker()
        row.refresh_from_db()
        assert len(CALLS) == attempt
    # Third failure: attempts spent, it stays failed.
    assert row.status == "FAILED" and len(row.worker_ids) == 3
    assert "hỏng lần 3" in row.traceback
    DBTaskResult.objects.filter(pk=row.pk).update(run_after=timezone.now())
    run_worker()
    assert len(CALLS) == 3

    # An administrator runs it again: a fresh count of attempts.
    assert background.run_again(str(row.pk))
    row.refresh_from_db()
    assert row.status == "READY" and row.worker_ids == []
    assert not background.run_again("không phải mã")
    assert not background.run_again(str(row.pk))  # no longer failed


def test_the_worker_beats_while_it_runs_and_leaves_no_heartbeat(
    worker_queues, committed
):
    easy_job.enqueue(7)
    beat = background.Heartbeat("w-test", "default", beat_s=0.05)
    beat.beat()
    assert background.alive_workers().filter(worker_id="w-test").exists()
    beat.stop()
    assert not WorkerHeartbeat.objects.exists()

    run_worker()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    # Stopped cleanly: its heartbeat is gone with it.
    assert not WorkerHeartbeat.objects.exists()


def test_jobs_of_a_dead_worker_go_back_in_the_queue(worker_queues, db):
    now = timezone.now()
    long_ago = now - datetime.timedelta(minutes=5)
    lost = DBTaskResult.objects.get(pk=easy_job.enqueue(1).id)
    spent = DBTaskResult.objects.get(pk=failing_job.enqueue("x").id)
    mine = DBTaskResult.objects.get(pk=easy_job.enqueue(2).id)
    DBTaskResult.objects.filter(pk=lost.pk).update(
        status="RUNNING", started_at=long_ago, worker_ids=["dead"]
    )
    DBTaskResult.objects.filter(pk=spent.pk).update(
        status="RUNNING", started_at=long_ago, worker_ids=["d1", "d2", "dead"]
    )
    DBTaskResult.objects.filter(pk=mine.pk).update(
        status="RUNNING", started_at=long_ago, worker_ids=["alive"]
    )
    WorkerHeartbeat.objects.create(
        worker_id="alive", backend="default", host="h", pid=1, seen_at=now
    )
    WorkerHeartbeat.objects.create(
        worker_id="dead",
        backend="default",
        host="h",
        pid=2,
        seen_at=now - datetime.timedelta(minutes=3),
    )
    assert background.rescue(now) == 1
    statuses = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert statuses[lost.pk] == "READY"
    assert statuses[spent.pk] == "FAILED"
    assert statuses[mine.pk] == "RUNNING"
    assert "dừng giữa chừng" in DBTaskResult.objects.get(pk=spent.pk).traceback


def test_old_results_are_pruned(worker_queues, db):
    now = timezone.now()
    old, recent, old_failed = (easy_job.enqueue(n).id for n in (1, 2, 3))
    DBTaskResult.objects.filter(pk=old).update(
        status="SUCCESSFUL", finished_at=now - datetime.timedelta(days=3)
    )
    DBTaskResult.objects.filter(pk=recent).update(
        status="SUCCESSFUL", finished_at=now - datetime.timedelta(hours=3)
    )
    DBTaskResult.objects.filter(pk=old_failed).update(
        status="FAILED", finished_at=now - datetime.timedelta(days=3)
    )
    assert background.prune(now) == 1
    left = {str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)}
    assert left == {recent, old_failed}


def test_a_queue_without_a_worker_is_stalled(worker_queues, db):
    easy_job.enqueue(1)
    state = {queue.backend: queue for queue in background.queue_state()}
    assert state["default"].waiting == 1 and state["default"].stalled
    assert not state["background"].stalled
    WorkerHeartbeat.objects.create(worker_id="w", backend="default", host="h", pid=1)
    state = {queue.backend: queue for queue in background.queue_state()}
    assert not state["default"].stalled and state["default"].workers == 1


def test_no_queue_to_watch_when_jobs_run_in_process(db):
    assert background.queue_state() == []


def test_the_administrator_sees_the_queue_and_runs_a_failed_job_again(
    worker_queues, db, client, sections
):
    page = DirectivePageFactory(
        parent=sections["DirectiveIndexPage"], title="Chỉ thị về phòng cháy"
    )
    easy_job.enqueue(page.pk)
    failed = DBTaskResult.objects.get(pk=failing_job.enqueue("y").id)
    DBTaskResult.objects.filter(pk=failed.pk).update(
        status="FAILED",
        finished_at=timezone.now(),
        worker_ids=["a", "b", "c"],
        traceback="Traceback …\nRuntimeError: máy in hết giấy\n",
    )
    client.force_login(UserFactory(username="qt", is_superuser=True))
    response = client.get("/admin/viec-chay-nen/")
    assert response.status_code == 200
    text = screen(response)
    assert re.search(r"Việc thử\s*:\s*Chỉ thị về phòng cháy", text)
    # Wagtail's own jobs, named too.
    assert re.search(r"Cập nhật chỉ mục tham chiếu\s*:[^:]*Chỉ thị về phòng cháy", text)
    assert "không có: việc đang đứng" in text  # no worker
    assert "RuntimeError: máy in hết giấy" in text
    assert "3/3" in text and "Chạy lại" in text
    # Everything but the job's own error (a programmer's message) and the
    # command to type is Vietnamese.
    assert english_words([screen(response, code=False)]) == []

    response = client.post("/admin/viec-chay-nen/", {"job": str(failed.pk)})
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == "READY"
    response = client.post("/admin/viec-chay-nen/", {"job": "<script>"}, follow=True)
    assert response.status_code == 200
    assert "không còn ở trạng thái lỗi" in screen(response)


def test_only_administrators_open_the_queue(worker_queues, db, client):
    client.force_login(UserFactory(username="bt", group="Biên tập viên"))
    response = client.get("/admin/viec-chay-nen/")
    assert response.status_code == 302
    assert client.post("/admin/viec-chay-nen/", {"job": "x"}).status_code == 302


def test_the_dashboard_says_when_no_worker_takes_the_jobs(worker_queues, db, client):
    client.force_login(UserFactory(username="bt", group="Biên tập viên"))
    assert "không có bộ xử lý nào chạy" not in screen(client.get("/admin/"))
    easy_job.enqueue(1)
    text = screen(client.get("/admin/"))
    assert "1 việc đang chờ, không có bộ xử lý nào chạy" in text
    assert "run_worker --backend default" in text
    WorkerHeartbeat.objects.create(worker_id="w", backend="default", host="h", pid=1)
    assert "không có bộ xử lý nào chạy" not in screen(client.get("/admin/"))


def test_a_publish_hands_the_index_audio_and_poster_to_the_worker(
    worker_queues, committed, settings, tmp_path, monkeypatch
):
    """Nothing slow in the request: publishing only queues; the worker then
    updates the index first, and makes the poster (not counted as printed)."""
    import_weasyprint()
    settings.DATA_DIR = tmp_path
    monkeypatch.setattr(prerender, "engine_installed", lambda: True)
    rendered = []
    monkeypatch.setattr(
        prerender,
        "render_audio",
        lambda page: rendered.append(page.pk) or SimpleNamespace(duration_s=9.5),
    )
    call_command("load_demo", stdout=io.StringIO())
    DBTaskResult.objects.all().delete()
    home = Site.objects.get(is_default_site=True).root_page
    parent = Page.objects.child_of(home).get(slug="van-ban")
    page = DirectivePageFactory(parent=parent, title="Chỉ thị về nước sạch")
    page.save_revision().publish()
    jobs = {
        row.task_path.rsplit(".", 1)[1]: row
        for row in DBTaskResult.objects.filter(status="READY")
    }
    assert set(jobs) == {
        "update_search_index",
        "render_page_audio",
        "render_page_poster",
        # Wagtail's own, after a save: the admin's search, the references.
        "insert_or_update_object_task",
        "update_reference_index_task",
    }
    assert jobs["update_search_index"].priority > jobs["render_page_poster"].priority
    assert not list((tmp_path / "posters").glob("**/*.pdf"))

    run_worker()
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert set(rendered) == {page.pk}
    assert list((tmp_path / "posters" / str(page.pk)).glob("A4-color-*.pdf"))
    assert not RenditionRecord.objects.filter(page_id=page.pk).exists()


def test_an_archive_import_makes_nothing_ahead(
    worker_queues, sections, settings, django_capture_on_commit_callbacks
):
    settings.PRERENDER_ON_PUBLISH_MAX = 2
    parent = sections["DirectiveIndexPage"]
    pages = [DirectivePageFactory(parent=parent, live=False) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for page in pages:
            page.save_revision().publish()
    batches = [c for c in callbacks if getattr(c, "__func__", None) is Batch.flush]
    assert len(batches) == 1  # one batch for the three
    assert not DBTaskResult.objects.filter(task_path__contains="prerender").exists()
    with django_capture_on_commit_callbacks(execute=True):
        pages[0].save_revision().publish()
    posters = DBTaskResult.objects.filter(task_path__endswith="render_page_poster")
    assert [row.args_kwargs["args"] for row in posters] == [[pages[0].pk]]


def test_pages_of_a_rolled_back_transaction_are_not_made(
    worker_queues, sections, django_capture_on_commit_callbacks
):
    parent = sections["DirectiveIndexPage"]
    gone, kept = (DirectivePageFactory(parent=parent, live=False) for _ in (1, 2))
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            gone.save_revision().publish()
            raise RuntimeError("hủy")
    with django_capture_on_commit_callbacks(execute=True):
        kept.save_revision().publish()
    made = DBTaskResult.objects.filter(task_path__endswith="render_page_poster")
    assert [row.args_kwargs["args"] for row in made] == [[kept.pk]]


def test_nothing_is_made_ahead_for_a_page_residents_may_not_see(sections):
    """The one rule (cms.visibility.for_residents): a page under a view
    restriction gets no poster and no audio made, even if it is live."""
    parent = sections["DirectiveIndexPage"]
    page = DirectivePageFactory(parent=parent)
    PageViewRestriction.objects.create(
        page=parent, restriction_type=PageViewRestriction.LOGIN
    )
    assert prerender.render_page_poster.call(page.pk) is None
    assert prerender.render_page_audio.call(page.pk) is None


def test_nothing_is_made_ahead_for_a_wards_copy_of_a_restricted_original(sections):
    """A ward's copy (alias) of a city-library directive sits outside the
    library's tree: a restriction on the library hides the copy too, so
    neither gets a poster or audio made ahead; once lifted, the copy does."""
    ward = wards.create_ward("phuong-c.example.vn", "Phường Thạch Thang")
    original = DirectivePageFactory(
        parent=wards.library(create=True), number="7-CT/TU", slug="chi-thi-7"
    )
    copy = wards.alias_in(original, ward)
    assert copy is not None and copy.live
    restriction = PageViewRestriction.objects.create(
        page=wards.library(), restriction_type=PageViewRestriction.LOGIN
    )
    for page in (original, copy):
        assert prerender.render_page_poster.call(page.pk) is None
        assert prerender.render_page_audio.call(page.pk) is None
    restriction.delete()
    import_weasyprint()
    assert prerender.render_page_poster.call(copy.pk) is not None


def _import(tmp_path, name: str, number: str, title: str) -> str:
    path = tmp_path / f"{name}.jsonl"
    line = {
        "kind": "directive",
        "doc_type": "Chỉ thị",
        "number": number,
        "issuer": "Ban Thường vụ Thành ủy Đà Nẵng",
        "signed_on": "2026-10-02",
        "title": title,
        "summary": "Tóm tắt cho người dân.",
        "body": "Đoạn một.\n\nĐoạn hai.",
    }
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_documents", str(path), stdout=out)
    return out.getvalue()


def _found(title_words: str) -> tuple[bool, bool]:
    """(in the portal's search, in the admin's search)."""
    portal = search(Params(q=title_words)).count > 0
    admin = DirectivePage.objects.search(title_words).count() > 0  # modelsearch
    return portal, admin


def test_an_import_leaves_both_search_indexes_to_a_live_worker(
    worker_queues, committed, private_index, tmp_path
):
    """With a live worker of the quick queue (`make run`), the import
    command returns once its rows are committed; the worker fills the
    portal's and the admin's search indexes. Without one, the command
    fills both before it returns."""
    WorkerHeartbeat.objects.create(
        worker_id="w-1", backend="default", host="localhost", pid=1
    )
    out = _import(tmp_path, "a", "41-CT/TU", "Về phòng chống ngập úng đô thị")
    assert "tiến trình chạy nền" in out
    queued = set(
        DBTaskResult.objects.filter(status="READY").values_list("task_path", flat=True)
    )
    assert {"search.tasks.update_search_index", "search.tasks.update_admin_index"} <= (
        queued
    )
    assert _found("ngập úng") == (False, False)
    page = DirectivePage.objects.get(number="41-CT/TU")
    # Wagtail's reference index ("usage" in the admin: the issuer), too.
    references = ReferenceIndex.objects.filter(object_id=str(page.pk))
    assert not references.exists()
    run_worker()
    assert _found("ngập úng") == (True, True)
    assert _found("ngap ung") == (True, True)  # both fold the marks
    assert references.exists()

    WorkerHeartbeat.objects.all().delete()  # the worker is gone
    out = _import(tmp_path, "b", "42-CT/TU", "Về giữ gìn vệ sinh kênh mương")
    assert "tiến trình chạy nền" not in out
    assert _found("kênh mương") == (True, True)


def test_the_worker_chosen_as_an_import_begins_still_takes_its_pages(
    worker_queues, committed, tmp_path, monkeypatch
):
    """On SQLite an import holds the one write lock: a live worker cannot
    write its heartbeat meanwhile and looks gone by the end of a long one.
    The import asks once, as it begins, and leaves its pages to the worker
    all the same."""
    from directives.importing import writer

    WorkerHeartbeat.objects.create(
        worker_id="w-1", backend="default", host="localhost", pid=1
    )
    run = writer._Importer.run

    def heartbeat_goes_stale(self, records):
        WorkerHeartbeat.objects.update(
            seen_at=timezone.now() - datetime.timedelta(hours=1)
        )
        assert background.worker_takes("default")  # as decided on entry
        return run(self, records)

    monkeypatch.setattr(writer._Importer, "run", heartbeat_goes_stale)
    out = _import(tmp_path, "a", "43-CT/TU", "Về trồng cây xanh đô thị")
    assert "tiến trình chạy nền" in out
    assert not background.worker_takes("default")  # outside: asked again
    assert _found("cây xanh") == (False, False)
    run_worker()
    assert _found("cây xanh") == (True, True)


def test_a_worker_outlasts_a_database_locked_past_its_timeout(
    worker_queues, committed, monkeypatch
):
    """On SQLite an import holds the one write lock for minutes: the worker
    cannot open its transaction to claim a job (django-tasks-db then gave up
    for good). It waits and takes the job once the lock is free."""
    from django.db import OperationalError
    from django_tasks_db.management.commands import db_worker

    real_run = db_worker.Worker.run
    tries = []

    def locked_once(self):
        tries.append(1)
        if len(tries) == 1:
            raise OperationalError("database is locked")
        return real_run(self)

    monkeypatch.setattr(db_worker.Worker, "run", locked_once)
    result = easy_job.enqueue(7)
    call_command(
        "run_worker",
        "--backend",
        "default",
        "--batch",
        "--no-startup-delay",
        "--interval",
        "0.01",
        "--verbosity",
        "0",
        stdout=io.StringIO(),
    )
    assert len(tries) == 2
    assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"

    def broken(self):
        raise OperationalError("no such table: nothing")

    monkeypatch.setattr(db_worker.Worker, "run", broken)
    with pytest.raises(OperationalError):  # any other error still stops it
        run_worker()
