"""Writing checked records as pages: each directive, procedure, notice or
article found by its identity and created or updated, published, and
indexed once at the end of the import's transaction.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import DatabaseError, transaction
from django.db.models.signals import post_save
from django.utils.text import slugify
from modelsearch import signal_handlers as search_signals
from wagtail.documents import get_document_model
from wagtail.models import Site
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.utils.file import hash_filelike

from cms import wards
from cms.site_structure import ensure_sections, ensure_site_structure
from search import analysis
from search import tasks as search_tasks

from ..blocks import paragraphs_to_stream, split_paragraphs
from ..models import (
    ArticlePage,
    DirectivePage,
    IssuingBody,
    NoticePage,
    ProcedurePage,
)
from .bulk import BULK_TYPES, BulkPages, BulkWriteError
from .records import ImportLineError, Record


def body_of(data: dict) -> str | None:
    """The line's body; None when it leaves the body out for its original's
    text: an editor may have made the body from that text since, which a
    second import must not wipe."""
    if not data["body"] and data.get("original"):
        return None
    return data["body"]


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False
    # The search and reference indexes are the worker's to fill (a live
    # worker when the import began); else the command drains the outbox.
    indexed_by_worker: bool = False

    def summary(self) -> str:
        prefix = "Chạy thử (không ghi gì): " if self.dry_run else ""
        return (
            f"{prefix}{self.created} mới, {self.updated} cập nhật, "
            f"{self.unchanged} không đổi."
        )


class _Importer:
    def __init__(self, path: str, dry_run: bool, site=None, touched=None):
        """Into the ward `site` (a Wagtail Site; None: the default site,
        made with its sections on a fresh database). `touched`: the index
        updates deferred to the end (`index_updates_deferred`)."""
        self.path = path
        self.report = ImportReport(dry_run=dry_run)
        if site is None:
            self.sections = ensure_site_structure()
            self.site = Site.objects.get(root_page=self.sections["home"])
        else:
            self.site = site
            self.sections = {"home": site.root_page, **ensure_sections(site.root_page)}
        self.home = self.sections["home"]
        self.library = None  # made by the first shared directive
        self.issuers = {analysis.fold(i.name): i for i in IssuingBody.objects.all()}
        self.by_key: dict[str, list[DirectivePage]] = {}
        self.slugs: dict[int, set[str]] = {}  # parent pk -> its children's slugs
        # New pages written in bulk (bulk.py); settings.IMPORT_BULK = False
        # writes every page one by one, as before.
        self.bulk = (
            BulkPages(touched, on_written=self.written)
            if settings.IMPORT_BULK
            else None
        )

    def issuer(self, name: str) -> IssuingBody:
        folded = analysis.fold(name)
        if folded not in self.issuers:
            self.issuers[folded] = IssuingBody.for_name(name)
        return self.issuers[folded]

    def run(self, records: list[Record]) -> ImportReport:
        for record in sorted(records, key=lambda r: r.kind != "directive"):
            self.line = record.line
            try:
                getattr(self, f"import_{record.kind}")(record)
            except BulkWriteError as exc:
                raise self.refused(exc.line, exc.__cause__) from exc
            except (ValidationError, ValueError) as exc:
                messages = getattr(exc, "messages", None) or [str(exc)]
                raise ImportLineError(
                    self.path, record.line, "; ".join(messages)
                ) from exc
            except DatabaseError as exc:
                # What reading could not foresee; the transaction rolls back.
                raise self.refused(record.line, exc) from exc
        if self.bulk is not None:
            try:
                self.bulk.finish()
            except BulkWriteError as exc:
                raise self.refused(exc.line, exc.__cause__) from exc
        return self.report

    # What is already in the database, read once, so that a line that can
    # match nothing asks nothing: a page's identity is looked up (with the
    # queries below) only when some page, in any ward, shares its key. The
    # lines of one file never match each other (records.read_records refuses
    # duplicates), so what this import writes needs no adding here, but
    # directives are added all the same (their copies in the wards).

    def known_directives(self) -> set[tuple]:
        if not hasattr(self, "_known_directives"):
            self._known_directives = {
                (issuer, key, signed_on.year)
                for issuer, key, signed_on in DirectivePage.objects.values_list(
                    "issuer_id", "number_key", "signed_on"
                )
            }
        return self._known_directives

    def known_dates(self, model) -> set:
        if not hasattr(self, "_known_dates"):
            self._known_dates = {}
        if model not in self._known_dates:
            self._known_dates[model] = set(
                model.objects.values_list("published_on", flat=True).distinct()
            )
        return self._known_dates[model]

    def refused(self, line: int, exc) -> ImportLineError:
        return ImportLineError(
            self.path, line, f"cơ sở dữ liệu không nhận dòng này ({exc})"
        )

    def slugs_of(self, parent) -> set[str]:
        if parent.pk not in self.slugs:
            self.slugs[parent.pk] = set(
                parent.get_children().values_list("slug", flat=True)
            )
        return self.slugs[parent.pk]

    def goes_in_bulk(self, page, existing: bool) -> bool:
        """A new page of an imported type, in a ward, without an original
        file; the rest (updates, the city library, originals) page by page."""
        return (
            self.bulk is not None
            and not existing
            and type(page) in BULK_TYPES
            and not getattr(page, "_shared", False)
            and not getattr(page, "original_file_id", None)
        )

    def written(self, page) -> None:
        """A page written in bulk: a directive stays known to the notices
        that cite it by a stand-in holding what they read of it."""
        key = getattr(page, "_by_key", None)
        if key is None:
            return
        page._light = DirectivePage(
            id=page.pk, page_ptr_id=page.pk, signed_on=page.signed_on
        )
        if key in self.by_key:
            self.by_key[key] = [
                page._light if p is page else p for p in self.by_key[key]
            ]

    def save(self, page, existing: bool, fields: dict, body: str):
        """Publish `page` with `fields` unless it already says exactly that."""
        if existing and self.unchanged(page, fields, body):
            self.report.unchanged += 1
            return page
        for name, value in fields.items():
            if name != "directives":
                setattr(page, name, value)
        if body is not None:
            page.body = paragraphs_to_stream(body)
            page.__dict__.pop("body_text", None)
        if "directives" in fields:
            page.directives.set(fields["directives"])
        if self.goes_in_bulk(page, existing):
            parent = self.sections[self.section_for(page)]
            taken = self.slugs_of(parent)
            page.slug = self.unique_slug(taken, page)
            page._import_line = self.line
            self.bulk.add(page, parent, taken)  # validates the new page
            self.report.created += 1
            return page
        if self.bulk is not None and (not existing or getattr(page, "_shared", False)):
            # Written the slow way, a new page (or a shared one, which makes
            # copies in the wards) finds the pages waiting in the database.
            self.bulk.forget_positions()
        if not existing:
            parent = (
                self.library
                if getattr(page, "_shared", False)
                else self.sections[self.section_for(page)]
            )
            taken = self.slugs_of(parent)
            page.slug = self.unique_slug(taken, page)
            taken.add(page.slug)
            parent.add_child(instance=page)  # validates the new page
            self.report.created += 1
        else:
            page.full_clean()
            self.report.updated += 1
        # Validated once above; Wagtail would otherwise validate each save again.
        page.save_revision(clean=False).publish()
        if getattr(page, "_shared", False):
            # Its copy on this ward took a slug of the ward's section.
            self.slugs.clear()
        return page

    @staticmethod
    def unchanged(page, fields: dict, body: str) -> bool:
        for name, value in fields.items():
            current = getattr(page, name)
            if name == "directives":
                current = list(current.all())
            if current != value:
                return False
        if body is None:
            return True  # the line leaves the body to the page (its original)
        return page.body_text == "\n\n".join(split_paragraphs(body))

    @staticmethod
    def section_for(page) -> str:
        """The section the page type lives under: its one parent page type
        ("directives.DirectiveIndexPage" → "DirectiveIndexPage")."""
        return page.parent_page_types[0].rsplit(".", 1)[-1]

    @staticmethod
    def unique_slug(taken: set[str], page) -> str:
        base = (
            page.default_slug()
            if isinstance(page, DirectivePage)
            else slugify(analysis.fold(page.title))[:70].strip("-")
        ) or page.kind
        slug, n = base, 2
        if slug in taken and getattr(page, "published_on", None):
            slug = f"{base}-{page.published_on:%Y%m%d}"
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        return slug

    def in_site(self, queryset):
        """`queryset` narrowed to the ward being imported into (its own pages
        and its copies of the library's)."""
        return queryset.descendant_of(self.home)

    def original(self, path: Path | None, title: str, shared: bool = False):
        """The document holding the line's original file: one already stored
        with the same content, else a new one in the ward's collection (the
        library's in the root collection). None in a dry run that would
        have to store it."""
        if path is None:
            return None
        with path.open("rb") as fh:
            digest = hash_filelike(fh)
        Document = get_document_model()
        collection = wards.collection_for(None if shared else self.site)
        same = (
            Document.objects.filter(file_hash=digest, collection=collection)
            .order_by("pk")
            .first()
        )
        if same is not None or self.report.dry_run:
            return same
        document = Document(title=f"Bản gốc – {title}"[:255], collection=collection)
        with path.open("rb") as fh:
            document.file.save(path.name, File(fh), save=False)
        document._set_document_file_metadata()
        document.save()
        return document

    def import_directive(self, record: Record):
        d = record.data
        issuer = self.issuer(d["issuer"])
        key = analysis.symbol_key(d["number"])
        same = DirectivePage.objects.filter(
            issuer=issuer, number_key=key, signed_on__year=d["signed_on"].year
        ).order_by("pk")
        identity = (issuer.pk, key, d["signed_on"].year)
        known = identity in self.known_directives()
        self.known_directives().add(identity)
        if d["shared"]:
            self.library = self.library or wards.library(create=True)
            page = same.child_of(self.library).first()
        elif not known:
            page = None  # no directive anywhere has this identity
        else:
            page = self.in_site(same).filter(alias_of__isnull=True).first()
            copy = self.in_site(same).filter(alias_of__isnull=False).first()
            if page is None and copy is not None:
                # Published by the city: the ward shows the library's text.
                self.report.warnings.append(
                    f"{self.path}:{record.line}: {copy.display_name} đã có trong "
                    "thư viện dùng chung của thành phố, dòng này không được nhập "
                    "(already shared by the city, line skipped)"
                )
                self.report.unchanged += 1
                self.by_key.setdefault(key, []).append(copy)
                return
        fields = {
            name: d[name]
            for name in (
                "title",
                "doc_type",
                "number",
                "signed_on",
                "effective_on",
                "summary",
                "signer",
                "status",
            )
        }
        fields["issuer"] = issuer
        if d["original"]:
            fields["original_file"] = self.original(
                d["original"], f"{d['doc_type']} {d['number']}", shared=d["shared"]
            )
        if page is None:
            page = DirectivePage()
            existing = False
        else:
            existing = True
        page._shared = d["shared"]
        page._by_key = key
        page = self.save(page, existing, fields, body_of(d))
        if d["shared"] and page.live:
            # Its copy on this ward, made when it was published (cms.wards).
            # A ward that had its own page of it keeps that one.
            local = wards.alias_in(page, self.site) or next(
                iter(wards.share(page, [self.site])), None
            )
            own = self.in_site(same).filter(alias_of__isnull=True)
            page = local or own.first() or page
        # Written already (bulk.py): what the notices need of it.
        self.by_key.setdefault(key, []).append(getattr(page, "_light", page))

    def resolve(self, record: Record, number: str) -> DirectivePage | None:
        key = analysis.symbol_key(number)
        if self.bulk is not None and any(
            p.pk is None for p in self.by_key.get(key, ())
        ):
            self.bulk.flush()  # the directive is linked by its id
        candidates = self.by_key.get(key) or list(
            self.in_site(DirectivePage.objects.filter(number_key=key))
        )
        if not candidates:
            self.report.warnings.append(
                f"{self.path}:{record.line}: không tìm thấy văn bản {number} "
                "(directive not on the site, link skipped)"
            )
            return None
        # Same number, several issuers or terms: the most recent is meant.
        return max(candidates, key=lambda p: (p.signed_on, p.pk))

    def import_dated(self, record: Record, model):
        d = record.data
        if d["published_on"] not in self.known_dates(model):
            page = None  # no page of this type anywhere has this date
        else:
            page = (
                self.in_site(model.objects.filter(published_on=d["published_on"]))
                .filter(title__iexact=d["title"])
                .order_by("pk")
                .first()
            )
        if page is None and d["published_on"] in self.known_dates(model):
            wanted = analysis.normalize(d["title"])
            page = next(
                (
                    p
                    for p in self.in_site(
                        model.objects.filter(published_on=d["published_on"])
                    )
                    if analysis.normalize(p.title) == wanted
                ),
                None,
            )
        fields = {"title": d["title"], "published_on": d["published_on"]}
        if model is NoticePage:
            fields["valid_until"] = d["valid_until"]
            for name in ("posted_at", "audience"):
                if d[name]:
                    fields[name] = d[name]
        elif d["author"]:
            fields["author"] = d["author"]
        if d["original"]:
            fields["original_file"] = self.original(d["original"], d["title"])
        linked = [self.resolve(record, n) for n in d["directives"]]
        fields["directives"] = sorted({p for p in linked if p}, key=lambda p: p.pk)
        self.save(page or model(), page is not None, fields, body_of(d))

    def import_procedure(self, record: Record):
        d = record.data
        if self.bulk is not None:
            # Found by a looser rule than the file's duplicates (a line
            # without a code finds a page of its title): look at all of them.
            self.bulk.flush()
        procedures = self.in_site(ProcedurePage.objects.order_by("pk"))
        page = None
        if d["code"]:
            page = procedures.filter(code__iexact=d["code"]).first()
        if page is None:  # no code, or a page imported before it had one
            named = procedures.filter(title__iexact=d["title"]).first()
            wanted = analysis.normalize(d["title"])
            page = named or next(
                (p for p in procedures if analysis.normalize(p.title) == wanted), None
            )
            if page is not None and d["code"] and page.code:
                page = None  # another procedure of the same name, another code
        fields = {
            name: d[name]
            for name in (
                "title",
                "code",
                "field",
                "summary",
                "steps",
                "required_documents",
                "processing_time",
                "fee",
                "filed_at",
                "online_url",
                "reference_only",
            )
        }
        if d["last_checked"]:
            fields["last_checked"] = d["last_checked"]
        if page is not None and not d["code"]:
            fields.pop("code")  # a line without a code keeps the page's
        linked = [self.resolve(record, n) for n in d["directives"]]
        fields["directives"] = sorted({p for p in linked if p}, key=lambda p: p.pk)
        self.save(page or ProcedurePage(), page is not None, fields, d["body"])

    def import_notice(self, record: Record):
        self.import_dated(record, NoticePage)

    def import_article(self, record: Record):
        self.import_dated(record, ArticlePage)


@contextmanager
def index_updates_deferred():
    """Index each imported page once, at the end, not at each of its saves.

    A new page is saved three times (added, revision, published) and each save
    re-indexes it in Wagtail's search backends and reference index; here the
    saves are collected and the pages indexed once, in bulk: the portal's
    search index (through the outbox), the admin's search index and Wagtail's
    reference index (`search.tasks.update_admin_index`), by the worker of
    the "default" queue once the import commits where there is one (`make
    run`), else in this process (the admin's inside the transaction, the
    portal's right after the commit). Meant for a management command: the
    search handlers are swapped process-wide while it runs.
    """
    models = (DirectivePage, ProcedurePage, NoticePage, ArticlePage)
    touched: dict[type, set[int]] = {model: set() for model in models}

    def collect(sender, instance, **kwargs):
        touched[sender].add(instance.pk)

    for model in models:
        post_save.disconnect(search_signals.post_save_signal_handler, sender=model)
        post_save.connect(collect, sender=model, dispatch_uid=f"import-{model}")
    try:
        with disable_reference_index_auto_update():
            yield touched
    finally:
        for model in models:
            post_save.disconnect(sender=model, dispatch_uid=f"import-{model}")
            post_save.connect(search_signals.post_save_signal_handler, sender=model)
    if transaction.get_rollback():
        return  # a dry run: nothing was written, nothing to index
    for pks in touched.values():
        pks = sorted(pks)
        # In chunks: memory stays flat and SQLite's variables suffice. The
        # admin's search and reference indexes, like the portal's index (the
        # outbox), are filled by the worker from the committed rows, on the
        # other core while this process goes on (search.tasks.update_admin_index).
        for start in range(0, len(pks), INDEX_CHUNK):
            search_tasks.admin_index_after_commit(pks[start : start + INDEX_CHUNK])


INDEX_CHUNK = 500
