from django import forms


class FilterForm(forms.Form):
    """A GET form of list filters. Values that are unknown or malformed are dropped, never an
    error page: the list is shown without that filter.

    It is rendered with plain Django templates (``includes/_form_field.html``), not
    crispy-forms: the widgets get their Bootstrap classes here, and a field with an error is
    marked invalid and described by its message."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "form-select")
            elif not field.widget.is_hidden:
                field.widget.attrs.setdefault("class", "form-control")

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-describedby"] = f"{self[name].auto_id}_error"
                attrs["aria-invalid"] = "true"

    def valid_filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if value not in (None, "") and name not in self.errors
        }

    def display_value(self, name: str, value) -> str:
        """How a filter's value reads to a visitor: "Committee or scrutiny hearing", not
        "hearing"."""
        field = self.fields[name]
        if isinstance(field, forms.ChoiceField) and not hasattr(value, "pk"):
            return str({str(k): v for k, v in field.choices}.get(str(value), value))
        return str(value)

    @staticmethod
    def query_value(value) -> str:
        return str(getattr(value, "slug", value))


class SlugChoiceField(forms.ModelChoiceField):
    """A list filter choosing one ``model`` row by its slug (which the address shows), or none:
    ``empty_label``, such as "All topics". The form sets the choices in its ``__init__``, for
    each request: what is published depends on the time now."""

    def __init__(self, model, *, empty_label: str, **kwargs):
        super().__init__(
            queryset=model.objects.none(),
            to_field_name="slug",
            required=False,
            empty_label=empty_label,
            **kwargs,
        )
