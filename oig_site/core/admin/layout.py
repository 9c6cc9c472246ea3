"""Putting inlines where coordinators expect them on a form, rather than all at the end.

Django's admin shows every fieldset, then every inline. On a page made of parts (a newsletter
issue and its sections) that puts the parts far below the page's own text, after publishing,
sending and the record. ``InlinesAmongFieldsetsMixin`` shows each inline listed in
``inline_places`` right after the fieldset it names (by position, counting from 1); the others
come after every fieldset, as usual.
"""

from typing import ClassVar


class InlinesAmongFieldsetsMixin:
    change_form_template = "admin/change_form_inlines_placed.html"
    # An inline class -> how many fieldsets come before it.
    inline_places: ClassVar[dict[type, int]] = {}

    def render_change_form(self, request, context, *args, **kwargs):
        adminform = context.get("adminform")
        if adminform is not None:
            context["form_parts"] = self.form_parts(
                list(adminform), context.get("inline_admin_formsets", [])
            )
        return super().render_change_form(request, context, *args, **kwargs)

    def form_parts(self, fieldsets, inline_formsets) -> list[tuple[str, object, int]]:
        """The fieldsets and inlines in the order shown: ``("fieldset", fieldset, number)`` or
        ``("inline", inline_admin_formset, 0)``."""
        placed = {}
        for formset in inline_formsets:
            place = self.inline_places.get(type(formset.opts), len(fieldsets))
            placed.setdefault(place, []).append(formset)
        parts = [("inline", formset, 0) for formset in placed.get(0, [])]
        for number, fieldset in enumerate(fieldsets, start=1):
            parts.append(("fieldset", fieldset, number - 1))
            parts.extend(("inline", formset, 0) for formset in placed.get(number, []))
        # Places beyond the last fieldset (a fieldset taken away) still show their inlines.
        for place in sorted(p for p in placed if p > len(fieldsets)):
            parts.extend(("inline", formset, 0) for formset in placed[place])
        return parts
