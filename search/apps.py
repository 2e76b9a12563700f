from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "portal_search"
    verbose_name = "Tìm kiếm"

    def ready(self):
        # Connects the receivers (models can be imported only from here on).
        from . import signals  # noqa: F401
