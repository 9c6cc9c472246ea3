"""The alt-text constraint is named after its model, like every picture's; "easy_read" (whether
easy-read materials are available) is renamed "easy_read_materials", keeping every answer."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0004_random_upload_names"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="activity",
            name="activity_image_has_alt_text",
        ),
        migrations.RenameField(
            model_name="activity", old_name="easy_read", new_name="easy_read_materials"
        ),
        migrations.AddConstraint(
            model_name="activity",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("image", ""),
                    models.Q(("image_alt", ""), _negated=True),
                    ("image_decorative", True),
                    _connector="OR",
                ),
                name="activities_activity_image_has_alt_text",
                violation_error_message=(
                    "Add a description of the picture (alt text), or mark it as decorative."
                ),
            ),
        ),
    ]
