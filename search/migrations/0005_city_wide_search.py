"""City staff search every ward at once (Báo cáo → Tìm kiếm toàn thành phố):
the permission, on a model without a table, and the group "Cán bộ thành phố"
that holds it with access to the admin."""

from django.db import migrations, models

GROUP = "Cán bộ thành phố"


def create_group(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    ct, _ = ContentType.objects.get_or_create(
        app_label="portal_search", model="citywidesearch"
    )
    search_city, _ = Permission.objects.get_or_create(
        content_type=ct,
        codename="search_city_wide",
        defaults={"name": "Tìm kiếm toàn thành phố"},
    )
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(search_city)
    admin_access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if admin_access is not None:
        group.permissions.add(admin_access)


class Migration(migrations.Migration):
    dependencies = [
        ("portal_search", "0004_search_promotion_permissions"),
        ("directives", "0002_editorial_groups"),
    ]

    operations = [
        migrations.CreateModel(
            name="CityWideSearch",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
            ],
            options={
                "verbose_name": "tìm kiếm toàn thành phố",
                "verbose_name_plural": "tìm kiếm toàn thành phố",
                "permissions": [("search_city_wide", "Tìm kiếm toàn thành phố")],
                "managed": False,
                "default_permissions": (),
            },
        ),
        migrations.RunPython(create_group, migrations.RunPython.noop),
    ]
