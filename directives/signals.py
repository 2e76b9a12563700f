"""What the documents' app does when content changes: the content version
(`caching`) moves on at every publish, unpublish, page move and at the saving
or deleting of any row residents may see (which empties the page cache), and
a published directive's or notice's broadcast audio and poster are made
ahead (`prerender`), and an attached original's text is read
(`originals`). Imported once, by `DirectivesConfig.ready()`."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .caching import bump_content_version, on_saved
from .originals import (
    on_document_deleted,
    on_document_deleting,
    on_document_saved,
    on_restriction_changed,
)
from .originals import on_page_published as _read_original
from .prerender import on_page_published as _prerender

page_published.connect(bump_content_version, dispatch_uid="bump-on-publish")
page_unpublished.connect(bump_content_version, dispatch_uid="bump-on-unpublish")
post_page_move.connect(bump_content_version, dispatch_uid="bump-on-move")
# Any other row (settings, snippets, view restrictions, sites, redirects,
# issuing bodies…), except the records of activity `caching.IGNORED` names.
post_save.connect(on_saved, dispatch_uid="bump-on-save")
post_delete.connect(on_saved, dispatch_uid="bump-on-delete")
m2m_changed.connect(on_saved, dispatch_uid="bump-on-m2m")

# Broadcast audio and poster of a published page, once the publish commits.
page_published.connect(_prerender, dispatch_uid="prerender-on-publish")

# The text of an attached original (a scan or a PDF), read by the worker.
page_published.connect(_read_original, dispatch_uid="read-original-on-publish")
post_save.connect(
    on_document_saved, sender=get_document_model(), dispatch_uid="read-replaced-file"
)
pre_delete.connect(
    on_document_deleting, sender=get_document_model(), dispatch_uid="original-going"
)
post_delete.connect(
    on_document_deleted, sender=get_document_model(), dispatch_uid="original-gone"
)
for _model in (CollectionViewRestriction, Collection):
    for _signal in (post_save, post_delete):
        _signal.connect(
            on_restriction_changed,
            sender=_model,
            dispatch_uid=f"originals-{_model.__name__}-{_signal is post_save}",
        )
