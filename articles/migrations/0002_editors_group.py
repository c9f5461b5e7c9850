"""The "Editors" group: add and change the archive's content, delete nothing, no users or groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_MODELS = [
    "article",
    "author",
    "authoralias",
    "section",
    "tag",
    "place",
    "byline",
    "relatedlink",
    "correction",
    "legacyidentifier",
    "legacypath",
]
# Read-only for editors: the record of where stories came from and what changed.
EDITOR_VIEW_ONLY = ["provenance", "historicalarticle", "historicalauthor"]


def editor_codenames() -> list[str]:
    codenames = []
    for model in EDITOR_MODELS:
        codenames += [f"add_{model}", f"change_{model}", f"view_{model}"]
    codenames += [f"view_{model}" for model in EDITOR_VIEW_ONLY]
    return codenames


def create_editors_group(apps, schema_editor):
    # Permissions are normally made after all migrations run; make them now so the group can use them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    codenames = editor_codenames()
    permissions = list(Permission.objects.filter(content_type__app_label="articles", codename__in=codenames))
    missing = set(codenames) - {p.codename for p in permissions}
    if missing:
        raise RuntimeError(f"Editors group: permissions not found: {sorted(missing)}")
    group.permissions.set(permissions)


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
