"""Stories in any language an agency files in (settings.STORY_LANGUAGES), not only the site's five: the field's
choices alone change, not the database."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0021_search_signature'),
    ]

    operations = [
        migrations.AlterField(
            model_name='article',
            name='language',
            field=models.CharField(choices=[('en', 'English'), ('ar', 'Arabic'), ('fr', 'French'), ('es', 'Spanish'), ('ru', 'Russian'), ('de', 'German'), ('it', 'Italian'), ('pt', 'Portuguese'), ('nl', 'Dutch'), ('tr', 'Turkish'), ('fa', 'Persian'), ('ur', 'Urdu'), ('ps', 'Pashto'), ('ku', 'Kurdish'), ('he', 'Hebrew'), ('yi', 'Yiddish'), ('zh', 'Chinese'), ('ja', 'Japanese'), ('ko', 'Korean'), ('el', 'Greek'), ('uk', 'Ukrainian'), ('pl', 'Polish'), ('cs', 'Czech'), ('sk', 'Slovak'), ('sl', 'Slovenian'), ('hr', 'Croatian'), ('sr', 'Serbian'), ('bs', 'Bosnian'), ('bg', 'Bulgarian'), ('mk', 'Macedonian'), ('ro', 'Romanian'), ('hu', 'Hungarian'), ('sv', 'Swedish'), ('da', 'Danish'), ('no', 'Norwegian'), ('fi', 'Finnish'), ('et', 'Estonian'), ('lv', 'Latvian'), ('lt', 'Lithuanian'), ('ga', 'Irish'), ('ca', 'Catalan'), ('eu', 'Basque'), ('gl', 'Galician'), ('sq', 'Albanian'), ('hy', 'Armenian'), ('ka', 'Georgian'), ('az', 'Azerbaijani'), ('kk', 'Kazakh'), ('hi', 'Hindi'), ('bn', 'Bengali'), ('ne', 'Nepali'), ('ta', 'Tamil'), ('id', 'Indonesian'), ('ms', 'Malay'), ('tl', 'Filipino'), ('vi', 'Vietnamese'), ('th', 'Thai'), ('sw', 'Swahili'), ('am', 'Amharic'), ('so', 'Somali'), ('ha', 'Hausa')], default='en', max_length=8),
        ),
        migrations.AlterField(
            model_name='historicalarticle',
            name='language',
            field=models.CharField(choices=[('en', 'English'), ('ar', 'Arabic'), ('fr', 'French'), ('es', 'Spanish'), ('ru', 'Russian'), ('de', 'German'), ('it', 'Italian'), ('pt', 'Portuguese'), ('nl', 'Dutch'), ('tr', 'Turkish'), ('fa', 'Persian'), ('ur', 'Urdu'), ('ps', 'Pashto'), ('ku', 'Kurdish'), ('he', 'Hebrew'), ('yi', 'Yiddish'), ('zh', 'Chinese'), ('ja', 'Japanese'), ('ko', 'Korean'), ('el', 'Greek'), ('uk', 'Ukrainian'), ('pl', 'Polish'), ('cs', 'Czech'), ('sk', 'Slovak'), ('sl', 'Slovenian'), ('hr', 'Croatian'), ('sr', 'Serbian'), ('bs', 'Bosnian'), ('bg', 'Bulgarian'), ('mk', 'Macedonian'), ('ro', 'Romanian'), ('hu', 'Hungarian'), ('sv', 'Swedish'), ('da', 'Danish'), ('no', 'Norwegian'), ('fi', 'Finnish'), ('et', 'Estonian'), ('lv', 'Latvian'), ('lt', 'Lithuanian'), ('ga', 'Irish'), ('ca', 'Catalan'), ('eu', 'Basque'), ('gl', 'Galician'), ('sq', 'Albanian'), ('hy', 'Armenian'), ('ka', 'Georgian'), ('az', 'Azerbaijani'), ('kk', 'Kazakh'), ('hi', 'Hindi'), ('bn', 'Bengali'), ('ne', 'Nepali'), ('ta', 'Tamil'), ('id', 'Indonesian'), ('ms', 'Malay'), ('tl', 'Filipino'), ('vi', 'Vietnamese'), ('th', 'Thai'), ('sw', 'Swahili'), ('am', 'Amharic'), ('so', 'Somali'), ('ha', 'Hausa')], default='en', max_length=8),
        ),
    ]
