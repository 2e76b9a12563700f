"""The tree's root page, which the admin shows in the explorer and every
page chooser, is called "Root" by Wagtail's first migration."""

from django.db import migrations

TITLE = "Toàn bộ trang"


def rename_root(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1, title="Root").update(title=TITLE, draft_title=TITLE)


def restore_root(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1, title=TITLE).update(title="Root", draft_title="Root")


class Migration(migrations.Migration):
    dependencies = [("cms", "0001_initial"), ("wagtailcore", "0098_apitoken")]

    operations = [migrations.RunPython(rename_root, restore_root)]
