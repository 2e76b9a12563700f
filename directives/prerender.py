"""What is made ahead when a directive or notice is published: its broadcast
audio (`loa.mp3`) and its A4 poster, so that the announcer's and the print
office's first click is a file read.

`page_published` (wired in `directives/signals.py`) collects the pages of
the transaction; once it commits, each gets its own jobs in the "default"
queue, behind the search index (cms/background.py). With a worker, a
transaction that publishes more than `PRERENDER_ON_PUBLISH_MAX` pages (an
archive import) makes none ahead: tens of thousands of old documents would
keep the worker busy for hours; theirs are made on first request or by
`manage.py render_broadcast_audio --all`. Run in-process (no worker), only
the audio, and only up to `BROADCAST_AUDIO_ON_PUBLISH_MAX` pages, since the
publisher waits.

Publishing never fails for these: without espeak-ng there is no audio job;
an error is logged and the job tried again (its attempts: cms/background.py).
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import transaction
from django_tasks import task
from wagtail.models import Page

from cms import background
from cms.visibility import for_residents

from .loudspeaker.speech import SpeechUnavailable, engine_installed, render_audio
from .models import DirectivePage, NoticePage
from .posters import POSTER_TYPES, PosterEngineUnavailable, poster_path

logger = logging.getLogger(__name__)

AUDIO_TYPES = (DirectivePage, NoticePage)

# This thread's batch of published pages.
_local = threading.local()


def _live_page(page_id: int):
    """The page as residents may see it (the one rule: live, not under a
    restriction, nor a copy of a restricted original, not expired), or None."""
    page = for_residents(Page.objects.filter(pk=page_id)).first()
    page = page.specific if page else None
    if page is None or page.get_site() is None:
        return None
    return page


@task(priority=background.PRIORITY_MEDIA)
def render_page_audio(page_id: int) -> float | None:
    """The page's broadcast audio; its length in seconds, or None when there
    is nothing to read (not a live public directive or notice, no engine).
    Any other error fails the job, which is tried again."""
    page = _live_page(page_id)
    if not isinstance(page, AUDIO_TYPES):
        return None
    try:
        return render_audio(page).duration_s
    except SpeechUnavailable:
        return None


@task(priority=background.PRIORITY_MEDIA)
def render_page_poster(page_id: int) -> int | None:
    """The page's A4 colour poster (the notice board's); its size in bytes,
    or None when it has none. Not counted as printed on the dashboard: that
    is for the staff's own downloads."""
    page = _live_page(page_id)
    if not isinstance(page, POSTER_TYPES):
        return None
    try:
        return poster_path(page, note=False).stat().st_size
    except PosterEngineUnavailable:
        return None


background.register(
    render_page_audio,
    "Dựng âm thanh phát thanh",
    subject=background.page_subject,
)
background.register(
    render_page_poster, "Dựng áp phích", subject=background.page_subject
)


def limit() -> int:
    if background.in_worker("default"):
        return settings.PRERENDER_ON_PUBLISH_MAX
    return settings.BROADCAST_AUDIO_ON_PUBLISH_MAX


class Batch:
    """The pages published in one transaction, made ahead once it commits."""

    def __init__(self, page_id: int):
        self.ids = {page_id}
        self.done = False

    def flush(self) -> None:
        self.done = True
        ids = sorted(self.ids)
        if len(ids) > limit():
            logger.info(
                "%s pages published together: their audio and posters are made "
                "on first request or by manage.py render_broadcast_audio --all",
                len(ids),
            )
            return
        speech = engine_installed()
        # In-process, the publisher waits: the audio only, as before workers.
        posters = background.in_worker("default")
        audio = set(
            Page.objects.filter(pk__in=ids)
            .type(*AUDIO_TYPES)
            .values_list("pk", flat=True)
        )
        for page_id in ids:
            try:
                if speech and page_id in audio:
                    render_page_audio.enqueue(page_id)
                if posters:
                    render_page_poster.enqueue(page_id)
            except Exception:
                logger.exception(
                    "cannot enqueue what page %s needs made ahead", page_id
                )


def on_page_published(sender, instance, **kwargs) -> None:
    """`page_published` receiver: make this page's audio and poster after
    the publish commits, with the other pages of its transaction."""
    if not isinstance(instance, POSTER_TYPES):
        return
    # This transaction's batch while its flush is still waiting for the
    # commit; a rolled-back transaction takes its callback, and its pages,
    # with it.
    batch = getattr(_local, "batch", None)
    pending = transaction.get_connection().run_on_commit
    if (
        batch is not None
        and not batch.done
        and any(entry[1] == batch.flush for entry in pending)
    ):
        batch.ids.add(instance.pk)
        return
    _local.batch = Batch(instance.pk)
    transaction.on_commit(_local.batch.flush, robust=True)
