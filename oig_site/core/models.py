"""Site-wide tables that belong to no app (stored under the ``oig_site`` app label)."""

from django.db import models
from django.urls import reverse

from oig_site.core.easyread import EasyReadLine


class ThrottleCount(models.Model):
    """How many attempts one visitor (or e-mail address) made at one form in one time window.

    Kept in the database so that every server process counts together (see
    ``oig_site/core/throttle.py``). Keys are hashed: no address is stored in the clear.
    """

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    window_start = models.DateTimeField(help_text="The first attempt of this window.")
    expires_at = models.DateTimeField(db_index=True, help_text="When the count starts again.")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        app_label = "oig_site"
        ordering = ["-window_start"]
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="throttle_one_row_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.scope}: {self.count} since {self.window_start:%Y-%m-%d %H:%M}"


class SiteGlossaryTerm(models.Model):
    """A short form or hard word used across the site (UC, PIP, DWP...) and what it means.

    Wherever a page shows a group's, an activity's or a story's words, these terms are marked
    with their meaning (``<abbr title>``), and the easy-read checks warn when a line uses one
    without saying what it means."""

    term = models.CharField(max_length=50, unique=True, help_text="For example 'PIP'.")
    meaning = models.CharField(
        max_length=250,
        help_text="What it means, in plain words (for example 'Personal Independence Payment, "
        "money to help with extra costs if you have a disability').",
    )

    class Meta:
        app_label = "oig_site"
        ordering = ["term"]
        verbose_name = "glossary term"

    def __str__(self) -> str:
        return f"{self.term}: {self.meaning}"

    def get_absolute_url(self):
        return reverse("easy_read_index") + "#words"


class EasyReadPage(models.Model):
    """A fixed page of the site (not a group's, an activity's or an issue's) that has an
    easy-read version, written as lines (``EasyReadPageLine``)."""

    class Key(models.TextChoices):
        ABOUT = "about-co-production", "About co-production"

    key = models.CharField(max_length=50, choices=Key.choices, unique=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "oig_site"
        ordering = ["key"]
        verbose_name = "easy-read version of a page"
        verbose_name_plural = "easy-read versions of pages"

    def __str__(self) -> str:
        return self.get_key_display()

    def get_absolute_url(self):
        return reverse("easy_read_page")

    @property
    def title(self) -> str:
        return self.get_key_display()

    def get_full_page_url(self):
        """The address of the full page this is the easy-read version of."""
        return reverse({self.Key.ABOUT: "about_coproduction"}[self.key])


class EasyReadPageLine(EasyReadLine):
    page = models.ForeignKey(EasyReadPage, on_delete=models.CASCADE, related_name="easy_read_lines")

    class Meta(EasyReadLine.Meta):
        app_label = "oig_site"
        ordering = ["page", "position", "pk"]
        verbose_name = "easy-read line"

    def get_absolute_url(self):
        return self.page.get_absolute_url()
