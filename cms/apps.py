from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Cổng thông tin"

    def ready(self):
        from . import checks  # noqa: F401 -- registers the deployment checks
        from .cleaning import connect_signals

        connect_signals()
        translate_site_columns()


def translate_site_columns():
    """Wagtail 8.0.1 labels the Sites list's columns "Port", "Site name" and
    "Root page" with field names at import time, outside any catalog: label
    them with the fields' own translated verbose names."""
    from django.utils.text import capfirst
    from wagtail.models import Site
    from wagtail.sites.views import IndexView

    names = {field.name for field in Site._meta.fields}
    for column in IndexView.columns:
        if column.name in names and column.name != "hostname":
            column.label = capfirst(Site._meta.get_field(column.name).verbose_name)
