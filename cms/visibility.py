"""What a resident may see: the one rule every public surface asks.

A page is shown to residents (on another page's list or link, in a feed, a
poster, a loudspeaker script or programme, the sitemap, search) only if it is
live, public (no view restriction, of any kind, on it or on any section above
it) and not past its expiry time (Wagtail unpublishes it at the next
`publish_scheduled`; until then it is hidden all the same). Serving a page
itself at its own address is Wagtail's job, which asks the visitor for the
password or login a restriction needs.

`ResidentQuerySet.for_residents()` is the rule for our page types;
`for_residents(queryset)` applies it to any page queryset (Page.objects).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from wagtail.query import PageQuerySet


def for_residents(queryset: PageQuerySet, *, expired_too: bool = False):
    """`queryset` narrowed to what a resident may see.

    `expired_too` keeps pages past their expiry time that are still live:
    only for the search index, which holds them until Wagtail unpublishes
    them and hides them at query time (the `expires` field).
    """
    queryset = queryset.live().public()
    if not expired_too:
        queryset = queryset.filter(
            Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now())
        )
    return queryset


class ResidentQuerySet(PageQuerySet):
    def for_residents(self, *, expired_too: bool = False):
        return for_residents(self, expired_too=expired_too)
