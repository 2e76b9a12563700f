"""Signal handlers: each one names the pages whose index entry may be stale.

Thin on purpose: `indexing.schedule` decides when and how. A handler never
raises, so a publish, move or delete never fails because of search.
"""

from __future__ import annotations

import functools
import logging

from wagtail.models import Page

from . import indexing, synonyms

logger = logging.getLogger(__name__)


def _never_raise(handler):
    @functools.wraps(handler)
    def wrapper(*args, **kwargs):
        try:
            handler(*args, **kwargs)
        except Exception:
            logger.exception("search signal handler %s failed", handler.__name__)

    return wrapper


@_never_raise
def page_changed(sender, instance, **kwargs):
    """Published: only this page's text and state changed."""
    indexing.schedule([instance.pk])


@_never_raise
def subtree_changed(sender, instance, **kwargs):
    """Unpublished, moved or renamed: every page below may change too."""
    indexing.schedule(indexing.with_descendants(instance))


@_never_raise
def page_deleted(sender, instance, **kwargs):
    # Deleting a page deletes its subtree row by row: each row signals.
    indexing.schedule([instance.pk])


@_never_raise
def restriction_changed(sender, instance, **kwargs):
    """A view restriction was added, changed or removed on a section or page."""
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        indexing.schedule(indexing.with_descendants(page))


@_never_raise
def issuer_changed(sender, instance, **kwargs):
    """A renamed issuing body is shown and searched on its directives."""
    indexing.schedule(instance.directives.values_list("pk", flat=True))


@_never_raise
def synonyms_changed(sender, instance, **kwargs):
    synonyms.invalidate()
