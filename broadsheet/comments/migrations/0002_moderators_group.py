"""The "Moderators" group: may enter the Wagtail admin and moderate reader comments."""

from django.db import migrations


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
    group, _ = Group.objects.get_or_create(name="Moderators")
    group.permissions.add(
        _permission(
            apps, "comments", "comment", "moderate_comment", "Can moderate reader comments"
        ),
        _permission(apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"),
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name="Moderators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
