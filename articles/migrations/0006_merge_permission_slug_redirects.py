"""Merging authors becomes a permission of its own; old slugs redirect; Editors can unlock locked-out logins.

- ``articles.merge_author``: the merge action removes authors, which the README says editors cannot do, so
  the Editors group does not get it; a superuser gives it to the editors who curate names.
- ``SlugRedirect``: a merged author's address answers 301 to the author it was merged into.
- Editors get django-axes' view and delete permissions on access attempts: deleting a locked-out attempt
  is how a login is unlocked from the admin.
"""

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

EDITOR_UNLOCK_PERMISSIONS = [("axes", "view_accessattempt"), ("axes", "delete_accessattempt"), ("axes", "view_accesslog")]


def make_permissions(apps):
    # Permissions are normally made after all migrations run; make them now so the group can use them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def let_editors_unlock_logins(apps, schema_editor):
    make_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    for app_label, codename in EDITOR_UNLOCK_PERMISSIONS:
        editors.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def forbid_editors_unlocking_logins(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Editors"):
        for app_label, codename in EDITOR_UNLOCK_PERMISSIONS:
            group.permissions.remove(*Permission.objects.filter(content_type__app_label=app_label, codename=codename))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_provenance_ingested_by_lz4"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="author",
            options={"ordering": ["name"], "permissions": [("merge_author", "Can merge authors")]},
        ),
        migrations.CreateModel(
            name="SlugRedirect",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("old_slug", models.CharField(max_length=200)),
                ("object_id", models.BigIntegerField()),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "content_type",
                    models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="contenttypes.contenttype"),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("content_type", "old_slug"), name="slugredirect_once_per_slug")
                ],
            },
        ),
        migrations.RunPython(let_editors_unlock_logins, forbid_editors_unlocking_logins),
    ]
