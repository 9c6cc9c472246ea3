"""Each picture records the widths of the smaller copies made of it, so pages list them in
``srcset`` without asking the storage. Pictures stored before are checked in storage once,
here."""

from django.db import migrations, models

from oig_site.core.images import variants_in_storage


def record_variants(apps, schema_editor):
    for model_name in ("Activity",):
        model = apps.get_model("activities", model_name)
        storage = model._meta.get_field("image").storage
        rows = model._base_manager.exclude(image="").exclude(image_width=None)
        for row in rows.only("pk", "image", "image_width").iterator():
            variants = variants_in_storage(storage, row.image.name, row.image_width)
            if variants:
                model._base_manager.filter(pk=row.pk).update(image_variants=variants)


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0005_shared_image_fields_and_easy_read_materials"),
    ]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="image_variants",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.RunPython(record_variants, migrations.RunPython.noop, elidable=True),
    ]
