import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import articles.models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_search_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SavedSearch",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200)),
                ("query", models.CharField(blank=True, help_text="The text of the search box.", max_length=1000)),
                ("filters", models.JSONField(blank=True, default=dict)),
                (
                    "feed_token",
                    models.CharField(
                        default=articles.models.new_feed_token, editable=False, max_length=64, unique=True
                    ),
                ),
                ("created", models.DateTimeField(auto_now_add=True)),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="saved_searches",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "saved searches",
                "ordering": ["-created", "-pk"],
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("name", ""), _negated=True), name="savedsearch_name_not_empty")
                ],
            },
        ),
    ]
