"""A "Comment moderators" group that may enter the admin and moderate comments, and no more.

Migration 0002 gave the comment permission to Wagtail's own "Moderators" group, which may
also publish, unpublish and make private every page. The permission moves to the new group
with the members who had it through "Moderators"; Wagtail's group keeps everything else.
"""

from django.db import migrations

GROUP = "Comment moderators"


def _permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def create_group(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    moderate = _permission(
        apps, "comments", "comment", "moderate_comment", "Can moderate reader comments"
    )
    access = _permission(apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(moderate, access)
    wagtail_moderators = Group.objects.filter(name="Moderators").first()
    if (
        wagtail_moderators is not None
        and wagtail_moderators.permissions.filter(pk=moderate.pk).exists()
    ):
        for user in wagtail_moderators.user_set.all():
            user.groups.add(group)
        wagtail_moderators.permissions.remove(moderate)


def remove_group(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0007_legal_notices"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
