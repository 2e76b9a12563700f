from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "directives"
    verbose_name = "Văn bản chỉ đạo"

    def ready(self):
        from .caching import connect_signals

        connect_signals()
