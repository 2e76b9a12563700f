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
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, PageViewRestriction, Site
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
    """Unpublished, moved or renamed: every page below may change too. A
    move into another ward's tree (merging wards) gives each of them its new
    site and address."""
    tasks.schedule(with_descendants(instance))


@_never_raise
def alias_changed(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """A shared directive's copy made in a ward (`Page.create_alias`), or a
    copy made an ordinary page of the ward (Wagtail's "convert alias"):
    Wagtail sends no page_published for either (it does when the original is
    published again), so they are indexed from here."""
    if raw:
        return
    made = created and instance.alias_of_id
    if made or (update_fields and "alias_of_id" in update_fields):
        tasks.schedule([instance.pk])


for _model in indexing.indexed_models():
    post_save.connect(
        alias_changed, sender=_model, dispatch_uid=f"search-alias-{_model.__name__}"
    )


@receiver(pre_save, sender=Site, dispatch_uid="search-site-before")
@_never_raise
def site_changing(sender, instance, raw=False, **kwargs):
    """Remember the root a Site had: its pages change site when it changes."""
    if instance.pk and not raw:
        instance._search_old_root = (
            Site.objects.filter(pk=instance.pk)
            .values_list("root_page_id", flat=True)
            .first()
        )


@receiver(post_save, sender=Site, dispatch_uid="search-site-True")
@receiver(post_delete, sender=Site, dispatch_uid="search-site-False")
@_never_raise
def site_changed(sender, instance, signal, raw=False, created=False, **kwargs):
    """A ward created, removed or given another root page: the pages under
    the old and the new root are indexed again with their site and address
    (a new host name or ward name changes neither: nothing to do)."""
    old_root = getattr(instance, "_search_old_root", None)
    deleted = signal is post_delete
    moved = created or deleted or old_root != instance.root_page_id
    if raw or not moved:
        return
    # Wagtail clears its list of site roots in its own receiver; the index
    # may read it before that one runs (at once, inside a test's transaction).
    Site.clear_site_root_paths_cache()
    roots = {instance.root_page_id, old_root}
    for page in Page.objects.filter(pk__in=[pk for pk in roots if pk]):
        tasks.schedule(with_descendants(page))


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
