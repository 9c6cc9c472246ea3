"""Admin pieces shared by every app's models:

- ``scoping``: who may see and change what (a coordinator only their own groups' objects), and
  form pieces that never fail on tampered input;
- ``history``: every change kept as a version, which can be compared, reverted and recovered;
- ``editors``: recording who created and last changed each object;
- ``editorial``: content pages' admin, with who edited what and publishing from the list;
- ``layout``: inlines placed among the fieldsets, where coordinators expect them;
- ``uploads``: files chosen in a form kept when the page comes back with a mistake;
- ``login``: the sign-in form in a coordinator's words.
"""

from oig_site.core.admin.easyread import EasyReadInline
from oig_site.core.admin.editorial import EDITORIAL_FIELDSET, PUBLISHING_FIELDSET, EditorialAdmin
from oig_site.core.admin.editors import RecordsEditorsMixin
from oig_site.core.admin.filters import has_date_filter
from oig_site.core.admin.history import HistoryAdmin, version_group_ids
from oig_site.core.admin.layout import InlinesAmongFieldsetsMixin
from oig_site.core.admin.login import SignInForm
from oig_site.core.admin.scoping import (
    AutocompleteSelect,
    AutocompleteSelectMultiple,
    CheckedSelectionMixin,
    ForwardAutocompleteJsonView,
    GroupScopedAdmin,
    ScopedInlineMixin,
    ScopedRelatedFieldListFilter,
    VisibleRelatedMixin,
    autocomplete_widget,
    editable_choices,
)
from oig_site.core.admin.uploads import KeepsUploadsAdmin

__all__ = [
    "EDITORIAL_FIELDSET",
    "PUBLISHING_FIELDSET",
    "AutocompleteSelect",
    "AutocompleteSelectMultiple",
    "CheckedSelectionMixin",
    "EasyReadInline",
    "EditorialAdmin",
    "ForwardAutocompleteJsonView",
    "GroupScopedAdmin",
    "HistoryAdmin",
    "InlinesAmongFieldsetsMixin",
    "KeepsUploadsAdmin",
    "RecordsEditorsMixin",
    "ScopedInlineMixin",
    "ScopedRelatedFieldListFilter",
    "SignInForm",
    "VisibleRelatedMixin",
    "autocomplete_widget",
    "has_date_filter",
    "editable_choices",
    "version_group_ids",
]
