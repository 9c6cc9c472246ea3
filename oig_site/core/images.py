"""Uploaded pictures: checked with Pillow, stripped of their metadata, and resized once.

These are often photos of members. A phone photo carries where it was taken (GPS) and more in
its EXIF data; that never reaches the site. Phones on slow connections get a smaller copy
through ``srcset`` (see the ``responsive_image`` template tag).
"""

import contextlib
import io
import warnings
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models.fields.files import ImageField, ImageFieldFile
from PIL import Image, ImageOps

ALLOWED_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
VARIANT_WIDTHS = (480, 960, 1600)

# Pillow refuses far larger images itself (a "decompression bomb": a small file that unpacks
# into a huge picture); the limit above gives a clear message well before that.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS * 2


def _open(upload) -> Image.Image:
    upload.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = Image.open(upload)
        image.format  # noqa: B018 - read the header now
    return image


def validate_image(upload) -> None:
    """A real JPEG, PNG or WebP picture, within the size limits and not damaged."""
    if getattr(upload, "_committed", False):
        return  # stored already, and checked when it was uploaded
    if upload.size > MAX_BYTES:
        raise ValidationError(
            f"The picture is too large ({upload.size / 1024 / 1024:.1f} MB). The limit is "
            f"{MAX_BYTES // 1024 // 1024} MB: save it smaller and try again."
        )
    try:
        image = _open(upload)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            "The picture has too many pixels to use. Make it smaller and try again."
        ) from error
    except Exception as error:
        raise ValidationError(
            "This file is not a picture we can use. Upload a JPEG, PNG or WebP photo."
        ) from error
    if image.format not in ALLOWED_FORMATS:
        raise ValidationError(
            f"Upload a JPEG, PNG or WebP picture (this one is {image.format or 'unknown'})."
        )
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ValidationError(
            f"The picture is too large ({width} × {height} pixels). The limit is "
            f"{MAX_PIXELS // 1_000_000} megapixels: make it smaller and try again."
        )
    try:
        image.load()  # decodes every pixel: a damaged or cut-short file fails here
    except Exception as error:
        raise ValidationError(
            "The picture seems to be damaged or cut short. Try saving it again and upload it."
        ) from error
    finally:
        upload.seek(0)


def _encode(image: Image.Image, image_format: str) -> bytes:
    out = io.BytesIO()
    options = {}
    if image_format == "JPEG":
        if image.mode not in {"RGB", "L"}:
            image = image.convert("RGB")
        options = {"quality": 85, "optimize": True, "progressive": True}
    elif image_format == "WEBP":
        options = {"quality": 85}
    elif image_format == "PNG":
        options = {"optimize": True}
    # No exif= and a fresh info: nothing but the pixels (and colour profile) is written.
    icc_profile = image.info.get("icc_profile")
    image.info = {}
    if icc_profile:
        options["icc_profile"] = icc_profile
    image.save(out, format=image_format, **options)
    return out.getvalue()


def clean_image(content) -> tuple[bytes, str, Image.Image]:
    """The picture re-encoded without metadata, turned the right way up; its extension; and
    the image itself (for making the smaller copies)."""
    image = _open(content)
    image_format = image.format
    image = ImageOps.exif_transpose(image)
    data = _encode(image, image_format)
    return data, ALLOWED_FORMATS[image_format], image


def variant_name(name: str, width: int) -> str:
    path = Path(name)
    return str(path.with_name(f"{path.stem}-{width}w{path.suffix}"))


def variants_in_storage(storage, name: str, width: int | None) -> list[str]:
    """The widths of the smaller copies of the picture stored as ``name`` (``width`` pixels
    wide) that are in ``storage``: asked once, for pictures stored before the copies made
    were recorded (see ``CleanImageField.variants_field``)."""
    if not name or not width:
        return []
    return [w for w in VARIANT_WIDTHS if w < width and storage.exists(variant_name(name, w))]


class CleanImageFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        data, suffix, image = clean_image(content)
        name = str(Path(name).with_suffix(suffix))
        super().save(name, ContentFile(data, name=name), save=False)
        image_format = Image.open(io.BytesIO(data)).format
        made = []
        for width in self.field.variant_widths:
            if width >= image.width:
                break
            copy = image.copy()
            copy.thumbnail((width, image.height * 10))
            self.storage.save(
                variant_name(self.name, width), ContentFile(_encode(copy, image_format))
            )
            made.append(width)
        # Recorded now, so pages list the smaller copies without asking the storage.
        if self.field.variants_field:
            setattr(self.instance, self.field.variants_field, made)
        if save:
            self.instance.save()


class CleanImageFormField(forms.ImageField):
    """Checks the upload with ``validate_image`` first, for its plain-English messages."""

    def to_python(self, data):
        if data not in self.empty_values and hasattr(data, "size"):
            validate_image(data)
        return super().to_python(data)


class CleanImageField(ImageField):
    """An ImageField whose uploads are checked, stripped of metadata and resized, whichever way
    they arrive (admin, shell, demo content)."""

    attr_class = CleanImageFieldFile
    variant_widths = VARIANT_WIDTHS

    def __init__(self, *args, variants: bool = True, variants_field: str = "", **kwargs):
        """``variants_field``: the model's field (a JSON list) that records the widths of the
        smaller copies made, filled whenever a picture is stored and emptied when it is
        removed."""
        kwargs.setdefault("validators", []).append(validate_image)
        super().__init__(*args, **kwargs)
        self.variants_field = variants_field
        if not variants:
            self.variant_widths = ()

    def pre_save(self, model_instance, add):
        file = super().pre_save(model_instance, add)
        if self.variants_field and not file:
            setattr(model_instance, self.variants_field, [])
        return file

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CleanImageFormField, **kwargs})

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        # An old version (in History) may name a picture removed since: it can still be loaded
        # and reverted to, without the picture (see ``clear_missing_files``).
        with contextlib.suppress(FileNotFoundError):
            super().update_dimension_fields(instance, force, *args, **kwargs)

    def rendition_names(self, name: str) -> list[str]:
        """The names the smaller copies of the picture stored as ``name`` have (or would
        have): they are named from it, so they are as hard to guess."""
        return [variant_name(name, width) for width in VARIANT_WIDTHS]

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)
        kwargs.pop("variants_field", None)
        return name, "django.db.models.ImageField", args, kwargs
