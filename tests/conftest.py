import shutil
import tempfile
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def shared_file(*parts: str) -> Path:
    """A file from ../shared/, or skip: outside this workplace there is none."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not present: ../shared/ exists only in the workplace")
    return path


PANGO_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0"


def import_weasyprint():
    """WeasyPrint, or skip (the test, or the module at import) naming the Debian
    packages to install: without Pango its import raises OSError, which
    `pytest.importorskip` does not catch."""
    try:
        import weasyprint
    except OSError as exc:
        pytest.skip(
            f"WeasyPrint cannot load Pango ({exc}): apt-get install "
            f"{PANGO_PACKAGES} (make test does this as root) to test posters",
            allow_module_level=True,
        )
    return weasyprint


@pytest.fixture
def pango():
    """For a test that renders a poster: skip it where Pango is missing."""
    import_weasyprint()


@pytest.fixture(scope="session", autouse=True)
def _search_index_built():
    """The suite's index exists from the start, as after `make run`'s
    rebuild: an update never creates one (only a rebuild knows every page)."""
    from search.engines import get_engine

    engine = get_engine()
    if engine.name == "embedded" and engine.current_dir() is None:
        engine.rebuild([])


# Each commit is fsynced; in memory a test's hundreds of commits stay fast.
SHM = Path("/dev/shm")


@pytest.fixture
def private_index(settings):
    """A fresh, empty embedded index of the test's own. The suite's shared
    index keeps what earlier tests indexed (their rows roll back, their index
    documents stay; on PostgreSQL page ids are not reused, so those documents
    never get overwritten): a test that counts or ranks results over pages
    it makes itself searches an index of its own."""
    from search.engines import get_engine, open_engine

    path = Path(tempfile.mkdtemp(prefix="search-", dir=SHM if SHM.is_dir() else None))
    settings.SEARCH_INDEX_PATH = path
    settings.ELASTICSEARCH_URL = None
    open_engine.cache_clear()
    engine = get_engine()
    engine.rebuild([])  # an update never creates an index: a rebuild does
    yield engine
    open_engine.cache_clear()
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def sections(db):
    from cms.site_structure import ensure_site_structure

    return ensure_site_structure()


@pytest.fixture(scope="module")
def _demo_module(django_db_setup, django_db_blocker):
    """The demo ward, loaded once per test module inside a transaction that is
    rolled back afterwards; each test's own changes roll back to a savepoint."""
    from django.core.cache import cache
    from django.db import transaction

    from cms.demo.loader import load_demo

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            load_demo(city=False)
            # Never committed, the demo's commit callbacks would wait all
            # module long: a test's publish would join the demo's batch of
            # pages to make ahead (directives/prerender.py) and never see it
            # run. Dropped, as if the demo had committed without them.
            transaction.get_connection().run_on_commit.clear()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            cache.clear()


@pytest.fixture
def demo(_demo_module, db):
    """The demo ward (directives of the mission, notices, a campaign, users)."""


@pytest.fixture
def other_processes(transactional_db, django_db_serialized_rollback, tmp_path):
    """Start the portal's commands in other processes on a database shared
    with the test (see tests/processes.py). The test commits; the rows the
    migrations made are restored after it."""
    from tests.processes import other_processes

    return other_processes(tmp_path)


@pytest.fixture
def corpus_path():
    return shared_file("eval", "corpus.jsonl")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: rolled-back rows must not live on
    in cached fragments keyed by primary keys the next test reuses, nor in
    the memos of this process (directives/caching.py)."""
    from django.core.cache import cache

    from directives.caching import forget_memos

    cache.clear()
    forget_memos()
    yield


# --- Real-browser tests (Debian's chromium driven by Playwright) -------------

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Closed network: no background calls home, which would only time out.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BROWSER_TIMEOUT_MS = 20_000


RESTORING_FIXTURES = {"demo_site", "other_processes"}


def pytest_collection_modifyitems(items):
    """A test that commits through `demo_site` or `other_processes` gets the
    rows the migrations made back after its flush. pytest-django reads a
    test's `django_db` mark, not its fixtures, to decide whether to keep those
    rows at all: so the mark says it too, and a run of such modules alone
    (without another test that asks for it) works as the whole suite does."""
    for item in items:
        if not RESTORING_FIXTURES & set(getattr(item, "fixturenames", ())):
            continue
        mark = item.get_closest_marker("django_db")
        kwargs = dict(mark.kwargs) if mark else {}
        if kwargs.get("serialized_rollback"):
            continue
        kwargs.update(transaction=True, serialized_rollback=True)
        args = mark.args if mark else ()
        item.add_marker(pytest.mark.django_db(*args, **kwargs), append=False)


def pytest_addoption(parser):
    parser.addoption(
        "--screenshots",
        default=None,
        help="folder for the end-to-end screenshots (docs/screenshots to refresh "
        "the pictures in the docs); a temporary folder by default",
    )


@pytest.fixture(scope="session")
def screenshot_dir(request) -> Path:
    chosen = request.config.getoption("--screenshots")
    path = Path(chosen) if chosen else Path(tempfile.mkdtemp(prefix="ward-shots-"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def chromium_path() -> str | None:
    for candidate in ("chromium", "chromium-browser"):
        if path := shutil.which(candidate):
            return path
    return None


@pytest.fixture
def demo_site(transactional_db, django_db_serialized_rollback, monkeypatch):
    """The demo ward, committed so that the live server's thread can see it.

    The serialized rollback restores what the migrations created (Wagtail's
    root page, the editor groups) after the flush, for the tests that follow.
    Playwright's sync API keeps an event loop running in this thread, which
    trips Django's async-safety check: the documented workaround is set.
    """
    from django.core.cache import cache

    from cms.demo.loader import load_demo

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    cache.clear()
    load_demo(city=False)


@pytest.fixture
def browser(demo_site):
    """Debian's chromium, started after the data is loaded and closed before
    the database is flushed (so not module-scoped)."""
    executable = chromium_path()
    if executable is None:
        pytest.skip(
            "Debian chromium not found: run `apt-get install chromium` "
            "(make test does this as root) to enable the end-to-end tests"
        )
    sync_api = pytest.importorskip("playwright.sync_api")
    sync_api.expect.set_options(timeout=BROWSER_TIMEOUT_MS)
    playwright = sync_api.sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, timeout=60_000
        )
    except BaseException:
        playwright.stop()
        raise
    yield browser
    try:
        browser.close()
    finally:
        playwright.stop()
