from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Cổng thông tin"

    def ready(self):
        # checks registers the deployment checks when it is imported.
        from . import (  # noqa: F401
            background,
            checks,
            cleaning,
            merged_wards,
            site_structure,
            visibility,
            wards,
        )

        background.connect_signals()
        cleaning.connect_signals()
        visibility.connect_signals()
        merged_wards.connect_signals()
        post_migrate.connect(site_structure.follow_site_url, sender=self)
