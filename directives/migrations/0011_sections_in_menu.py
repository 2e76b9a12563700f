"""The portal's menu is now the home page's sections ticked "Hiện trong menu":
tick it on the sections that existed before, so the menu keeps them."""

from django.db import migrations

SECTION_MODELS = (
    "directiveindexpage",
    "noticeindexpage",
    "articleindexpage",
    "campaignindexpage",
)


def sections_in_menu(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    types = ContentType.objects.filter(app_label="directives", model__in=SECTION_MODELS)
    Page.objects.filter(content_type__in=types).update(show_in_menus=True)


class Migration(migrations.Migration):
    dependencies = [
        ("directives", "0010_procedures"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(sections_in_menu, migrations.RunPython.noop)]
