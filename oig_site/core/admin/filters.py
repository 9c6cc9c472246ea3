"""List filters shared by the apps' admin pages."""

from django.contrib import admin


def has_date_filter(
    field: str, *, title: str, parameter_name: str, yes: str, no: str
) -> type[admin.SimpleListFilter]:
    """A list filter on whether a date field is filled in ("Confirmed" / "Not confirmed"),
    in plain words rather than Django's "Empty" / "Not empty"."""

    class HasDateFilter(admin.SimpleListFilter):
        def lookups(self, request, model_admin):
            return [("yes", yes), ("no", no)]

        def queryset(self, request, queryset):
            if self.value() in {"yes", "no"}:
                return queryset.filter(**{f"{field}__isnull": self.value() == "no"})
            return queryset

    HasDateFilter.title = title
    HasDateFilter.parameter_name = parameter_name
    return HasDateFilter
