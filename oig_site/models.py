"""The site's own tables are defined in the core (``oig_site.core.models``); Django finds them
here, under the ``oig_site`` app."""

from oig_site.core.models import (
    EasyReadPage,
    EasyReadPageLine,
    SiteGlossaryTerm,
    ThrottleCount,
)

__all__ = ["EasyReadPage", "EasyReadPageLine", "SiteGlossaryTerm", "ThrottleCount"]
