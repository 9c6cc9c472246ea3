import datetime as dt

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import pretty_name
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


def _attributes(attrs: dict):
    """HTML attributes as Django's widget templates write them: `` name="value"``, a bare
    `` name`` for True, nothing for False."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


OPTIONAL = "(optional"


def mark_optional_fields(form: forms.BaseForm, *, except_fields=()) -> None:
    """Public forms mark the fields a person may leave empty, and only those: "(optional)"
    after the label, as GOV.UK does (required fields get no asterisk: see
    templates/bootstrap5/field.html). Not marked: hidden fields, a choice whose empty option
    says what it means ("Not sure"), fields in ``except_fields`` (a spam trap), and labels
    that already say when they are optional ("optional if you give a phone number").
    Call it once the form's fields are final."""
    for name, field in form.fields.items():
        if field.required or field.widget.is_hidden or name in except_fields:
            continue
        if isinstance(field.widget, forms.Select) and not field.widget.allow_multiple_selected:
            continue
        label = str(field.label or pretty_name(name))
        if OPTIONAL not in label:
            field.label = f"{label} (optional)"


class DatePicker(forms.DateInput):
    """A browser's date picker (``<input type="date">``). Its value must be a date written
    ``YYYY-MM-DD``: something else typed into the address (``?start=nonsense``) is left out,
    as a browser would drop it, rather than written into the page as invalid HTML."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")

    def format_value(self, value):
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value.strip())
            except ValueError:
                return None
        return super().format_value(value)


class QuickSelect(forms.Select):
    """A ``<select>`` written out in Python, with the same markup as Django's template for it
    (``django/forms/widgets/select.html``). Rendering each option through the template engine
    took milliseconds for a filter of forty topics, a good part of a list page's time."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], _attributes(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in options:
                parts.append(
                    format_html(
                        '\n  <option value="{}"{}>{}</option>\n',
                        str(option["value"]),
                        _attributes(option["attrs"]),
                        option["label"],
                    )
                )
            if group_name:
                parts.append(mark_safe("\n  </optgroup>"))
        parts.append(mark_safe("\n</select>"))
        return format_html_join("", "{}", ((part,) for part in parts))


class FilterForm(forms.Form):
    """A GET form of list filters. Values that are unknown or malformed are dropped, never an
    error page: the list is shown without that filter.

    It is rendered with plain Django templates (``includes/_form_field.html``), not
    crispy-forms: the widgets get their Bootstrap classes here, and a field with an error is
    marked invalid and described by its message."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field.widget) is forms.Select:
                field.widget = QuickSelect(attrs=field.widget.attrs, choices=field.widget.choices)
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


class ChoicesInOneQuery(ModelChoiceIterator):
    """A model choice field's choices read by one plain query. Django's own iterator reads them
    with ``.iterator()``, which on PostgreSQL declares a server-side cursor: three round trips
    to the database (declare, fetch, close) instead of one, for a list of a few dozen rows."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class SlugChoiceField(forms.ModelChoiceField):
    """A list filter choosing one ``model`` row by its slug (which the address shows), or none:
    ``empty_label``, such as "All topics". The form sets the choices in its ``__init__``, for
    each request: what is published depends on the time now."""

    iterator = ChoicesInOneQuery

    def __init__(self, model, *, empty_label: str, **kwargs):
        super().__init__(
            queryset=model.objects.none(),
            to_field_name="slug",
            required=False,
            empty_label=empty_label,
            **kwargs,
        )
