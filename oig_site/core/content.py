"""Shared content building blocks: the fields many kinds of page have in common, each written
once with its rules and its messages.

- ``TimestampedModel``: when a row was created and last changed, and by whom (the admin
  records the editors, see ``oig_site/core/admin/editors.py``); ``CreatedUpdated``, the
  first two alone; ``user_reference()``, any other field naming a user;
- ``ImageWithAltText``: an optional picture with its description for people who cannot see it
  (or a tick saying it is only decoration), its size, the smaller copies made of it, and the
  rule that one of the two is given, checked in forms and in the database.

A content field that several models share belongs here too (for example an easy-read summary
of a page), so that every model words it, checks it and stores it the same way.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from oig_site.core.images import CleanImageField
from oig_site.core.storage import RandomName, private_storage

IMAGE_ALT_HELP = (
    "Describe the picture for people who cannot see it, in a sentence "
    "(for example 'Five members of the group talking around a table')."
)
DECORATIVE_HELP = (
    "Tick only if the picture is decoration and says nothing (then no description is needed)."
)


def user_reference(verbose_name: str | None = None):
    """A reference to a user (who created, edited or sent something). Deleting the user
    empties it and keeps the row; the site fills it in, never a form."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class CreatedUpdated(models.Model):
    """When a row was created and last changed."""

    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("last changed", auto_now=True)

    class Meta:
        abstract = True


class TimestampedModel(CreatedUpdated):
    """When a row was created and last changed, and by whom (recorded by the admin)."""

    created_by = user_reference("created by")
    updated_by = user_reference("last changed by")

    class Meta:
        abstract = True


# The picture block's fields take their wording (and the picture where it is stored) from the
# model they are added to, so the one definition below serves every model. Migrations record
# them as plain Django fields, with the wording and place of each model.


class _PictureField(CleanImageField):
    """Stored under a random name in the model's ``image_folder``; with ``image_private``, in
    private storage (served only through a view that checks who may see it), without smaller
    copies."""

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        self.upload_to = RandomName(cls.image_folder)
        self.help_text = cls.image_help_text
        if cls.image_private:
            self._storage_callable = private_storage
            self.storage = private_storage()
            self.variant_widths = ()


class _WordedForPicture:
    """A field named after the model's ``image_noun`` (``verbose_name_template``), recorded by
    migrations as the plain Django field at ``django_path``."""

    verbose_name_template = ""
    django_path = ""

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        self.verbose_name = self.verbose_name_template.format(noun=cls.image_noun)

    def deconstruct(self):
        name, _, args, kwargs = super().deconstruct()
        return (name, self.django_path, args, {**kwargs, "verbose_name": self.verbose_name})


class _AltTextField(_WordedForPicture, models.CharField):
    verbose_name_template = "{noun} description (alt text)"
    django_path = "django.db.models.CharField"


class _DecorativeField(_WordedForPicture, models.BooleanField):
    verbose_name_template = "the {noun} is decorative"
    django_path = "django.db.models.BooleanField"


class ImageWithAltText(models.Model):
    """An optional picture (checked, stripped of its metadata, with smaller copies whose widths
    are recorded), its width and height (for the page's layout), and its description for people
    who cannot see it, unless it is ticked as decorative.

    A model says what differs in class attributes: what coordinators call the picture, the
    folder it is stored in, its help text, and whether it is private. A model with its own
    constraints lists these first: ``constraints = [*ImageWithAltText.Meta.constraints, ...]``.
    """

    #: What the picture is called in its labels and messages ("photo", "cover image").
    image_noun = "image"
    #: The uploads folder the picture is stored in, under a random name.
    image_folder = "images"
    image_help_text = ""
    #: Kept in private storage, outside the public uploads folder, and served only through a
    #: view that checks who may see it.
    image_private = False

    image = _PictureField(
        blank=True,
        width_field="image_width",
        height_field="image_height",
        variants_field="image_variants",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    #: The widths of the smaller copies made when the picture was stored (for ``srcset``),
    #: recorded then so that showing a page never asks the storage which copies exist.
    image_variants = models.JSONField(default=list, blank=True, editable=False)
    image_alt = _AltTextField(max_length=250, blank=True, help_text=IMAGE_ALT_HELP)
    image_decorative = _DecorativeField(default=False, help_text=DECORATIVE_HELP)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt="") | Q(image_decorative=True),
                name="%(app_label)s_%(class)s_image_has_alt_text",
                violation_error_message="Add a description of the picture (alt text), or mark "
                "it as decorative.",
            ),
        ]

    def clean(self):
        super().clean()
        if self.image and not self.image_alt.strip() and not self.image_decorative:
            noun = self.image_noun
            raise ValidationError(
                {
                    "image_alt": f"Describe the {noun} for people who cannot see it (alt text), "
                    f"or tick 'the {noun} is decorative'."
                }
            )
