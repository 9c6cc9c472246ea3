from django.conf import settings
from django.db import models
from django_prose_editor.fields import ProseEditorField, create_sanitizer


class RichTextField(ProseEditorField):
    """Rich text written in the admin's editor, sanitised every time it is saved.

    The editor and the sanitiser share one list of allowed features
    (``settings.RICH_TEXT_EXTENSIONS``). Sanitising in ``pre_save`` as well as in form cleaning
    means HTML that arrives by any route (admin, shell, fixtures, the demo loader) is cleaned
    before it is stored, so templates can mark it safe.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("extensions", settings.RICH_TEXT_EXTENSIONS)
        kwargs.setdefault("sanitize", True)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = self.sanitize(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value


sanitize_rich_text = create_sanitizer(settings.RICH_TEXT_EXTENSIONS)


def web_address_field(*, made_from: str = "name", example: str = "", **kwargs) -> models.SlugField:
    """A slug, named and explained in the admin as a coordinator would say it: "web address".

    ``made_from`` names the field it is filled in from as the coordinator types ("name",
    "title"); ``example`` is an address to show. Every model's slug uses this, so the admin says
    it the same way everywhere.
    """
    example = f" (for example '{example}')" if example else ""
    kwargs.setdefault(
        "help_text",
        f"The last part of the page's web address{example}, made from the {made_from} as you "
        "type it. Only lower-case letters, numbers and hyphens. Links people have saved stop "
        "working if you change it later.",
    )
    return models.SlugField("web address", **kwargs)
