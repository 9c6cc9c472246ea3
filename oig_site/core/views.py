"""The view mixins every app's public views use: everything fetched in the view, published
querysets with the editors' preview, forgiving pagination, and GET filter forms."""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Q, QuerySet
from django.db.models.expressions import OrderBy
from django.forms import BaseForm, ModelChoiceField
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers

from oig_site.core.glossary import site_glossary
from oig_site.core.keyset import keyset_page
from oig_site.core.scoping import is_group_owned


def fetch_now(value):
    """``value`` with everything a template would otherwise fetch from the database fetched now:
    a queryset becomes a list, a page's rows are read, and a form's choices from the database
    (a ``ModelChoiceField``'s) are read into a list, unless the field is hidden (its value alone
    is shown, not its choices). Anything else is left as it is."""
    if isinstance(value, QuerySet):
        return list(value)
    if isinstance(value, Page):
        value.object_list = list(value.object_list)
    elif isinstance(value, BaseForm):
        for field in value.fields.values():
            if isinstance(field, ModelChoiceField) and not field.widget.is_hidden:
                # Through iter(): list() would first ask the choices' length (a COUNT query).
                field.choices = list(iter(field.choices))
    return value


def fetched(context: dict) -> dict:
    """A template's context with everything in it fetched (see ``fetch_now``), so that the
    template makes no query: a page's queries are all made, and counted, in its view."""
    return {name: fetch_now(value) for name, value in context.items()}


class FetchedContextMixin:
    """For views that render a template: the context is fetched (``fetched``) before the
    template is rendered, so templates never query."""

    def render_to_response(self, context, **response_kwargs):
        return super().render_to_response(fetched(context), **response_kwargs)


def published_or_404(model, *, slug: str, preview: bool = False):
    """The object of ``model`` with this slug that the public may see, or the site's 404.

    With ``preview`` (an editor previewing a page beneath it), the object whatever its state.
    """
    objects = model.objects.all() if preview else model.objects.published()
    return get_object_or_404(objects, slug=slug)


class PublishedQuerysetMixin(FetchedContextMixin):
    """Start every public queryset from ``.published()``.

    Staff who may change the model can preview drafts and scheduled pages at their public
    address; those responses are marked as a preview and never cached.
    """

    def can_preview(self) -> bool:
        user = self.request.user
        opts = self.model._meta
        return (
            user.is_active
            and user.is_staff
            and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        )

    def get_base_queryset(self):
        published = self.model.objects.published()
        if not self.can_preview():
            return published
        # Editors preview drafts of the groups they may edit: all for site editors, their own
        # groups' for coordinators (the same scope as in the admin).
        if not is_group_owned(self.model):
            return self.model.objects.all()
        editable = self.model.objects.editable_by(self.request.user)
        return self.model.objects.filter(
            Q(pk__in=published.values("pk")) | Q(pk__in=editable.values("pk"))
        )

    def get_queryset(self):
        return self.get_base_queryset()

    def parent_or_404(self, model, slug: str):
        """The page's parent by its slug (a story's group, an issue's newsletter): the published
        one, or for an editor who may preview this page, whatever its state."""
        return published_or_404(model, slug=slug, preview=self.can_preview())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = context.get("object")
        # Visitors only ever get published objects; ask only when an editor may be previewing.
        context["is_preview"] = obj is not None and self.can_preview() and not obj.is_public
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.can_preview():
            add_never_cache_headers(response)
        return response


class ForgivingPaginator(Paginator):
    """A page number that is not a number gives the first page; one past the end, the last."""

    def validate_number(self, number):
        try:
            return super().validate_number(number)
        except PageNotAnInteger:
            return 1
        except EmptyPage:
            return self.num_pages if int(number) > 1 else 1


class ForgivingPaginationMixin:
    """For list views: a bad ``?page=`` never gives an error page (see ForgivingPaginator)."""

    paginator_class = ForgivingPaginator

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        page = paginator.page(self.request.GET.get(self.page_kwarg) or 1)
        return (paginator, page, page.object_list, page.has_other_pages())


class KeysetPaginationMixin:
    """For long lists: "Newer" and "Older" links carrying a cursor instead of page numbers, so
    a deep page costs what the first does and no page counts the whole list (see
    ``oig_site.core.keyset``). ``keyset_ordering`` is the list's order, ending with a unique
    column (``F("pk").asc()``). ``page_obj`` is a ``KeysetPage``; there is no ``paginator``."""

    keyset_ordering: list[OrderBy] = []

    def page_base_query(self) -> QueryDict:
        """What the page links keep from the address besides the cursor."""
        return QueryDict(mutable=True)

    def paginate_queryset(self, queryset, page_size):
        page = keyset_page(
            queryset,
            ordering=self.keyset_ordering,
            size=page_size,
            query=self.request.GET,
            base_query=self.page_base_query(),
        )
        return (None, page, page.object_list, page.has_other_pages())


class FilteredListMixin(FetchedContextMixin):
    """For list views with a GET form of filters (see oig_site.core.forms.FilterForm).

    ``self.filters`` holds the valid filters; the template gets the form and the active filters,
    each with a link that removes it. ``filter_lookups`` maps each filter that narrows the list
    by one lookup to that lookup (``{"topic": "topics"}``), applied by ``apply_filters()``; a
    filter that needs more (a year as a range of dates) is applied by the view itself.
    """

    filter_form_class = None
    filter_lookups: dict[str, str] = {}

    def get_filter_form_kwargs(self) -> dict:
        return {}

    def get(self, request, *args, **kwargs):
        self.filter_form = self.filter_form_class(
            request.GET or None, **self.get_filter_form_kwargs()
        )
        self.filters = self.filter_form.valid_filters()
        return super().get(request, *args, **kwargs)

    def apply_filters(self, queryset):
        """``queryset`` narrowed by each filter of ``filter_lookups`` in use."""
        for name, lookup in self.filter_lookups.items():
            if name in self.filters:
                queryset = queryset.filter(**{lookup: self.filters[name]})
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filter_form
        # The form shown is unbound, holding only the filters in use: an unknown value from an
        # old link is dropped quietly rather than shown as an error.
        context["filter_form"] = self.filter_form_class(
            initial={name: form.query_value(value) for name, value in self.filters.items()},
            **self.get_filter_form_kwargs(),
        )
        context["active_filters"] = [
            {
                "label": form.fields[name].label or name.title(),
                "value": form.display_value(name, value),
                "remove_url": self.url_without(name),
            }
            for name, value in self.filters.items()
        ]
        return context

    def filters_query(self, *, without: str = "") -> QueryDict:
        """The filters in use (but ``without``), as they are written in the address."""
        query = QueryDict(mutable=True)
        for key, value in self.filters.items():
            if key != without:
                query[key] = self.filter_form.query_value(value)
        return query

    def page_base_query(self) -> QueryDict:
        """Page links keep the filters in use (and nothing else from the address)."""
        return self.filters_query()

    def url_without(self, name: str) -> str:
        query = self.filters_query(without=name)
        return f"?{query.urlencode()}" if query else "?"


class EasyReadMixin:
    """For a page's easy-read version, at its own address beneath the page: the object comes
    from the page's own view (so the same people see it: the public only when published, and
    editors previewing), with its easy-read lines (``easy_read_lines``). No lines: 404."""

    template_name = "easy_read/page.html"

    def easy_read_title(self, obj) -> str:
        return str(obj)

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        obj.lines = list(obj.easy_read_lines.order_by("position", "pk"))
        if not obj.lines:
            raise Http404("This page has no easy-read version.")
        return obj

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            easy_read_title=self.easy_read_title(self.object),
            full_page_url=self.object.get_absolute_url(),
            **kwargs,
        )


class SiteGlossaryMixin:
    """For pages that show words coordinators wrote: the site's glossary, for the template's
    ``explained`` filter (``{{ group.description|explained:site_glossary }}``)."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(site_glossary=site_glossary(), **kwargs)
