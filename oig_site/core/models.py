"""Site-wide tables that belong to no app (stored under the ``oig_site`` app label)."""

from django.db import models


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
