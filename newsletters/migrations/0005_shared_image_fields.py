"""Every picture has the same fields (image, image_width, image_height, image_alt,
image_decorative) and the same rule: the issue's cover fields are renamed (the stored covers
and their descriptions stay), and the alt-text constraints are named after their model."""

import oig_site.core.storage
from django.db import migrations, models

ALT_TEXT_RULE = models.Q(
    ("image", ""),
    models.Q(("image_alt", ""), _negated=True),
    ("image_decorative", True),
    _connector="OR",
)
MESSAGE = "Add a description of the picture (alt text), or mark it as decorative."


class Migration(migrations.Migration):
    dependencies = [
        ("newsletters", "0004_random_upload_names"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="issue",
            name="issue_cover_has_alt_text",
        ),
        migrations.RemoveConstraint(
            model_name="section",
            name="section_image_has_alt_text",
        ),
        migrations.RenameField(model_name="issue", old_name="cover_image", new_name="image"),
        migrations.RenameField(
            model_name="issue", old_name="cover_image_width", new_name="image_width"
        ),
        migrations.RenameField(
            model_name="issue", old_name="cover_image_height", new_name="image_height"
        ),
        migrations.RenameField(
            model_name="issue", old_name="cover_image_alt", new_name="image_alt"
        ),
        migrations.RenameField(
            model_name="issue", old_name="cover_image_decorative", new_name="image_decorative"
        ),
        migrations.AlterField(
            model_name="issue",
            name="image",
            field=models.ImageField(
                blank=True,
                height_field="image_height",
                upload_to=oig_site.core.storage.RandomName("newsletters"),
                width_field="image_width",
            ),
        ),
        migrations.AddConstraint(
            model_name="issue",
            constraint=models.CheckConstraint(
                condition=ALT_TEXT_RULE,
                name="newsletters_issue_image_has_alt_text",
                violation_error_message=MESSAGE,
            ),
        ),
        migrations.AddConstraint(
            model_name="section",
            constraint=models.CheckConstraint(
                condition=ALT_TEXT_RULE,
                name="newsletters_section_image_has_alt_text",
                violation_error_message=MESSAGE,
            ),
        ),
    ]
