"""Broadcast audio rendered when a directive or notice is published.

`page_published` (wired in `directives/signals.py`) enqueues
`render_pages_audio` with Django's task framework (django_tasks) once the
publish commits, one task for the pages of one transaction: in-process with
the default ImmediateBackend, off the request with a worker backend (README).
In-process, a transaction that publishes more than
`settings.BROADCAST_AUDIO_ON_PUBLISH_MAX` pages (an import, the demo) renders
none of them. Fail-safe: without espeak-ng, or on any error, publishing goes
on, and the audio is rendered on the first request for `loa.mp3` or by
`manage.py render_broadcast_audio`.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import transaction
from django_tasks import default_task_backend, task
from django_tasks.backends.immediate import ImmediateBackend
from wagtail.models import Page

from ..models import DirectivePage, NoticePage
from .speech import SpeechUnavailable, engine_installed, render_audio

logger = logging.getLogger(__name__)


# The pages published in this thread's transaction, rendered in one task.
_local = threading.local()


def in_process() -> bool:
    """Whether tasks run inside the publishing process (ImmediateBackend)."""

    return isinstance(default_task_backend, ImmediateBackend)


@task()
def render_pages_audio(page_ids: list[int]) -> dict[str, float | None]:
    """Render the audio of these live pages: {id: duration in seconds, or
    None when there is nothing to render or no engine}."""
    return {str(pk): render_one(pk) for pk in page_ids}


def render_one(page_id: int) -> float | None:

    if not engine_installed():
        return None
    page = Page.objects.filter(pk=page_id, live=True).first()
    page = page.specific if page else None
    if not isinstance(page, (DirectivePage, NoticePage)) or page.get_site() is None:
        return None
    try:
        return render_audio(page).duration_s
    except SpeechUnavailable:
        return None
    except Exception:
        logger.exception("broadcast audio of page %s not rendered", page_id)
        return None


def _flush() -> None:
    ids, _local.ids = sorted(getattr(_local, "ids", set())), set()
    if not ids:
        return
    if in_process() and len(ids) > settings.BROADCAST_AUDIO_ON_PUBLISH_MAX:
        # An import or the demo publishing many pages at once: rendering them
        # all inside that process would hold it for minutes.
        logger.info(
            "%s pages published together: their broadcast audio is rendered on "
            "first request or by manage.py render_broadcast_audio --all",
            len(ids),
        )
        return
    try:
        render_pages_audio.enqueue(ids)
    except Exception:
        logger.exception("cannot enqueue the broadcast audio of %s", ids)


def on_page_published(sender, instance, **kwargs) -> None:
    """`page_published` receiver: render this page's audio after commit."""

    if not isinstance(instance, (DirectivePage, NoticePage)):
        return
    if not engine_installed():
        return
    _local.ids = getattr(_local, "ids", set()) | {instance.pk}
    transaction.on_commit(_flush, robust=True)
