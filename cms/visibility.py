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

Lists read the rule from a column instead of computing it: every content
page (`ListedPage`) keeps `listed_in`, the section whose list shows it: its
parent while it is live and under no view restriction (on itself, a section
above it, or for a ward's copy of a city-library page, on the original or
above it); NULL otherwise. `save()` sets it, and `refresh_listing()` resets
a whole subtree when a restriction is added, changed or removed, or pages
are moved (cms/apps.py connects the signals). Expiry is a matter of time, so
`listed_in()` still asks for it (and for `live`) at query time.

Several wards share one installation (cms/wards.py): every list a resident
sees is also narrowed to the ward's Site (`in_site`), which is what keeps one
ward's notices off another's pages. The city library's own pages are under no
Site, so a query narrowed to a ward never holds them (only its copies).
"""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.db.models import F, Min, Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.signals import post_page_move

from directives.caching import VersionMemo, bump_content_version


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
        queryset = queryset.filter(not_expired())
    return queryset


def not_expired() -> Q:
    return Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now())


def listed_in(queryset: PageQuerySet, sections):
    """The pages of `queryset` a resident sees on the list of `sections` (a
    section page or an iterable of their ids): the rule of `for_residents`
    for the section's children, read from the `listed_in` column (indexed),
    without scanning the page tree."""
    ids = [sections.pk] if isinstance(sections, Page) else list(sections)
    if len(ids) == 1:  # equality: the (listed_in, date) index gives the order
        queryset = queryset.filter(listed_in=ids[0])
    else:
        queryset = queryset.filter(listed_in__in=ids)
    # A list shows cards, never a body: not read, not decoded.
    return queryset.filter(live=True).filter(not_expired()).defer_streamfields()


# The counts of the lists (a page of 20 says how many there are in all),
# per content version and until the next live page expires: a list changes
# only when a row is saved (which moves the version on) or when one of its
# pages passes its expiry time.
_COUNTS = VersionMemo(maxsize=512)
_NEXT_EXPIRY = VersionMemo(maxsize=1)


def next_expiry(now):
    """The first expiry time after `now` of a live page (None: none), asked
    once per content version and again once it has passed."""
    box = _NEXT_EXPIRY.get(None, lambda: [_next_expiry(now)])
    if box[0] is not None and box[0] <= now:
        box[0] = _next_expiry(now)
    return box[0]


def _next_expiry(now):
    pages = Page.objects.filter(live=True, expire_at__gt=now)
    return pages.aggregate(first=Min("expire_at"))["first"]


def listed_count(queryset, key, since) -> int:
    """`queryset.count()` of a list read from `listed_in` (its section and
    filters in `key`; `since`: a time taken before `queryset` was made, so
    before the moment its expiry filter holds), kept until the content
    version moves on or the next live page expires after `since`. Lists
    that depend on the date (current and expired notices) are kept for the
    day."""
    key = (queryset.model._meta.label, timezone.localdate(since), *key)
    count, until = _COUNTS.get(key, lambda: (queryset.count(), next_expiry(since)))
    if until is not None and until <= timezone.now():
        count = queryset.count()
        _COUNTS.set(key, (count, next_expiry(since)))
    return count


def subtree(path: str, *, inclusive: bool = False) -> Q:
    """The pages at or under `path`, as a range of the indexed `path` column
    (`descendant_of` is a LIKE, which SQLite cannot answer from an index).
    Paths are written in 0-9A-Z, which sort the same in every collation."""
    upper = path + "Z" * (Page._meta.get_field("path").max_length - len(path))
    lower = Q(path__gte=path) if inclusive else Q(path__gt=path)
    return lower & Q(path__lte=upper)


def children_of(page) -> Q:
    return subtree(page.path) & Q(depth=page.depth + 1)


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

    def listed_in(self, sections):
        return listed_in(self, sections)


# --- The listing column -------------------------------------------------------


class ListedPage(models.Model):
    """A page that appears on its section's list (cms.visibility.listed_in)."""

    listed_in = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("hiện trong danh sách của"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        before = self.listed_in_id
        self.listed_in_id = listing_of(self)
        update_fields = kwargs.get("update_fields")
        # A save of some columns writes `listed_in` too when it changed; not
        # otherwise: a draft's save (`save_revision`) then writes a draft's
        # bookkeeping alone, and leaves the page cache as it is
        # (directives.caching.DRAFT_ONLY_FIELDS).
        if (
            update_fields is not None
            and "listed_in" not in update_fields
            and self.listed_in_id != before
        ):
            kwargs["update_fields"] = [*update_fields, "listed_in"]
        super().save(*args, **kwargs)


def ancestor_paths(path: str) -> list[str]:
    """`path` and the paths of every page above it."""
    step = Page.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def listing_of(page) -> int | None:
    """The id of the section whose list shows `page` (its parent), or None
    when a resident may not see it there (the rule of `for_residents`)."""
    if not page.live or not page.path or len(page.path) <= Page.steplen:
        return None
    paths = ancestor_paths(page.path)
    if page.alias_of_id:
        original = Page.objects.filter(pk=page.alias_of_id)
        original = original.values_list("path", flat=True).first()
        paths += ancestor_paths(original) if original else []
    if PageViewRestriction.objects.filter(page__path__in=paths).exists():
        return None
    parent = page.path[: -Page.steplen]
    return Page.objects.filter(path=parent).values_list("pk", flat=True).first()


def listed_models() -> list[type[ListedPage]]:
    return [m for m in apps.get_models() if issubclass(m, ListedPage)]


def refresh_listing(path: str) -> int:
    """Set `listed_in` again for every listed page at or under `path` and
    every copy (alias) of one; returns how many changed. Called when a view
    restriction is added, changed or removed there, or the subtree moved."""
    restricted = set(PageViewRestriction.objects.values_list("page__path", flat=True))

    def is_restricted(*paths: str | None) -> bool:
        return any(
            p in restricted for path in paths if path for p in ancestor_paths(path)
        )

    changed = 0
    for model in listed_models():
        rows = list(
            model.objects.filter(
                subtree(path, inclusive=True) | Q(alias_of__path__startswith=path)
            ).values_list("pk", "path", "live", "listed_in", F("alias_of__path"))
        )
        parents = dict(
            Page.objects.filter(
                path__in={row[1][: -Page.steplen] for row in rows}
            ).values_list("path", "pk")
        )
        wanted: dict[int | None, list[int]] = {}
        for pk, page_path, live, current, original_path in rows:
            listed = (
                parents.get(page_path[: -Page.steplen])
                if live and not is_restricted(page_path, original_path)
                else None
            )
            if listed != current:
                wanted.setdefault(listed, []).append(pk)
        for listed, pks in wanted.items():
            for start in range(0, len(pks), 500):  # within SQLite's variables
                batch = pks[start : start + 500]
                changed += model.objects.filter(pk__in=batch).update(listed_in=listed)
    if changed:  # lists, their counts and menus kept per version
        bump_content_version()
    return changed


def on_restriction_changed(sender, instance, **kwargs) -> None:
    bump_content_version()  # cached menus and filter choices
    path = Page.objects.filter(pk=instance.page_id).values_list("path", flat=True)
    path = path.first()
    if path:  # None when the page itself is being deleted
        refresh_listing(path)


def on_page_moved(sender, instance, **kwargs) -> None:
    bump_content_version()
    refresh_listing(instance.path)


def connect_signals() -> None:
    for signal in (post_save, post_delete):
        signal.connect(
            on_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"listing-restriction-{signal is post_save}",
        )
    post_page_move.connect(on_page_moved, dispatch_uid="listing-moved")
