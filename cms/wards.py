"""One installation, many wards: each ward is a Wagtail Site.

A ward (phường) is a `Site` whose root page is a `HomePage`, with its own host
name, sections (cms.site_structure), settings (`WardSettings`), groups of
staff who may work only in its tree, and approval workflow. The city's shared
directives live once in the `CityLibraryPage` (a child of Wagtail's root and
the root of no Site) and appear on every ward as Wagtail aliases under the
ward's "Văn bản chỉ đạo": Wagtail republishes an alias whenever its original
is published, and unpublishes it with it; deleting the original deletes them.

`create_ward` and `share` are what `manage.py create_ward`, the import
(`"shared": true`) and the demo call.
"""

from __future__ import annotations

import re
import unicodedata

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.signals import page_published

from directives.models import DirectiveIndexPage, DirectivePage
from search import analysis

from .models import CityLibraryPage, HomePage, MergedWard, WardSettings
from .site_structure import ensure_sections

LIBRARY_SLUG = "thu-vien-dung-chung"
LIBRARY_TITLE = "Thư viện văn bản dùng chung"

# The roles every ward has; the installation's first ward keeps the groups
# of these names (directives/migrations/0002), each later ward gets its own
# pair, named after it, with the same permissions.
EDITORS = "Biên tập viên"
LEADERS = "Lãnh đạo phường"
FIRST_WORKFLOW = "Phê duyệt của lãnh đạo phường"
# The city's staff, who publish in the library.
CITY_EDITORS = "Biên tập viên thành phố"
CITY_LEADERS = "Lãnh đạo thành phố"
CITY_WORKFLOW = "Phê duyệt văn bản dùng chung"

# A ward's settings are its own: granted per Site (GroupSitePermission),
# never copied as the model-wide permission, which would reach every ward.
SETTINGS_PERMISSION = ("cms", "change_wardsettings")
# ASCII host names and IPv4 addresses: what Django accepts as a Host header.
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
HOST_RE = re.compile(rf"^{_LABEL}(?:\.{_LABEL})*$")
NAME_MAX = 120

EDITOR_PAGE_PERMS = ("add_page", "change_page", "lock_page")
LEADER_PAGE_PERMS = (
    *EDITOR_PAGE_PERMS,
    "publish_page",
    "unlock_page",
    "bulk_delete_page",
)


class WardError(ValueError):
    """What `create_ward` refuses, in Vietnamese."""


def ward_sites():
    """Every ward's Site, the default first, then by name."""
    return (
        Site.objects.filter(root_page__content_type__model="homepage")
        .select_related("root_page")
        .order_by("-is_default_site", "site_name", "pk")
    )


def split_host(host: str) -> tuple[str, int | None]:
    """ "phuong-a.example.vn" or "127.0.0.1:8000" → (hostname, port or None)."""
    host = (host or "").strip().lower()
    name, sep, port = host.rpartition(":")
    if sep and port.isdecimal() and "]" not in port:
        return name.strip("[]"), int(port)
    return host.strip("[]"), None


def site_for_host(host: str) -> Site | None:
    """The Site of `host` ("hostname" or "hostname:port"), or None."""
    hostname, port = split_host(host)
    sites = Site.objects.filter(hostname=hostname)
    if port is not None:
        sites = sites.filter(port=port)
    return sites.order_by("-is_default_site", "pk").first()


def ward_for_host(host: str) -> Site | None:
    """The ward serving `host`: a Site whose root is a ward's home page and
    that was not merged into another (None for anything else)."""
    site = site_for_host(host)
    if site is None or not HomePage.objects.filter(pk=site.root_page_id).exists():
        return None
    if MergedWard.objects.filter(old_site=site).exists():
        return None
    return site


def library(*, create: bool = False) -> CityLibraryPage | None:
    """The city library (made, empty and published, when `create`)."""
    page = CityLibraryPage.objects.first()
    if page is None and create:
        root = Page.get_first_root_node()
        page = root.add_child(
            instance=CityLibraryPage(title=LIBRARY_TITLE, slug=LIBRARY_SLUG)
        )
        page.save_revision().publish()
        # The first ward's staff, who had the whole tree, keep their ward.
        scope_first_ward()
        _library_staff(page)
    return page


def in_library(page) -> bool:
    """Whether `page` is one of the library's shared pages."""
    lib = library()
    return bool(lib and page.path.startswith(lib.path) and page.pk != lib.pk)


def directive_section(site: Site) -> DirectiveIndexPage | None:
    return DirectiveIndexPage.objects.child_of(site.root_page).first()


def alias_in(page, site: Site):
    """The copy of the library page `page` on `site` (None if it has none)."""
    return (
        type(page.specific)
        .objects.filter(alias_of=page)
        .descendant_of(site.root_page)
        .first()
    )


def local_page(page, site: Site | None):
    """What a link to `page` shows on `site`: the ward's copy of a library
    page, else the page itself."""
    if site is None or page is None or not in_library(page):
        return page
    return alias_in(page, site)


def has_own_page(page, site: Site) -> bool:
    """Whether the ward has its own page of the same directive (issuer,
    number and year), published before the city shared it: it keeps it."""
    return (
        DirectivePage.objects.descendant_of(site.root_page)
        .filter(
            alias_of__isnull=True,
            issuer_id=page.issuer_id,
            number_key=page.number_key,
            signed_on__year=page.signed_on.year,
        )
        .exists()
    )


def _free_slug(parent, slug: str) -> str:
    taken = set(parent.get_children().values_list("slug", flat=True))
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def share(page, sites=None) -> list:
    """Give the library page `page` a copy (alias) on each ward that lacks
    one; return the copies made. Wagtail keeps them in step from then on."""
    made = []
    page = page.specific
    for site in sites if sites is not None else ward_sites():
        section = directive_section(site)
        if section is None or alias_in(page, site) is not None:
            continue
        if has_own_page(page, site):
            continue  # the ward published it itself before the city shared it
        alias = page.create_alias(
            parent=section, update_slug=_free_slug(section, page.slug)
        )
        made.append(alias)
        if alias.live:
            # Wagtail's own alias updates say this; whatever follows
            # publication (search index, audio) reacts to a new copy too.
            page_published.send(
                sender=alias.specific_class, instance=alias, revision=None, alias=True
            )
    return made


def share_library_with(site: Site) -> list:
    """Copies of every library page on a new ward."""
    lib = library()
    if lib is None:
        return []
    made = []
    for page in DirectivePage.objects.child_of(lib).order_by("path"):
        made += share(page, [site])
    return made


@receiver(page_published, dispatch_uid="wards-share-published")
def share_when_published(sender, instance, **kwargs):
    """A library page published (the first time or again) reaches every ward."""
    if kwargs.get("alias") or instance.alias_of_id or not in_library(instance):
        return
    share(instance)


@receiver(pre_delete, sender=Page, dispatch_uid="wards-delete-copies")
def delete_copies(sender, instance, **kwargs):
    """A library page deleted takes its copies with it (Wagtail would turn
    them into ordinary pages, still live on every ward)."""
    if instance.depth < 3 or not in_library(instance):
        return
    for alias in Page.objects.filter(alias_of=instance):
        alias.delete()


# Staff and their rights -------------------------------------------------


def _page_permissions(codenames) -> list[Permission]:
    return list(
        Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=codenames
        )
    )


def _grant_pages(group: Group, page, codenames) -> None:
    for permission in _page_permissions(codenames):
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=permission
        )


def _settings_permission() -> Permission | None:
    app_label, codename = SETTINGS_PERMISSION
    return Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    ).first()


def _copy_model_permissions(group: Group, like: Group | None) -> None:
    """`like`'s model permissions, except the settings' (per Site)."""
    if like is None:
        return
    settings_permission = _settings_permission()
    group.permissions.add(
        *like.permissions.exclude(pk=getattr(settings_permission, "pk", None))
    )


def _grant_settings(group: Group, site: Site) -> None:
    permission = _settings_permission()
    if permission is not None:
        GroupSitePermission.objects.get_or_create(
            group=group, site=site, permission=permission
        )


def _grant_collection(group: Group, collection, like: Group | None) -> None:
    """The template group's rights on images and documents, on `collection`."""
    if like is None:
        return
    for permission in Permission.objects.filter(
        groupcollectionpermission__group=like
    ).distinct():
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )


def _workflow(name: str, approvers: Group, page) -> Workflow:
    workflow, _created = Workflow.objects.get_or_create(
        name=name, defaults={"active": True}
    )
    task_name = _("%s duyệt") % approvers.name
    task = GroupApprovalTask.objects.filter(name=task_name).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=task_name, active=True)
    task.groups.set([approvers])
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow


def _ward_collection(name: str) -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=name).first()
    return existing or root.add_child(name=name)


def collection_for(site: Site | None) -> Collection:
    """Where a ward's images and documents go: its own collection once the
    installation has several wards, the root collection before that (and
    for the city library, `site` None)."""
    root = Collection.get_first_root_node()
    if site is None:
        return root
    name = WardSettings.for_site(site).ward_name
    return root.get_children().filter(name=name).first() or root


def role_groups(site: Site) -> tuple[Group | None, Group | None]:
    """The ward's (editors, leaders): those holding page rights on its home."""
    groups = Group.objects.filter(page_permissions__page=site.root_page).distinct()
    editors = leaders = None
    for group in groups:
        codes = set(
            group.page_permissions.filter(page=site.root_page).values_list(
                "permission__codename", flat=True
            )
        )
        if "publish_page" in codes:
            leaders = leaders or group
        elif "change_page" in codes:
            editors = editors or group
    return editors, leaders


def scope_first_ward() -> None:
    """Once a second ward exists, the first ward's groups and workflow, which
    were given the whole tree (migration 0002), keep only the first ward's
    home page; the library gets its own staff and workflow."""
    first = (
        Site.objects.filter(is_default_site=True).select_related("root_page").first()
    )
    root = Page.get_first_root_node()
    if first is None:
        return
    for name in (EDITORS, LEADERS):
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for grant in GroupPagePermission.objects.filter(group=group, page=root):
            GroupPagePermission.objects.get_or_create(
                group=group, page=first.root_page, permission=grant.permission
            )
            grant.delete()
    moved = WorkflowPage.objects.filter(page=root).first()
    if moved is not None:
        WorkflowPage.objects.update_or_create(
            page=first.root_page, defaults={"workflow": moved.workflow}
        )
        moved.delete()
    # Its settings, its images and documents: the first ward's only.
    settings_permission = _settings_permission()
    root_collection = Collection.get_first_root_node()
    name = WardSettings.for_site(first).ward_name
    for group_name in (EDITORS, LEADERS):
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        if (
            settings_permission
            and group.permissions.filter(pk=settings_permission.pk).exists()
        ):
            group.permissions.remove(settings_permission)
            _grant_settings(group, first)
        grants = GroupCollectionPermission.objects.filter(
            group=group, collection=root_collection
        )
        if grants.exists():
            collection = _ward_collection(name)
            for grant in grants:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=collection, permission=grant.permission
                )
                grant.delete()
            for model in (get_image_model(), get_document_model()):
                model.objects.filter(collection=root_collection).update(
                    collection=collection
                )


def _library_staff(page) -> None:
    editors_like = Group.objects.filter(name=EDITORS).first()
    leaders_like = Group.objects.filter(name=LEADERS).first()
    editors, _c = Group.objects.get_or_create(name=CITY_EDITORS)
    leaders, _c = Group.objects.get_or_create(name=CITY_LEADERS)
    for group, like, perms in (
        (editors, editors_like, EDITOR_PAGE_PERMS),
        (leaders, leaders_like, LEADER_PAGE_PERMS),
    ):
        _copy_model_permissions(group, like)
        # Báo cáo → Tìm kiếm toàn thành phố (search/city.py).
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="portal_search", codename="search_city_wide"
            )
        )
        _grant_pages(group, page, perms)
        _grant_collection(group, _ward_collection(LIBRARY_TITLE), like)
    _workflow(CITY_WORKFLOW, leaders, page)


@transaction.atomic
def create_ward(host: str, name: str, *, district: str = "", city: str = "") -> Site:
    """A new ward: its home page and sections, its Site, its settings, its
    two groups (same rights as the first ward's, on its tree only), its
    approval workflow, and a copy of every library directive."""
    hostname, port = split_host(host)
    name = " ".join(unicodedata.normalize("NFC", name or "").split())
    if not HOST_RE.match(hostname) or len(hostname) > 253:
        raise WardError(
            _(
                "Tên miền không hợp lệ: “%s”. Chỉ gồm chữ không dấu, số, dấu "
                "“-” và dấu chấm, ví dụ hoacuong.danang.gov.vn hoặc "
                "hoacuong.danang.gov.vn:8000."
            )
            % host
        )
    if port is not None and not 1 <= port <= 65535:
        raise WardError(
            _("Cổng không hợp lệ trong “%s”: cần số từ 1 đến 65535.") % host
        )
    if not name:
        raise WardError(_("Cần tên phường, ví dụ: “Phường Hòa Cường”."))
    if len(name) > NAME_MAX:
        raise WardError(_("Tên phường dài quá %d ký tự.") % NAME_MAX)
    port = port or 80
    if Site.objects.filter(hostname=hostname, port=port).exists():
        raise WardError(_("Đã có cổng thông tin ở địa chỉ %s.") % host)
    folded = analysis.fold(name)
    taken = [WardSettings.for_site(site).ward_name for site in ward_sites()] + list(
        Site.objects.values_list("root_page__title", flat=True)
    )
    if any(analysis.fold(other) == folded for other in taken):
        raise WardError(_("Đã có cổng thông tin của %s.") % name)

    library(create=True)
    scope_first_ward()
    root = Page.get_first_root_node()
    slug = _free_slug(root, analysis.slugify(name) or "phuong")
    home = root.add_child(instance=HomePage(title=name, slug=slug))
    home.save_revision().publish()
    site = Site.objects.create(
        hostname=hostname,
        port=port,
        root_page=home,
        site_name=_("Cổng thông tin %s") % name,
        is_default_site=not Site.objects.exists(),
    )
    Site.clear_site_root_paths_cache()
    ensure_sections(home)
    settings = WardSettings.for_site(site)
    settings.ward_name = name
    settings.district = district
    if city:
        settings.city = city
    settings.save()

    collection = _ward_collection(name)
    editors_like = Group.objects.filter(name=EDITORS).first()
    leaders_like = Group.objects.filter(name=LEADERS).first()
    editors, _c = Group.objects.get_or_create(name=f"{EDITORS} – {name}")
    leaders, _c = Group.objects.get_or_create(name=f"{LEADERS} – {name}")
    for group, like, perms in (
        (editors, editors_like, EDITOR_PAGE_PERMS),
        (leaders, leaders_like, LEADER_PAGE_PERMS),
    ):
        _copy_model_permissions(group, like)
        _grant_pages(group, home, perms)
        _grant_collection(group, collection, like)
    _grant_settings(leaders, site)  # Cài đặt → Thông tin phường, its own only
    _workflow(_("Phê duyệt – %s") % name, leaders, home)
    share_library_with(site)
    return site


def user_sites(user) -> list[Site]:
    """The wards whose tree `user` may work in (every ward for a superuser).
    An installation of one ward is every staff member's ward, whatever their
    page rights: someone given only the feedback permissions, say, works
    there (their model permissions still decide what they may do)."""
    sites = list(ward_sites())
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser or len(sites) == 1:
        return sites
    paths = list(
        GroupPagePermission.objects.filter(group__user=user).values_list(
            "page__path", flat=True
        )
    )
    return [
        site
        for site in sites
        if any(
            site.root_page.path.startswith(path) or path.startswith(site.root_page.path)
            for path in paths
        )
    ]


def is_city_staff(user) -> bool:
    """Whether `user` works in the city library (or is a superuser)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    lib = library()
    if lib is None:
        return False
    above = [lib.path[:n] for n in range(Page.steplen, len(lib.path) + 1, Page.steplen)]
    return GroupPagePermission.objects.filter(
        group__user=user, page__path__in=above
    ).exists()
