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

Several wards share one installation (cms/wards.py): every list a resident
sees is also narrowed to the ward's Site (`in_site`), which is what keeps one
ward's notices off another's pages. The city library's own pages are under no
Site, so a query narrowed to a ward never holds them (only its copies).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.query import PageQuerySet


def for_residents(queryset: PageQuerySet, *, expired_too: bool = False):
    """`queryset` narrowed to what a resident may see.

    `expired_too` keeps pages past their expiry time that are still live:
    only for the search index, which holds them until Wagtail unpublishes
    them and hides them at query time (the `expires` field).
    """
    queryset = queryset.live()
    # Wagtail's public(), in the same one query for the restrictions, and
    # for a ward's copy of a city-library page (cms.wards), which sits
    # outside the library's tree: a restriction on the original or above it
    # hides the copy too.
    restricted = Q()
    for path in set(PageViewRestriction.objects.values_list("page__path", flat=True)):
        restricted |= Q(path__startswith=path) | Q(alias_of__path__startswith=path)
    if restricted:
        queryset = queryset.exclude(restricted)
    if not expired_too:
        queryset = queryset.filter(
            Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now())
        )
    return queryset


def in_site(queryset: PageQuerySet, site):
    """`queryset` narrowed to the pages of one ward's Site (its own and its
    copies of the city library's); `site` None leaves it whole."""
    if site is None:
        return queryset
    return queryset.descendant_of(site.root_page, inclusive=True)


class ResidentQuerySet(PageQuerySet):
    def for_residents(self, *, expired_too: bool = False):
        return for_residents(self, expired_too=expired_too)

    def in_site(self, site):
        return in_site(self, site)
