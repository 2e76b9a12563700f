"""Editorial groups and the approval workflow every publish goes through.

Biên tập viên (editors) create, edit and submit; Lãnh đạo phường (ward
leaders) approve and publish. The workflow sits on the root page, so it covers
the directive, notice, article and campaign sections wherever they are.
"""

from django.db import migrations

EDITORS = "Biên tập viên"
APPROVERS = "Lãnh đạo phường"
WORKFLOW = "Phê duyệt của lãnh đạo phường"
TASK = "Lãnh đạo phường duyệt"

PAGE_PERMS = {
    EDITORS: ["add_page", "change_page", "lock_page"],
    APPROVERS: [
        "add_page", "change_page", "lock_page", "publish_page", "unlock_page",
        "bulk_delete_page",
    ],
}
COLLECTION_PERMS = {
    EDITORS: [
        ("wagtaildocs", "document", ["add", "change", "choose"]),
        ("wagtailimages", "image", ["add", "change", "choose"]),
    ],
    APPROVERS: [
        ("wagtaildocs", "document", ["add", "change", "choose", "delete"]),
        ("wagtailimages", "image", ["add", "change", "choose", "delete"]),
    ],
}
MODEL_PERMS = {
    EDITORS: [("directives", "issuingbody", ["add", "change", "view"])],
    APPROVERS: [
        ("directives", "issuingbody", ["add", "change", "delete", "view"]),
        ("cms", "wardsettings", ["change"]),
    ],
}


def permission(apps, app_label, model, action):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    ct, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    perm, _ = Permission.objects.get_or_create(
        content_type=ct,
        codename=f"{action}_{model}",
        defaults={"name": f"Can {action} {model}"},
    )
    return perm


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    ContentType = apps.get_model("contenttypes.ContentType")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")

    root = Page.objects.filter(depth=1).order_by("path").first()
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    admin_access = apps.get_model("auth.Permission").objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )

    groups = {}
    for name in (EDITORS, APPROVERS):
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        group.permissions.add(admin_access)
        for codename in PAGE_PERMS[name]:
            perm = permission(apps, "wagtailcore", "page", codename.removesuffix("_page"))
            if root is not None:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root, permission=perm
                )
        for app_label, model, actions in COLLECTION_PERMS[name]:
            for action in actions:
                perm = permission(apps, app_label, model, action)
                if root_collection is not None:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=perm
                    )
        for app_label, model, actions in MODEL_PERMS[name]:
            for action in actions:
                group.permissions.add(permission(apps, app_label, model, action))

    task_ct, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=TASK, content_type=task_ct, active=True
        )
    task.groups.set([groups[APPROVERS]])
    workflow_ct, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="workflow"
    )
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if root is not None:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


def remove_groups(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name__in=[EDITORS, APPROVERS]).delete()
    apps.get_model("wagtailcore.Workflow").objects.filter(name=WORKFLOW).delete()
    apps.get_model("wagtailcore.Task").objects.filter(name=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directives", "0001_initial"),
        ("cms", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailadmin", "0006_formstate"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
