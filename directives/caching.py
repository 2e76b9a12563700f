"""A content version that changes whenever anything residents can see changes.

Whole pages in the page cache (cms/page_cache.py) and cached fragments that
depend on what is live (the directive filter choices) include it in their
key, so a change anywhere makes them fresh at once, in every worker process
(the cache is shared: Redis with REDIS_URL, else files under DATA_DIR).

What moves it on (`on_saved`, connected in directives/signals.py): publish,
unpublish, page move and deletion, and the saving or deleting of any row
(but a save of a draft's bookkeeping alone, `DRAFT_ONLY_FIELDS`) that is
not one of the records of activity in `IGNORED` (revisions, logs,
sessions, search queues, renditions, residents' raw messages…). A list of
what to ignore rather than of what to watch: a model added later (a menu, a
new setting) invalidates without anyone remembering to add it here; the
cost of a forgotten record of activity is a cache emptied too often, never
a stale page.
"""

import contextlib
import contextvars
import copy
import time

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.db import transaction

from cms.transactions import inside_test_case, on_commit_once

KEY = "portal:content-version"

# Rows written by activity, not by editors: none of them changes what a
# public page shows. Some are written while a page is served (a rendition,
# a search hit, a poster noted as produced), and would otherwise empty the
# cache on every request.
IGNORED = frozenset(
    {
        "sessions.session",
        "contenttypes.contenttype",
        "auth.permission",
        "auth.user",  # last_login on every sign-in
        "axes.accessattempt",
        "axes.accessattemptexpiration",
        "axes.accessfailurelog",
        "axes.accesslog",
        "django_tasks_database.dbtaskresult",
        "wagtailcore.revision",  # drafts; a publish is its own signal
        "wagtailcore.pagelogentry",
        "wagtailcore.modellogentry",
        "wagtailcore.referenceindex",
        "wagtailcore.workflowstate",
        "wagtailcore.taskstate",
        "wagtailcore.pagesubscription",
        "wagtailcore.comment",
        "wagtailcore.commentreply",
        "wagtailcore.uploadedfile",
        "wagtailadmin.editingsession",
        "wagtailadmin.formstate",
        "wagtailusers.userprofile",
        "wagtailsearch.indexentry",
        "wagtailsearch.sqliteftsindexentry",
        "wagtailsearchpromotions.query",
        "wagtailsearchpromotions.querydailyhits",
        "wagtailimages.rendition",
        "wagtailembeds.embed",
        "wagtailforms.formsubmission",
        "portal_search.pendingupdate",
        "portal_search.rebuildmarker",
        "feedback.feedback",  # a message shows only once answered (a page)
        "feedback.feedbackevent",
        "feedback.pagerating",
        "directives.renditionrecord",
        "directives.airedrecord",
        "directives.postingrecord",
        # On main since the multiserver merge: the workers' heartbeat, written
        # every few seconds, would otherwise empty the cache as often.
        "cms.workerheartbeat",
    }
)


# The version read once for the request being served (`read_once`), so the
# memos below and the fragments cached by one request agree, and the cache
# is asked once; a write in the request drops it (`bump_content_version`).
_snapshot: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "content_version", default=None
)


def content_version() -> int:
    version = _snapshot.get()
    if version is not None:
        return version
    return read_content_version()


@contextlib.contextmanager
def read_once(version: int | None = None):
    """Within the block (a GET being served), the content version is read
    from the cache once (or is `version`, read already with
    `read_version_and`)."""
    token = _snapshot.set(read_content_version() if version is None else version)
    try:
        yield
    finally:
        _snapshot.reset(token)


def read_version_and(alias: str, key: str):
    """The content version and the value of `key` in the cache `alias`.

    When `alias` is configured as the default cache (Redis with REDIS_URL:
    one store, one key space), both are read with one `get_many`: one round
    trip to Redis instead of two, which on a page-cache hit is most of what
    a request costs beyond the HTTP itself. Otherwise (files: two
    directories), two reads."""
    if settings.CACHES[alias] == settings.CACHES[DEFAULT_CACHE_ALIAS]:
        found = caches[alias].get_many([KEY, key])
        version = found.get(KEY)
        if version is None:
            version = read_content_version()
        return version, found.get(key)
    return read_content_version(), caches[alias].get(key)


def read_content_version() -> int:
    version = cache.get(KEY)
    if version is None:
        # Lost (the cache was emptied, or Redis restarted): start from the
        # clock, never from 1 again, so no page kept under an old version
        # comes back.
        cache.add(KEY, time.time_ns() // 1_000_000, timeout=None)
        version = cache.get(KEY, 0)
    return version


def bump_content_version(**kwargs) -> None:
    """Move the version on once the change commits: once per transaction.

    Once is enough and the commit is the moment: until then residents'
    requests read the old rows, and whatever they cache under the current
    version is left behind by the bump; a request that read the version
    before the bump files its page under a version no one asks for again.
    Bumping at every save as well (as before 07/12/2026) emptied the cache
    all through a long transaction and cost an import of 10,000 pages some
    30,000 cache writes at its commit. In a test case, whose transaction
    never commits, at once as well. The request that writes reads the
    version again after (its snapshot is dropped).
    """
    _snapshot.set(None)
    if inside_test_case():
        _bump()
    on_commit_once(_bump)


def _bump() -> None:
    try:
        cache.incr(KEY)
    except ValueError:  # expired or never set: start again from the clock
        read_content_version()


# Columns a save may write without changing what residents see: a draft's
# bookkeeping (Wagtail's `save_revision` of a page or a snippet writes only
# these, with `update_fields`; the live columns change at the publish, a
# full save) and a lock. An editor saving drafts all day no longer empties
# the page cache at each save.
DRAFT_ONLY_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "wagtail_admin_comments",
        "locked",
        "locked_by",
        "locked_at",
    }
)


def on_saved(sender, **kwargs) -> None:
    """post_save, post_delete and m2m_changed of any model."""
    if kwargs.get("raw") or sender._meta.label_lower in IGNORED:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields and DRAFT_ONLY_FIELDS.issuperset(update_fields):
        return
    if kwargs.get("action", "post_").startswith("pre_"):  # m2m_changed
        return
    bump_content_version()


def uncommitted() -> bool:
    """Whether this runs inside a transaction that has not committed (a test
    case's aside): what it reads may be its own uncommitted rows, which a
    rollback would take back without moving the version on, so nothing
    read there is kept for other requests."""
    return transaction.get_connection().in_atomic_block and not inside_test_case()


class VersionMemo:
    """Values computed from the database that change only with the content
    version, kept in this process: the Site of a hostname, the sections under
    a home page, a ward's settings. Each version has its own dictionary, so
    a value computed under one version is never read under another (a
    request still serving an older version fills its own); `maxsize` bounds
    the entries of one version.

    `get` hands out what `compute` returned, shared by every request of the
    process: callers copy model instances they give to a request
    (`copy_instance`)."""

    def __init__(self, maxsize: int = 512):
        self.maxsize = maxsize
        self._state: tuple[int | None, dict] = (None, {})
        MEMOS.append(self)

    def get(self, key, compute):
        version = content_version()
        state = self._state
        if state[0] != version:
            state = (version, {})
            self._state = state
        values = state[1]
        try:
            return values[key]
        except KeyError:
            pass
        value = compute()
        if len(values) < self.maxsize and not uncommitted():
            values[key] = value
        return value

    def set(self, key, value) -> None:
        """Replace the value of `key` under the current version."""
        version = content_version()
        state = self._state
        if state[0] == version and not uncommitted():
            state[1][key] = value

    def clear(self) -> None:
        self._state = (None, {})


MEMOS: list[VersionMemo] = []


def forget_memos() -> None:
    """Empty every memo (tests, whose rolled-back rows and cleared cache
    could otherwise meet a version number seen before)."""
    for memo in MEMOS:
        memo.clear()


def copy_instance(instance):
    """A model instance of a memo for one request: its own attributes (and
    its own copies of the related objects it holds, one level down), so what
    a request sets on it stays in that request."""
    if instance is None:
        return None
    clone = _clone(instance)
    fields_cache = clone._state.fields_cache
    for name, related in fields_cache.items():
        fields_cache[name] = _clone(related) if related is not None else None
    return clone


def _clone(instance):
    clone = copy.copy(instance)  # Model.__reduce__: its own _state too
    for name, value in clone.__dict__.items():
        if value is instance:  # `specific` of a page already specific
            clone.__dict__[name] = clone
    return clone
