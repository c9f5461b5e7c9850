"""Slugs whose letters keep their marks ("प्रधानमंत्री-ने-नई-शिक्षा-नीति"), as ``make_slug`` now makes them, are valid.

Django's unicode slug validator refused them (its \\w leaves vowel signs and viramas out), and the admin
could not save a story whose slug was made from a Hindi, Bengali or Thai headline. The column is unchanged
(no SQL): only the validation that ``UnicodeSlugField`` gives. Stored slugs stay as they are.
"""

import articles.models
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0026_drop_bidi_controls"),
    ]

    operations = [
        migrations.AlterField(
            model_name="article",
            name="slug",
            field=articles.models.UnicodeSlugField(
                allow_unicode=True,
                blank=True,
                db_index=False,
                help_text="Made from the name or headline when left empty.",
                max_length=200,
            ),
        ),
        migrations.AlterField(
            model_name="author",
            name="slug",
            field=articles.models.UnicodeSlugField(
                allow_unicode=True,
                blank=True,
                help_text="Made from the name or headline when left empty.",
                max_length=200,
                unique=True,
            ),
        ),
        migrations.AlterField(
            model_name="historicalarticle",
            name="slug",
            field=articles.models.UnicodeSlugField(
                allow_unicode=True,
                blank=True,
                db_index=False,
                help_text="Made from the name or headline when left empty.",
                max_length=200,
            ),
        ),
        migrations.AlterField(
            model_name="historicalauthor",
            name="slug",
            field=articles.models.UnicodeSlugField(
                allow_unicode=True,
                blank=True,
                help_text="Made from the name or headline when left empty.",
                max_length=200,
            ),
        ),
        migrations.AlterField(
            model_name="place",
            name="slug",
            field=articles.models.UnicodeSlugField(
                allow_unicode=True,
                blank=True,
                help_text="Made from the name or headline when left empty.",
                max_length=200,
                unique=True,
            ),
        ),
        migrations.AlterField(
            model_name="section",
            name="slug",
            field=articles.models.UnicodeSlugField(
                allow_unicode=True,
                blank=True,
                help_text="Made from the name or headline when left empty.",
                max_length=200,
                unique=True,
            ),
        ),
        migrations.AlterField(
            model_name="tag",
            name="slug",
            field=articles.models.UnicodeSlugField(
                allow_unicode=True,
                blank=True,
                help_text="Made from the name or headline when left empty.",
                max_length=200,
                unique=True,
            ),
        ),
    ]
