from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "portal_search"
    verbose_name = "Tìm kiếm"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.contrib.search_promotions.models import Query, SearchPromotion
        from wagtail.models import Page, PageViewRestriction
        from wagtail.signals import (
            page_published,
            page_slug_changed,
            page_unpublished,
            post_page_move,
        )

        from directives.models import IssuingBody

        from . import promotions, signals
        from .models import Synonym

        page_published.connect(signals.page_changed, dispatch_uid="search-published")
        page_unpublished.connect(
            signals.subtree_changed, dispatch_uid="search-unpublished"
        )
        post_page_move.connect(signals.subtree_changed, dispatch_uid="search-moved")
        page_slug_changed.connect(
            signals.subtree_changed, dispatch_uid="search-slug-changed"
        )
        # Deleting a specific page sends post_delete for its Page row too.
        post_delete.connect(
            signals.page_deleted, sender=Page, dispatch_uid="search-del"
        )
        for signal in (post_save, post_delete):
            signal.connect(
                signals.restriction_changed,
                sender=PageViewRestriction,
                dispatch_uid=f"search-restriction-{signal is post_save}",
            )
            signal.connect(
                signals.synonyms_changed,
                sender=Synonym,
                dispatch_uid=f"search-synonyms-{signal is post_save}",
            )
            for model in (SearchPromotion, Query):
                signal.connect(
                    promotions.invalidate,
                    sender=model,
                    dispatch_uid=f"search-pins-{model.__name__}-{signal is post_save}",
                )
        post_save.connect(
            signals.issuer_changed, sender=IssuingBody, dispatch_uid="search-issuer"
        )
        # What a crash or a busy writer left in the outbox, applied soon after.
        from django.core.signals import request_finished

        from . import indexing

        request_finished.connect(
            indexing.heal_after_request, dispatch_uid="search-heal"
        )
