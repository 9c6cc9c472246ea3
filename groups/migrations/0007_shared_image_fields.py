"""Every picture has the same fields (image, image_width, image_height, image_alt,
image_decorative) and the same rule: the story photo's fields are renamed (the stored photos
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
        ("groups", "0006_random_upload_names"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="communitygroup",
            name="group_image_has_alt_text",
        ),
        migrations.RemoveConstraint(
            model_name="memberstory",
            name="story_photo_has_alt_text",
        ),
        migrations.RenameField(model_name="memberstory", old_name="photo", new_name="image"),
        migrations.RenameField(
            model_name="memberstory", old_name="photo_width", new_name="image_width"
        ),
        migrations.RenameField(
            model_name="memberstory", old_name="photo_height", new_name="image_height"
        ),
        migrations.RenameField(
            model_name="memberstory", old_name="photo_alt", new_name="image_alt"
        ),
        migrations.RenameField(
            model_name="memberstory", old_name="photo_decorative", new_name="image_decorative"
        ),
        migrations.AlterField(
            model_name="memberstory",
            name="image",
            field=models.ImageField(
                blank=True,
                height_field="image_height",
                help_text="Optional. Only with the teller's agreement to show it. It is kept "
                "private and shown only while the story is published with consent.",
                storage=oig_site.core.storage.private_storage,
                upload_to=oig_site.core.storage.RandomName("stories"),
                width_field="image_width",
            ),
        ),
        migrations.AddConstraint(
            model_name="communitygroup",
            constraint=models.CheckConstraint(
                condition=ALT_TEXT_RULE,
                name="groups_communitygroup_image_has_alt_text",
                violation_error_message=MESSAGE,
            ),
        ),
        migrations.AddConstraint(
            model_name="memberstory",
            constraint=models.CheckConstraint(
                condition=ALT_TEXT_RULE,
                name="groups_memberstory_image_has_alt_text",
                violation_error_message=MESSAGE,
            ),
        ),
    ]
