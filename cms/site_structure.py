"""The skeleton every ward portal needs: a home page and its sections."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from directives import models as directive_models

from . import models as cms_models
from .feedback import models as feedback_models
from .models import HomePage

SECTIONS = [
    # (model name, slug, title), in the menu's order
    ("DirectiveIndexPage", "van-ban", "Văn bản chỉ đạo"),
    ("ProcedureIndexPage", "thu-tuc", "Thủ tục hành chính"),
    ("NoticeIndexPage", "thong-bao", "Thông báo"),
    ("ArticleIndexPage", "tin-tuc", "Tin tức"),
    ("CampaignIndexPage", "tuyen-truyen", "Tuyên truyền"),
    ("AboutIndexPage", "gioi-thieu", "Giới thiệu"),
    ("QuestionIndexPage", "hoi-dap", "Hỏi đáp"),
]
# On a phone's menu a section keeps its default title short; a section the
# ward renamed shows its own title.
MENU_LABELS = {
    ("DirectiveIndexPage", "Văn bản chỉ đạo"): "Văn bản",
    ("ProcedureIndexPage", "Thủ tục hành chính"): "Thủ tục",
}


def site_address() -> tuple[str, int]:
    """Host name and port of the first Site record: SITE_URL's, or
    127.0.0.1:8000 where `make run` serves."""
    url = urlsplit(settings.SITE_URL or settings.DEFAULT_SITE_URL)
    default_port = 443 if url.scheme == "https" else 80
    return url.hostname or "localhost", url.port or default_port


def follow_site_url(**kwargs) -> None:
    """With SITE_URL set (one ward behind a proxy), the default Site record
    takes its host and port, so that every absolute address (feeds, the API,
    JSON-LD, QR codes) names one host, even one built from a plain Page.
    Runs after every `migrate` and when the site structure is ensured."""
    if not settings.SITE_URL:
        return
    hostname, port = site_address()
    Site.objects.filter(is_default_site=True).exclude(
        hostname=hostname, port=port
    ).update(hostname=hostname, port=port)
    Site.clear_site_root_paths_cache()


@transaction.atomic
def ensure_site_structure(home_title: str = "Trang chủ") -> dict:
    """Create what is missing (home page as the default site's root, sections).

    Returns {"home": HomePage, "DirectiveIndexPage": page, …}. Idempotent: pages
    that exist are returned untouched.
    """
    default = Site.objects.filter(is_default_site=True).first()
    home = HomePage.objects.filter(pk=default.root_page_id).first() if default else None
    home = home or HomePage.objects.order_by("path").first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title=home_title, slug="trang-chu"))
        home.save_revision().publish()
    hostname, port = site_address()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name=_("Cổng thông tin phường"),
        )
    elif (site.hostname, site.port) == ("localhost", 80):
        # Wagtail's placeholder from its first migration: take the real
        # address, so absolute links (sitemap, feeds, QR codes) work.
        site.hostname, site.port = hostname, port
        site.save()
    follow_site_url()
    if site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.save()
        # Wagtail's "Welcome to your new Wagtail site!" placeholder goes away.
        if type(old_root.specific) is Page and not old_root.get_children().exists():
            old_root.delete()

    return {"home": home, **ensure_sections(home)}


def ensure_sections(home) -> dict:
    """The sections a ward's home page must have, made where missing:
    {"DirectiveIndexPage": page, …}."""
    pages = {}
    for model_name, slug, title in SECTIONS:
        model = next(
            getattr(module, model_name)
            for module in (directive_models, cms_models, feedback_models)
            if hasattr(module, model_name)
        )
        section = model.objects.child_of(home).first()
        if section is None:
            section = home.add_child(
                instance=model(title=title, slug=slug, show_in_menus=True)
            )
            section.save_revision().publish()
        pages[model_name] = section
    return pages
