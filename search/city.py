"""The city-wide search, for city staff: every ward and the city library.

One index holds every ward's pages, each with its site (`builder.place`).
A ward's search keeps its own pages; this one keeps every page that is not
an alias copy (`Params.site` None), so a shared directive appears once, as
its library original, and each result says which ward it belongs to.
Who may use it: `may_search_city`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from .builder import LIBRARY
from .plan import Params
from .query import search
from .results import Results

# Members of this group may search every ward (besides superusers and holders
# of the permission; migration 0005 gives the group the permission).
CITY_STAFF_GROUP = "Cán bộ thành phố"
PERMISSION = "portal_search.search_city_wide"
LIBRARY_LABEL = _("Thư viện dùng chung")


def may_search_city(user) -> bool:
    """City staff: superusers, holders of the permission, the group's members."""
    if not user.is_active:
        return False
    return (
        user.is_superuser
        or user.has_perm(PERMISSION)
        or user.groups.filter(name=CITY_STAFF_GROUP).exists()
    )


@dataclass(frozen=True)
class CityHit:
    """One result with the ward it belongs to and where staff edit it."""

    hit: dict
    ward: str
    edit_url: str


def ward_names() -> dict[int, str]:
    """{site id: the ward's name as the Site record gives it}, the library as 0."""
    names = {
        site.pk: site.site_name or site.hostname for site in Site.objects.order_by("pk")
    }
    names[LIBRARY] = str(LIBRARY_LABEL)
    return names


def city_search(params: Params) -> tuple[Results, list[CityHit]]:
    """Search every ward and the library (`params.site` is ignored); each hit
    labelled with its ward and linked to the page's edit view."""
    results = search(replace(params, site=None))
    names = ward_names()
    hits = [
        CityHit(
            hit=hit,
            ward=names.get(hit.get("site", LIBRARY), str(LIBRARY_LABEL)),
            edit_url=reverse("wagtailadmin_pages:edit", args=(hit["id"],)),
        )
        for hit in results.hits
    ]
    return results, hits
