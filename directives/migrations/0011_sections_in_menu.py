"""The portal's menu is now the home page's sections ticked "Hiện trong trình đơn":
tick it on the sections that existed before (and on their latest revision),
so the menu keeps them."""

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
    Revision = apps.get_model("wagtailcore", "Revision")
    types = ContentType.objects.filter(app_label="directives", model__in=SECTION_MODELS)
    sections = Page.objects.filter(content_type__in=types)
    sections.update(show_in_menus=True)
    # A section with unpublished changes is edited from its latest revision:
    # tick the box there too, or its next publish would take it off the menu.
    drafts = sections.exclude(latest_revision=None).values_list(
        "latest_revision_id", flat=True
    )
    for revision in Revision.objects.filter(pk__in=list(drafts)):
        if revision.content.get("show_in_menus") is False:
            revision.content["show_in_menus"] = True
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("directives", "0010_procedures"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(sections_in_menu, migrations.RunPython.noop)]
