from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "directives"
    verbose_name = "Văn bản chỉ đạo"

    def ready(self):
        from . import signals  # noqa: F401 -- connects the receivers
