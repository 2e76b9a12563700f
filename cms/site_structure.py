"""The skeleton every ward portal needs: a home page and its four sections."""

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from .models import HomePage

SECTIONS = [
    # (model name, slug, title)
    ("DirectiveIndexPage", "van-ban", "Văn bản chỉ đạo"),
    ("NoticeIndexPage", "thong-bao", "Thông báo"),
    ("ArticleIndexPage", "tin-tuc", "Tin tức"),
    ("CampaignIndexPage", "tuyen-truyen", "Tuyên truyền"),
]


@transaction.atomic
def ensure_site_structure(home_title: str = "Trang chủ") -> dict:
    """Create what is missing (home page as the default site's root, sections).

    Returns {"home": HomePage, "DirectiveIndexPage": page, …}. Idempotent: pages
    that exist are returned untouched.
    """
    from directives import models as directive_models

    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title=home_title, slug="trang-chu"))
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=_("Cổng thông tin phường"),
        )
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.save()
        # Wagtail's "Welcome to your new Wagtail site!" placeholder goes away.
        if type(old_root.specific) is Page and not old_root.get_children().exists():
            old_root.delete()

    pages = {"home": home}
    for model_name, slug, title in SECTIONS:
        model = getattr(directive_models, model_name)
        section = model.objects.child_of(home).first()
        if section is None:
            section = home.add_child(instance=model(title=title, slug=slug))
            section.save_revision().publish()
        pages[model_name] = section
    return pages
