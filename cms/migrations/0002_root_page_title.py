"""The admin in Vietnamese: the tree's root page, which the explorer and every
page chooser show, is called "Root" by Wagtail's first migration; and staff
who once chose English as their admin language get Vietnamese, the only one
the portal offers."""

from django.db import migrations

TITLE = "Toàn bộ trang"


def rename_root(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1, title="Root").update(title=TITLE, draft_title=TITLE)


def restore_root(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1, title=TITLE).update(title="Root", draft_title="Root")


def vietnamese_admin(apps, schema_editor):
    UserProfile = apps.get_model("wagtailusers", "UserProfile")
    UserProfile.objects.exclude(preferred_language__in=["", "vi"]).update(
        preferred_language=""
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailusers", "0015_userprofile_keyboard_shortcuts"),
    ]

    operations = [
        migrations.RunPython(rename_root, restore_root),
        migrations.RunPython(vietnamese_admin, migrations.RunPython.noop),
    ]
