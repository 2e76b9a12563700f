"""Signal receivers: each one names the pages whose index entry may be stale.

Connected once, when `apps.SearchConfig.ready` imports this module. Thin on
purpose: `tasks.schedule` decides when and how. A handler never raises, so a
publish, move or delete never fails because of search. Also here: pinned
answers and synonyms forget their cache when staff change them, and what a
crash or a busy writer left in the outbox is applied soon after a request.
"""

from __future__ import annotations

import functools
import logging

from django.core.signals import request_finished
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

from directives.models import IssuingBody

from . import indexing, promotions, synonyms, tasks
from .models import Synonym

logger = logging.getLogger(__name__)


def _never_raise(handler):
    @functools.wraps(handler)
    def wrapper(*args, **kwargs):
        try:
            handler(*args, **kwargs)
        except Exception:
            logger.exception("search signal handler %s failed", handler.__name__)

    return wrapper


def with_descendants(page) -> list[int]:
    """`page` and every page below it: moving or restricting one moves all."""
    return [page.pk, *Page.objects.descendant_of(page).values_list("pk", flat=True)]


@receiver(page_published, dispatch_uid="search-published")
@_never_raise
def page_changed(sender, instance, **kwargs):
    """Published: only this page's text and state changed."""
    tasks.schedule([instance.pk])


@receiver(page_unpublished, dispatch_uid="search-unpublished")
@receiver(post_page_move, dispatch_uid="search-moved")
@receiver(page_slug_changed, dispatch_uid="search-slug-changed")
@_never_raise
def subtree_changed(sender, instance, **kwargs):
    """Unpublished, moved or renamed: every page below may change too."""
    tasks.schedule(with_descendants(instance))


# Deleting a specific page sends post_delete for its Page row too.
@receiver(post_delete, sender=Page, dispatch_uid="search-del")
@_never_raise
def page_deleted(sender, instance, **kwargs):
    # Deleting a page deletes its subtree row by row: each row signals.
    tasks.schedule([instance.pk])


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="search-restriction-True")
@receiver(
    post_delete, sender=PageViewRestriction, dispatch_uid="search-restriction-False"
)
@_never_raise
def restriction_changed(sender, instance, **kwargs):
    """A view restriction was added, changed or removed on a section or page."""
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        tasks.schedule(with_descendants(page))


@receiver(post_save, sender=IssuingBody, dispatch_uid="search-issuer")
@_never_raise
def issuer_changed(sender, instance, **kwargs):
    """A renamed issuing body is shown and searched on its directives."""
    tasks.schedule(instance.directives.values_list("pk", flat=True))


@receiver(post_save, sender=Synonym, dispatch_uid="search-synonyms-True")
@receiver(post_delete, sender=Synonym, dispatch_uid="search-synonyms-False")
@_never_raise
def synonyms_changed(sender, instance, **kwargs):
    synonyms.invalidate()


for _signal in (post_save, post_delete):
    for _model in (SearchPromotion, Query):
        _signal.connect(
            promotions.invalidate,
            sender=_model,
            dispatch_uid=f"search-pins-{_model.__name__}-{_signal is post_save}",
        )

# What a crash or a busy writer left in the outbox, applied soon after.
request_finished.connect(indexing.heal_after_request, dispatch_uid="search-heal")
