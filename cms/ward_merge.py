"""Merging one ward into another (`manage.py merge_wards`).

When two wards become one, the ward that goes away (`old`) hands everything
to the ward that stays (`new`), in one transaction:

- its pages move into the same sections of the new ward (Wagtail's move: same
  ids, revisions and history; the search index follows the move signal); a
  slug the new section already has gets the next free one;
- its copies of library directives that the new ward also has are deleted,
  their addresses sent to the new ward's copy; whatever pointed at such a
  copy (broadcast slots and airings, postings, residents' messages and
  ratings, any key to the page found generically) points at the new ward's
  copy first (ratings of the same month add up; a record the new copy
  already has is not kept twice);
- its own "Giới thiệu" pages (leaders, structure, contacts, one-stop office)
  describe a ward that no longer exists: they move under the new ward's
  "Giới thiệu" as drafts, titled "<old ward> (trước sáp nhập): …", for staff
  to review; their addresses send residents to the new ward's "Giới thiệu";
- the old Site record keeps its host, with an unpublished root that serves
  nothing, one Wagtail `Redirect` per page address it served (home,
  sections, pages) and a `MergedWard` row naming the new ward: on that host
  every request answers with a redirect (cms/merged_wards.py): a page's
  address, or one of its renditions (poster, scripts, audio, share card),
  to where the page is now; any other address (search, feedback, feeds,
  programme, APIs, sitemap) to the same path on the new ward's host, with
  its query string;
- every record that pointed at the old Site (residents' messages, and any
  model with a foreign key to Site, found generically) points at the new one;
  the old ward's settings are deleted; its staff join the new ward's groups
  and its own groups are deleted; its approval workflow is deactivated
  (Wagtail never deletes one: it holds the approval history of the moved
  pages); its images and documents join the new ward's collection.

A ward is named by its settings (`cms.models.ward_name`: the first ward's home
page is titled "Trang chủ"), read before the old ward's settings go.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from modelcluster.fields import ParentalKey
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Comment,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Page,
    PageLogEntry,
    PageSubscription,
    PageViewRestriction,
    Site,
    WorkflowPage,
    WorkflowState,
)

from search import analysis

from . import wards
from .feedback.models import PageRating
from .models import AboutIndexPage, HomePage, MergedWard, ward_name
from .site_structure import SECTIONS

# Wagtail's own bookkeeping about a page: handled one by one below (or left
# to go with the page), never re-pointed wholesale.
PAGE_BOOKKEEPING = (
    Site,
    GroupPagePermission,
    WorkflowPage,
    PageViewRestriction,
    Comment,
    PageSubscription,
    PageLogEntry,
)


class MergeError(ValueError):
    """What `merge_wards` refuses, in Vietnamese."""


@dataclass
class MergeReport:
    """What a merge did (or, in a dry run, would do), line by line."""

    old: Site
    new: Site
    dry_run: bool = False
    lines: list[str] = field(default_factory=list)
    redirects: int = 0
    moved: list[int] = field(default_factory=list)

    def say(self, text: str) -> None:
        self.lines.append(text)


def _label(site: Site, name: str | None = None) -> str:
    return f"{name or ward_name(site)} ({_host(site)})"


def _host(site: Site) -> str:
    return site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"


def is_merged(site: Site) -> bool:
    """Whether `site` is what a merge leaves: a host that only redirects."""
    return MergedWard.objects.filter(old_site=site).exists()


def check(from_host: str, into_host: str) -> tuple[Site, Site]:
    """The two wards' Sites, or MergeError saying why not."""
    found = []
    for host in (from_host, into_host):
        site = wards.site_for_host(host)
        if site is None:
            raise MergeError(_("Không có cổng thông tin nào ở địa chỉ %s.") % host)
        found.append(site)
    old, new = found
    if old.pk == new.pk:
        raise MergeError(
            _("Phường nguồn và phường đích là một (%s): không có gì để sáp nhập.")
            % from_host
        )
    for site, host in ((old, from_host), (new, into_host)):
        if is_merged(site):
            raise MergeError(
                _(
                    "Cổng thông tin ở %s đã được sáp nhập vào phường khác: "
                    "nay chỉ còn các địa chỉ chuyển hướng."
                )
                % host
            )
        if not isinstance(site.root_page.specific, HomePage):
            raise MergeError(
                _("Cổng thông tin ở %s không phải cổng của một phường.") % host
            )
    pending = _pending_approvals(old.root_page)
    if pending:
        raise MergeError(
            _(
                "%(n)d trang của %(ward)s đang trong quy trình duyệt (%(titles)s): "
                "hãy duyệt, trả lại hoặc hủy trước khi sáp nhập."
            )
            % {
                "n": len(pending),
                "ward": ward_name(old),
                "titles": ", ".join(f"“{t}”" for t in pending),
            }
        )
    return old, new


def _pending_approvals(home) -> list[str]:
    ids = [
        str(pk)
        for pk in Page.objects.descendant_of(home, inclusive=True).values_list(
            "pk", flat=True
        )
    ]
    states = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=ids,
        status__in=(
            WorkflowState.STATUS_IN_PROGRESS,
            WorkflowState.STATUS_NEEDS_CHANGES,
        ),
    )
    pks = [int(pk) for pk in states.values_list("object_id", flat=True)]
    return list(
        Page.objects.filter(pk__in=pks).order_by("path").values_list("title", flat=True)
    )


def merge_wards(
    from_host: str, into_host: str, *, dry_run: bool = False
) -> MergeReport:
    """Merge the ward at `from_host` into the ward at `into_host`, in one
    transaction (rolled back when `dry_run`); raises MergeError, with
    nothing changed, when the merge cannot be done."""
    old, new = check(from_host, into_host)
    try:
        with transaction.atomic():
            report = _Merge(old, new, dry_run).run()
            if dry_run:
                transaction.set_rollback(True)
    finally:
        Site.clear_site_root_paths_cache()
    return report


class _Merge:
    def __init__(self, old: Site, new: Site, dry_run: bool):
        self.old, self.new = old, new
        self.old_home = old.root_page.specific
        self.new_home = new.root_page.specific
        # The wards' names, read now: the old ward's settings go later.
        self.old_name = ward_name(old)
        self.new_name = ward_name(new)
        self.report = MergeReport(old, new, dry_run)
        # (old path on the old host, target page); a rendition of the old
        # path follows its page's redirect (cms/merged_wards.py)
        self.redirects: list[tuple[str, Page]] = []
        # old page (home, sections) → its counterpart in the new ward
        self.counterpart: dict[int, Page] = {self.old_home.pk: self.new_home}

    def run(self) -> MergeReport:
        say = self.report.say
        say(
            (
                _("Chạy thử (không ghi gì): sáp nhập %(old)s vào %(new)s.")
                if self.report.dry_run
                else _("Sáp nhập %(old)s vào %(new)s.")
            )
            % {
                "old": _label(self.old, self.old_name),
                "new": _label(self.new, self.new_name),
            }
        )
        self.redirects.append(("/", self.new_home))
        for child in self.old_home.get_children().specific().order_by("path"):
            self._section(child)
        self._staff()
        self._retire_old_site()
        self._repoint_site_records()
        self._collection()
        self._write_redirects()
        MergedWard.objects.create(old_site=self.old, new_site=self.new)
        self.report.say(
            _(
                "Mọi địa chỉ khác ở %(host)s (tìm kiếm, góp ý, bản tin, lịch phát "
                "thanh, API, sơ đồ trang) chuyển hướng sang cùng địa chỉ ở %(new)s."
            )
            % {"host": _host(self.old), "new": _host(self.new)}
        )
        return self.report

    # Pages -----------------------------------------------------------

    def _old_path(self, page) -> str:
        return page.url_path[len(self.old_home.url_path) - 1 :]

    def _section(self, section) -> None:
        target = next(
            (
                p
                for p in self.new_home.get_children().specific().order_by("path")
                if type(p) is type(section)
            ),
            None,
        )
        is_section = type(section).__name__ in {name for name, _s, _t in SECTIONS}
        if target is None or not is_section:
            # Not one of the sections both wards have: the page moves whole.
            self._move(section, self.new_home)
            return
        self.counterpart[section.pk] = target
        self.redirects.append((self._old_path(section), target))
        about = isinstance(section, AboutIndexPage)
        for page in section.get_children().specific().order_by("path"):
            if about:
                self._move_about(page, target)
            elif page.alias_of_id and wards.in_library(page.alias_of):
                self._copy(page, target)
            else:
                self._move(page, target)
        self._keep_restrictions(section, target)

    def _move(self, page, target, *, title: str | None = None, slug: str | None = None):
        old_path = self._old_path(page)
        paths = [
            (old_path + p.url_path[len(page.url_path) :], p.pk)
            for p in Page.objects.descendant_of(page).order_by("path")
        ]
        wanted = slug or page.slug
        free = wards._free_slug(target, wanted)
        if free != page.slug or title:
            _rename(page, title=title, slug=free)
        page.move(target, pos="last-child")
        moved = Page.objects.get(pk=page.pk).specific
        self.report.moved.append(moved.pk)
        self.redirects.append((old_path, moved))
        for path, pk in paths:
            self.redirects.append((path, Page.objects.get(pk=pk)))
        note = ""
        if free != wanted:
            note = _(" (trùng địa chỉ: đổi “%(old)s” thành “%(new)s”)") % {
                "old": wanted,
                "new": free,
            }
        self.report.say(
            _("Chuyển trang “%(title)s”: %(old)s → %(new)s%(note)s")
            % {
                "title": moved.title,
                "old": old_path,
                "new": moved.url_path[len(self.new_home.url_path) - 1 :],
                "note": note,
            }
        )
        return moved

    def _move_about(self, page, target) -> None:
        """The old ward's own pages: kept as drafts under the new ward's
        "Giới thiệu" (what they say — leaders, phones, offices — no longer
        holds); their addresses lead to the new ward's "Giới thiệu"."""
        prefix = _("%s (trước sáp nhập): ") % self.old_name
        old_path = self._old_path(page)
        was_live = page.live
        moved = self._move(
            page,
            target,
            title=prefix + page.title,
            slug=f"{self._old_slug()}-{page.slug}",
        )
        for pg in Page.objects.descendant_of(moved, inclusive=True).live().specific():
            pg.unpublish(log_action=True)
        # Replace the redirects `_move` noted: residents go to the section.
        self.redirects = [
            (path, target if path.startswith(old_path) else dest)
            for path, dest in self.redirects
        ]
        if was_live:
            self.report.say(
                _(
                    "  “%s” thành bản nháp: thông tin của phường cũ, cán bộ rà "
                    "soát trước khi xuất bản lại."
                )
                % moved.title
            )

    def _old_slug(self) -> str:
        return analysis.slugify(self.old_name) or self.old_home.slug

    def _copy(self, alias, target) -> None:
        """The old ward's copy of a library directive: what pointed at it
        (its broadcasts, postings, messages, ratings…) points at the new
        ward's copy, then it goes."""
        original = alias.alias_of
        kept = wards.alias_in(original, self.new)
        if kept is None:
            self._move(alias, target)
            return
        old_path = self._old_path(alias)
        self.redirects.append((old_path, kept))
        self.report.say(
            _("Bỏ bản sao “%(title)s” ở %(old)s: %(new)s đã có bản sao %(path)s")
            % {
                "title": alias.title,
                "old": old_path,
                "new": self.new_name,
                "path": kept.url_path[len(self.new_home.url_path) - 1 :],
            }
        )
        self._repoint_page_links(
            alias,
            kept,
            where=_("bản sao của %(new)s") % {"new": self.new_name},
            prefix="  ",
        )
        alias.delete()

    def _keep_restrictions(self, section, target) -> None:
        """A page that was private under the old section stays private."""
        inherited = [
            *PageViewRestriction.objects.filter(page=section),
            *PageViewRestriction.objects.filter(page=self.old_home),
        ]
        if not inherited:
            return
        for pk in self.report.moved:
            page = Page.objects.get(pk=pk)
            if page.get_parent().pk != target.pk or page.get_view_restrictions():
                continue
            for restriction in inherited:
                copy = PageViewRestriction.objects.create(
                    page=page,
                    restriction_type=restriction.restriction_type,
                    password=restriction.password,
                )
                copy.groups.set(restriction.groups.all())

    # Staff, site, records ---------------------------------------------------

    def _staff(self) -> None:
        """The old ward's editors and leaders join the new ward's groups; its
        own groups go, its workflow stops (its history stays)."""
        old_groups = wards.role_groups(self.old)
        new_groups = wards.role_groups(self.new)
        self.role_groups = {group.pk for group in old_groups if group is not None}
        for old_group, new_group in zip(old_groups, new_groups, strict=True):
            if old_group is None:
                continue
            users = list(old_group.user_set.all())
            if new_group is None:
                # The new ward has no such group: the old one works there.
                for grant in GroupPagePermission.objects.filter(
                    group=old_group, page=self.old_home
                ):
                    GroupPagePermission.objects.get_or_create(
                        group=old_group, page=self.new_home, permission=grant.permission
                    )
                continue
            new_group.user_set.add(*users)
            if old_group.name in (wards.EDITORS, wards.LEADERS):
                # The installation's template groups (create_ward copies
                # their rights): kept, without the members or the pages.
                old_group.user_set.clear()
                verb = _("rời nhóm")
            else:
                old_group.delete()
                verb = _("xóa nhóm")
            self.report.say(
                _("Nhóm: %(n)d người từ “%(old)s” vào “%(new)s”; %(verb)s “%(old)s”.")
                % {
                    "n": len(users),
                    "old": old_group.name,
                    "new": new_group.name,
                    "verb": verb,
                }
            )
        for link in WorkflowPage.objects.filter(
            page__in=[self.old_home, *self.counterpart_pages()]
        ).select_related("workflow"):
            workflow = link.workflow
            link.delete()
            if (
                workflow.workflow_pages.exists()
                or workflow.workflow_content_types.exists()
            ):
                continue
            workflow.deactivate()
            for task in workflow.tasks.all():
                if not task.workflows.filter(active=True).exists():
                    task.specific.deactivate()
            self.report.say(
                _("Quy trình “%s” ngừng dùng (giữ lịch sử duyệt của các trang).")
                % workflow.name
            )

    def counterpart_pages(self) -> list[Page]:
        return list(Page.objects.filter(pk__in=list(self.counterpart)))

    def _retire_old_site(self) -> None:
        """The old Site keeps its host with a root that serves nothing; the
        old home and its emptied sections go, after whatever pointed at them
        points at the new ward's."""
        root = Page.get_first_root_node()
        stub = root.add_child(
            instance=Page(
                title=_("%(old)s (đã sáp nhập vào %(new)s)")
                % {"old": self.old_name, "new": self.new_name},
                slug=wards._free_slug(root, f"{self._old_slug()}-da-sap-nhap"),
                live=False,
            )
        )
        was_default = self.old.is_default_site
        self.old.root_page = stub
        self.old.is_default_site = False
        self.old.site_name = _("Chuyển hướng về %s") % (
            self.new.site_name or self.new_name
        )
        self.old.save()
        if was_default:
            self.new.is_default_site = True
            self.new.save(update_fields=["is_default_site"])
            self.report.say(
                _("%s từ nay là cổng mặc định (thay phường cũ).")
                % _label(self.new, self.new_name)
            )
        Site.clear_site_root_paths_cache()
        for old_pk, new_page in self.counterpart.items():
            old_page = Page.objects.get(pk=old_pk).specific
            self._repoint_page_links(old_page, new_page)
            for grant in GroupPagePermission.objects.filter(page=old_page).exclude(
                group__in=self.role_groups
            ):
                GroupPagePermission.objects.get_or_create(
                    group=grant.group, page=new_page, permission=grant.permission
                )
        Page.objects.get(pk=self.old_home.pk).delete()

    def _repoint_page_links(
        self, old_page, new_page, *, where: str | None = None, prefix: str = ""
    ) -> None:
        """Every key to `old_page` (to Page or to its own type, found
        generically) points at `new_page`; but Wagtail's bookkeeping, the
        page's own content (its parental children: tags, inline rows) and
        the links of a page type to its base. Where the new page already
        has the same record (a unique constraint), the two become one."""
        for rel in _reverse_relations(type(old_page)):
            model = rel.related_model
            if (
                issubclass(model, PAGE_BOOKKEEPING)
                or isinstance(rel.field, ParentalKey)
                or getattr(rel, "parent_link", False)
            ):
                continue
            self._repoint(
                model,
                rel.field.name,
                old_page,
                new_page,
                where=where,
                prefix=prefix,
                clashes=True,
            )

    def _repoint_site_records(self) -> None:
        """Everything with a foreign key to the old Site, but its settings
        (deleted: the new ward's stay) and its redirects (they serve it)."""
        for grant in GroupSitePermission.objects.filter(site=self.old):
            if GroupSitePermission.objects.filter(
                group=grant.group, site=self.new, permission=grant.permission
            ).exists():
                grant.delete()
        for rel in _reverse_relations(Site):
            model = rel.related_model
            if issubclass(model, Redirect):
                continue
            rows = model._default_manager.filter(**{rel.field.name: self.old})
            if issubclass(model, BaseSiteSetting):
                if rows.exists():
                    rows.delete()
                    self.report.say(
                        _("Xóa %(what)s của phường cũ (phường mới giữ của mình).")
                        % {"what": model._meta.verbose_name}
                    )
                continue
            self._repoint(model, rel.field.name, self.old, self.new)

    def _repoint(
        self,
        model,
        name,
        old,
        new,
        *,
        where: str | None = None,
        prefix: str = "",
        clashes: bool = False,
    ) -> None:
        """Rows of `model` whose `name` is `old` get `new`. A row the new
        side already has (a unique constraint): with `clashes`, settled by
        `_settle_clash`; else MergeError, nothing changed."""
        where = where or self.new_name
        rows = list(model._default_manager.filter(**{name: old}))
        moved = settled = 0
        for row in rows:
            try:
                with transaction.atomic():
                    model._default_manager.filter(pk=row.pk).update(**{name: new})
                moved += 1
            except IntegrityError as exc:
                if clashes:
                    _settle_clash(model, row, name, new)
                    settled += 1
                    continue
                raise MergeError(
                    _(
                        "Không chuyển được %(what)s “%(row)s” sang %(new)s: ở đó đã "
                        "có một bản ghi trùng. Hãy đổi tên hoặc xóa một trong hai "
                        "rồi chạy lại."
                    )
                    % {
                        "what": _what(model),
                        "row": row,
                        "new": self.new_name,
                    }
                ) from exc
        if moved:
            self.report.say(
                prefix
                + _("Chuyển %(n)d %(what)s sang %(new)s.")
                % {"n": moved, "what": _what(model), "new": where}
            )
        if settled:
            self.report.say(
                prefix
                + (
                    _("Gộp %(n)d %(what)s vào số liệu cùng tháng của %(new)s.")
                    if model is PageRating
                    else _("Bỏ %(n)d %(what)s trùng với bản ghi đã có của %(new)s.")
                )
                % {"n": settled, "what": _what(model), "new": where}
            )

    def _collection(self) -> None:
        """The old ward's images and documents join the new ward's
        collection (the root one for the installation's first ward)."""
        root = Collection.get_first_root_node()
        old = root.get_children().filter(name=self.old_name).first()
        if old is None:
            return
        if CollectionViewRestriction.objects.filter(
            collection__path__startswith=old.path
        ).exists():
            raise MergeError(
                _(
                    "Bộ sưu tập “%s” có giới hạn người xem: hãy chuyển ảnh và tài "
                    "liệu của nó bằng tay trước khi sáp nhập."
                )
                % old.name
            )
        new = root.get_children().filter(name=self.new_name).first() or root
        counts = []
        for model in (get_image_model(), get_document_model()):
            counts.append(model.objects.filter(collection=old).update(collection=new))
        for child in old.get_children():
            child.move(new, pos="last-child")
        for grant in GroupCollectionPermission.objects.filter(collection=old):
            GroupCollectionPermission.objects.get_or_create(
                group=grant.group, collection=new, permission=grant.permission
            )
        Collection.objects.get(pk=old.pk).delete()
        self.report.say(
            _("Chuyển %(images)d ảnh và %(docs)d tài liệu vào bộ sưu tập “%(new)s”.")
            % {
                "images": counts[0],
                "docs": counts[1],
                # the root collection ("Root") is the first ward's
                "new": self.new_name if new.pk == root.pk else new.name,
            }
        )

    # Redirects ---------------------------------------------------------

    def _write_redirects(self) -> None:
        Site.clear_site_root_paths_cache()
        written = set()
        for old_path, page in self.redirects:
            path = Redirect.normalise_path(old_path)
            if path in written:
                continue
            written.add(path)
            Redirect.objects.update_or_create(
                site=self.old,
                old_path=path,
                defaults={
                    "redirect_page": Page.objects.get(pk=page.pk),
                    "redirect_link": "",
                    "is_permanent": True,
                    "redirect_page_route_path": "",
                    "automatically_created": False,
                },
            )
        self.report.redirects = len(written)
        self.report.say(
            _("%(n)d địa chỉ cũ ở %(host)s chuyển hướng 301 sang %(new)s.")
            % {"n": len(written), "host": _host(self.old), "new": _host(self.new)}
        )


def _what(model) -> str:
    """What a row of `model` is, in a sentence: its verbose name, or for
    the table of a many-to-many field, the links of the model holding it."""
    source = model._meta.auto_created
    if source:
        return _("liên kết của %s") % source._meta.verbose_name
    return str(model._meta.verbose_name)


def _settle_clash(model, row, name, new) -> None:
    """`row` cannot point at `new`: the same record is already there. A
    month's ratings add up; any other record is already there, once."""
    if model is PageRating:
        PageRating.objects.filter(**{name: new, "month": row.month}).update(
            useful=F("useful") + row.useful, not_useful=F("not_useful") + row.not_useful
        )
    model._default_manager.filter(pk=row.pk).delete()


def _reverse_relations(model):
    """Foreign keys and one-to-one keys from other models to `model`,
    hidden ones (related_name="+") included."""
    return [
        f
        for f in model._meta.get_fields(include_hidden=True)
        if f.auto_created and not f.concrete and (f.one_to_many or f.one_to_one)
    ]


def _rename(page, *, title: str | None = None, slug: str | None = None) -> None:
    """New title and slug on the page and on its latest revisions, so that
    the next publication keeps them."""
    page = page.specific
    changes = {}
    if title:
        changes.update(title=title, draft_title=title)
    if slug:
        changes["slug"] = slug
    for name, value in changes.items():
        setattr(page, name, value)
    page.save(clean=False)
    for revision in {page.latest_revision, page.live_revision} - {None}:
        revision.content.update(
            {k: v for k, v in changes.items() if k in revision.content}
        )
        revision.save(update_fields=["content"])
