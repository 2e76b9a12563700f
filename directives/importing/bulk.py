"""New pages of an import written in bulk: a few statements per batch of
pages instead of some thirty per page.

`writer._Importer.save` hands each new page (a line whose identity finds no
page) of the four imported types to `BulkPages.add`, which validates it at
once (so a bad line still stops the import at `FILE:LINE`) and keeps it
until its parent has `BATCH` waiting, or until something needs the pages in
the database (a notice linking a directive, a page written the slow way).
Then `flush` writes, per parent, what `parent.add_child(instance=page)`,
`page.save_revision().publish()` would have written page by page:

1. the tree position as treebeard's `add_child` gives it (the last child's
   step plus one, `Page._get_path`), `url_path`, `draft_title`, locale,
   content type, `number_key` (`DirectivePage.save`) and `listed_in`
   (`ListedPage.save`: the parent unless a view restriction covers it);
   `full_clean()` once, as `add_child` does, with the sibling-slug check
   answered by the importer's in-memory set of the parent's slugs (read from
   the database once, then kept as every page is added), and the uniqueness
   of `path` and `translation_key` left out (a new step past the last child;
   a fresh uuid4);
2. `Page` rows with `bulk_create` (ids returned by SQLite >= 3.35 and
   PostgreSQL), the page type's own rows with Django's internal `_insert`
   (what `bulk_create` does for one table; it refuses multi-table models),
   the `directives` links of notices, articles and procedures;
3. one `Revision` per page whose content is `serializable_data()` as
   `save_revision` takes it (before the publish fields are set), then one
   UPDATE per batch for `latest_revision` and `live_revision`; the parent's
   `numchild` in one UPDATE;
4. the log entries Wagtail writes, "wagtail.create" and "wagtail.publish",
   with the same label, data and flags.

What a publish triggers, and what this module does instead:

- `page_published`, receivers of this project:
  - `search.signals.page_changed` (the portal's Tantivy index): the outbox
    rows of the whole batch with one `search.tasks.schedule`; the index is
    updated once the import commits, as before;
  - `directives.prerender.on_page_published`: called for every page; it
    only collects ids for the transaction's one batch;
  - `directives.caching.bump_content_version` (also every `post_save`
    through `caching.on_saved`): once, at the end of the import;
  - `directives.originals.on_page_published`: nothing to do, a line with
    an original file goes page by page;
  - `cms.wards.share_when_published`: nothing to do, only city-library
    pages are shared, and shared lines go page by page.
- `post_save`: the admin search index (`modelsearch`, the folding
  `search.admin_backend`) and Wagtail's `ReferenceIndex` are already
  deferred by `writer.index_updates_deferred` to one pass at the end of the
  import, 500 pages at a time, both by `search.tasks.update_admin_index`
  (`cms.references.index_references`: one insert for the pages that have no
  reference row yet; the admin index by `add_bulk`); the new pages join its
  list. `search.signals.alias_changed`
  concerns copies only (none here). `cms.cleaning` (`pre_save`) has already
  run inside `full_clean` (`WardPageMixin.full_clean`).
- `cms.visibility.refresh_listing` once per section at the end of the
  import, over the rule `listed_in` was computed with here.

Memory stays flat: a flushed page is dropped; the importer keeps only a
light stand-in of each directive for the notices that cite it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from wagtail.models import Page, PageLogEntry, PageViewRestriction, Revision

from cms.visibility import ancestor_paths, children_of, refresh_listing
from directives import prerender
from directives.caching import bump_content_version
from search import analysis, tasks

from ..models import ArticlePage, DirectivePage, NoticePage, ProcedurePage

# The page types whose new pages are written here.
BULK_TYPES = (DirectivePage, NoticePage, ArticlePage, ProcedurePage)

# Foreign keys set from rows in hand (the content type's, the parent's, its
# locale's, the issuer made or read by the importer): not read again.
TAKEN_FROM_ROWS = ["content_type", "locale", "listed_in", "issuer"]

# Pages of one parent written together.
BATCH = 500


class BulkWriteError(Exception):
    """The database refused a batch; `line` is its first page's line (the
    cause is the DatabaseError)."""

    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


@dataclass
class _Parent:
    page: Page
    next_step: int  # treebeard's step of the next child
    waiting: list = field(default_factory=list)


class BulkPages:
    def __init__(self, touched: dict | None, on_written=None):
        """`touched`: model -> ids, the deferred index updates of
        `writer.index_updates_deferred`; `on_written(page)`: called for each
        page once it has its id."""
        self.touched = touched
        self.on_written = on_written
        self.parents: dict[int, _Parent] = {}
        self.sections: set[str] = set()  # paths whose listing is refreshed
        self.written = 0
        self._restricted: set[str] | None = None
        self._page_type = ContentType.objects.get_for_model(Page)

    # Adding --------------------------------------------------------------

    def restricted(self) -> set[str]:
        if self._restricted is None:
            self._restricted = set(
                PageViewRestriction.objects.values_list("page__path", flat=True)
            )
        return self._restricted

    def _parent(self, parent: Page) -> _Parent:
        entry = self.parents.get(parent.pk)
        if entry is None:
            last = (
                Page.objects.filter(children_of(parent))
                .order_by("-path")
                .values_list("path", flat=True)
                .first()
            )
            step = int(last[-Page.steplen :], 36) + 1 if last else 1
            entry = self.parents[parent.pk] = _Parent(parent, step)
        return entry

    def add(self, page, parent: Page, taken: set[str]) -> None:
        """Place `page` (unsaved, its fields and slug set) under `parent`,
        validate it, and keep it for the next flush; `taken` is the parent's
        children's slugs, to which its slug is added. Raises
        ValidationError as `add_child` would."""
        entry = self._parent(parent)
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, entry.next_step)
        page.numchild = 0
        page.url_path = parent.url_path + page.slug + "/"
        page.locale_id = parent.locale_id
        page.content_type = ContentType.objects.get_for_model(type(page))
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page._cached_parent_obj = parent
        if isinstance(page, DirectivePage):  # DirectivePage.save
            page.number_key = analysis.symbol_key(page.number) or analysis.fold(
                page.number
            )
        # ListedPage.save (cms.visibility.listing_of)
        listed = not any(p in self.restricted() for p in ancestor_paths(page.path))
        page.listed_in_id = parent.pk if listed else None

        def slug_is_unique(page=page, parent=parent):
            # Page._check_slug_is_unique, from the set read from the database
            # once and kept up to date by the importer (the slug was chosen
            # outside it).
            if page.slug in taken:
                raise ValidationError(
                    {
                        "slug": f"The slug '{page.slug}' is already in use within "
                        f"the parent page at '{parent.url}'."
                    }
                )

        page._check_slug_is_unique = slug_is_unique
        try:
            # The uniqueness of path (a step past the last child) and of
            # translation_key (a new uuid4) needs no query, nor do the rows
            # these keys were just taken from.
            page.full_clean(validate_unique=False, exclude=TAKEN_FROM_ROWS)
        finally:
            del page._check_slug_is_unique
        taken.add(page.slug)
        entry.next_step += 1
        entry.waiting.append(page)
        self.sections.add(parent.path)
        if len(entry.waiting) >= BATCH:
            self.flush_parent(entry)

    # Writing -------------------------------------------------------------

    def flush(self) -> None:
        """Write every page still waiting."""
        for entry in self.parents.values():
            if entry.waiting:
                self.flush_parent(entry)

    def forget_positions(self) -> None:
        """After a page was added the slow way: read the last child again."""
        self.flush()
        self.parents.clear()
        self._restricted = None

    def flush_parent(self, entry: _Parent) -> None:
        pages, entry.waiting = entry.waiting, []
        try:
            self._write(entry, pages)
        except DatabaseError as exc:
            raise BulkWriteError(getattr(pages[0], "_import_line", 0)) from exc

    def _write(self, entry: _Parent, pages: list) -> None:
        now = timezone.now()
        using = connection.alias
        Page.objects.bulk_create(pages)
        by_model: dict[type, list] = {}
        for page in pages:
            page.page_ptr_id = page.id
            by_model.setdefault(type(page), []).append(page)
        for model, objs in by_model.items():
            self._insert(model, objs, using)
            self._insert_links(model, objs)

        # The revision holds the page as save_revision saw it: before the
        # publish set its dates and revisions. A new page has no child rows
        # (inline relations, tags, comments): said in memory, not asked of
        # the database two or three times per page.
        for page in pages:
            for relation in get_all_child_relations(type(page)):
                setattr(page, relation.get_accessor_name(), [])
        revisions = [
            Revision(
                content_type_id=page.content_type_id,
                base_content_type_id=self._page_type.pk,
                object_id=str(page.pk),
                content=page.serializable_data(),
                object_str=str(page),
                created_at=now,
            )
            for page in pages
        ]
        Revision.objects.bulk_create(revisions)
        for page, revision in zip(pages, revisions, strict=True):
            page.latest_revision = page.live_revision = revision
            page.latest_revision_created_at = now
            page.first_published_at = page.last_published_at = now
        # Each page its one revision, in one UPDATE (bulk_update's CASE of
        # 500 branches costs as much as the rest of the batch on SQLite).
        ids = [page.pk for page in pages]
        own_revision = Subquery(
            Revision.objects.filter(
                base_content_type_id=self._page_type.pk,
                object_id=Cast(OuterRef("pk"), CharField()),
            )
            .order_by("-pk")
            .values("pk")[:1]
        )
        Page.objects.filter(pk__in=ids).update(
            latest_revision_id=own_revision,
            latest_revision_created_at=now,
            first_published_at=now,
            last_published_at=now,
        )
        Page.objects.filter(pk__in=ids).update(live_revision_id=F("latest_revision_id"))
        parent = entry.page
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
        parent.numchild += len(pages)

        logs = []
        for page, revision in zip(pages, revisions, strict=True):
            label = page.get_admin_display_title()
            for action, rev in (
                ("wagtail.create", None),
                ("wagtail.publish", revision),
            ):
                logs.append(
                    PageLogEntry(
                        content_type_id=page.content_type_id,
                        label=label,
                        action=action,
                        timestamp=now,
                        data={},
                        revision=rev,
                        content_changed=True,
                        page_id=page.pk,
                    )
                )
        PageLogEntry.objects.bulk_create(logs)

        # What page_published would have done (see the module's docstring).
        tasks.schedule([page.pk for page in pages])
        for page in pages:
            prerender.on_page_published(sender=type(page), instance=page)
            if self.touched is not None:
                self.touched[type(page)].add(page.pk)
            if self.on_written is not None:
                self.on_written(page)
        self.written += len(pages)

    @staticmethod
    def _insert(model, objs, using) -> None:
        """The rows of `model`'s own table (page_ptr and its fields), as
        QuerySet.bulk_create writes one table."""
        fields = list(model._meta.local_concrete_fields)
        size = connection.ops.bulk_batch_size(fields, objs) or len(objs)
        for start in range(0, len(objs), size):
            model._base_manager._insert(
                objs[start : start + size], fields=fields, using=using
            )

    @staticmethod
    def _insert_links(model, objs) -> None:
        """The through rows of `directives` (ParentalManyToManyField, kept
        in memory by modelcluster until the page is saved)."""
        if model is DirectivePage:
            return
        through = model._meta.get_field("directives").remote_field.through
        source = model._meta.get_field("directives").m2m_field_name()
        target = model._meta.get_field("directives").m2m_reverse_field_name()
        rows = [
            through(**{f"{source}_id": page.pk, f"{target}_id": directive.pk})
            for page in objs
            for directive in page.directives.all()
        ]
        if rows:
            through.objects.bulk_create(rows)

    def finish(self) -> None:
        """At the end of the import: write what waits, set the lists once
        over the rule, move the content version on once."""
        self.flush()
        if not self.written:
            return
        for path in sorted(self.sections):
            refresh_listing(path)
        bump_content_version()
