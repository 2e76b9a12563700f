from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Cổng thông tin"

    def ready(self):
        # checks registers the deployment checks when it is imported.
        from . import checks, cleaning  # noqa: F401

        cleaning.connect_signals()
