from django.db.models import Q
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from django.utils.text import capfirst
from wagtail import hooks
from wagtail.models import Page, Site, get_page_models
from wagtail.sites.views import IndexView, SiteViewSet

from . import (
    background_views,
    dashboard,
    editorial,
    login_limits,
    page_cache,
    ward_admin_views,
    wards,
)
from .models import WardPageMixin


def translate_site_columns():
    """Wagtail 8.0.1 labels the Sites list's columns "Port", "Site name" and
    "Root page" with field names at import time, outside any catalog: label
    them with the fields' own translated verbose names."""
    names = {field.name for field in Site._meta.fields}
    for column in IndexView.columns:
        if column.name in names and column.name != "hostname":
            column.label = capfirst(Site._meta.get_field(column.name).verbose_name)


translate_site_columns()

# Deleting a ward's Site: refused with a message (its lists and logs keep
# it, on_delete=PROTECT), not a server error.
SiteViewSet.delete_view_class = ward_admin_views.WardSiteDeleteView


@hooks.register("register_admin_viewset")
def ward_page_viewsets():
    """Every page type of the portal edits through the ward's workflow views."""
    return [
        editorial.WardPageViewSet(f"ward_{model._meta.model_name}", model=model)
        for model in get_page_models()
        if issubclass(model, WardPageMixin)
    ]


hooks.register("construct_page_action_menu", editorial.without_publish_during_review)
hooks.register("before_bulk_action", editorial.no_bulk_publish_during_review)
hooks.register("construct_help_menu", editorial.ward_help_menu)
hooks.register("construct_main_menu", editorial.settings_menu_without_version)


@hooks.register("register_admin_urls")
def editor_guide_url():
    return [
        path(
            "huong-dan/",
            editorial.EditorGuideView.as_view(),
            name="ward_editor_guide",
        ),
        path(
            "khoa-dang-nhap/",
            login_limits.LoginLocksView.as_view(),
            name="ward_login_locks",
        ),
        path("phuong/", ward_admin_views.WardsView.as_view(), name="ward_sites"),
        path(
            "viec-chay-nen/",
            background_views.BackgroundJobsView.as_view(),
            name="ward_background_jobs",
        ),
        path(
            "viec-can-lam/<slug:name>/",
            dashboard.PanelView.as_view(),
            name="ward_dashboard_panel",
        ),
    ]


hooks.register("register_settings_menu_item", login_limits.login_locks_menu_item)
hooks.register("register_settings_menu_item", ward_admin_views.wards_menu_item)
hooks.register(
    "register_settings_menu_item", background_views.background_jobs_menu_item
)


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


hooks.register("construct_homepage_panels", dashboard.add_ward_panels)
# A served page may go into the page cache (cms/page_cache.py).
hooks.register("before_serve_page", page_cache.note_page_served)


@hooks.register("construct_page_chooser_queryset")
def chooser_in_my_wards(pages, request):
    """The page chooser shows a ward's staff their wards (and the way down to
    them), the city's staff the library: never another ward's pages."""
    user = request.user
    if user.is_superuser:
        return pages
    roots = [site.root_page.path for site in wards.user_sites(user)]
    if wards.is_city_staff(user) and (library := wards.library()):
        roots.append(library.path)
    mine = Q(pk__in=[])
    for root in roots:
        mine |= Q(path__startswith=root)
        above = [root[:n] for n in range(Page.steplen, len(root), Page.steplen)]
        mine |= Q(path__in=above)
    return pages.filter(mine)
