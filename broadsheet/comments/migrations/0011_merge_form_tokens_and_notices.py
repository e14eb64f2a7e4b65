# Both branches of 0010 (form token keys; the legal notice per language) meet here.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0010_comment_form_token_key"),
        ("comments", "0010_legal_notice_per_language"),
    ]

    operations = []
