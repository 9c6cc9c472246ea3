from django.db.models import Prefetch
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from groups.forms import GroupFilterForm
from groups.models import CommunityGroup, MemberStory, Organisation, Partnership, Topic
from oig_site.views import ForgivingPaginationMixin, PublishedQuerysetMixin


class GroupViewMixin(PublishedQuerysetMixin):
    model = CommunityGroup


class GroupListView(GroupViewMixin, ForgivingPaginationMixin, ListView):
    paginate_by = 24

    def get(self, request, *args, **kwargs):
        areas = (
            CommunityGroup.objects.published()
            .exclude(area="")
            .order_by("area")
            .values_list("area", flat=True)
            .distinct()
        )
        self.filter_form = GroupFilterForm(request.GET or None, areas=list(areas))
        self.filters = self.filter_form.valid_filters() if request.GET else {}
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        queryset = CommunityGroup.objects.published().prefetch_related("topics")
        if topic := self.filters.get("topic"):
            queryset = queryset.filter(topics=topic)
        if area := self.filters.get("area"):
            queryset = queryset.filter(area=area)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["active_filters"] = [
            {"label": field_label, "value": str(value), "remove_url": self._url_without(name)}
            for name, value, field_label in (
                (name, value, self.filter_form.fields[name].label or name.title())
                for name, value in self.filters.items()
            )
        ]
        return context

    def _url_without(self, name: str) -> str:
        query = QueryDict(mutable=True)
        for key, value in self.filters.items():
            if key != name:
                query[key] = value.slug if isinstance(value, Topic) else value
        return f"?{query.urlencode()}" if query else "?"


class GroupDetailView(GroupViewMixin, DetailView):
    def get_queryset(self):
        return self.get_base_queryset().with_public_relations()


class TopicListView(ListView):
    model = Topic

    def get_queryset(self):
        return Topic.objects.prefetch_related(
            Prefetch("groups", queryset=CommunityGroup.objects.published(), to_attr="public_groups")
        )


class TopicDetailView(DetailView):
    model = Topic

    def get_queryset(self):
        return Topic.objects.prefetch_related(
            Prefetch(
                "groups",
                queryset=CommunityGroup.objects.published().prefetch_related("topics"),
                to_attr="public_groups",
            )
        )


class OrganisationDetailView(DetailView):
    model = Organisation

    def get_queryset(self):
        return Organisation.objects.prefetch_related(
            Prefetch(
                "partnerships",
                queryset=Partnership.objects.filter(
                    group__in=CommunityGroup.objects.published()
                ).select_related("group"),
                to_attr="public_partnerships",
            )
        )


class StoryDetailView(PublishedQuerysetMixin, DetailView):
    model = MemberStory
    context_object_name = "story"

    def get_queryset(self):
        group_queryset = (
            CommunityGroup.objects.all()
            if self.can_preview()
            else CommunityGroup.objects.published()
        )
        group = get_object_or_404(group_queryset, slug=self.kwargs["group_slug"])
        return self.get_base_queryset().filter(group=group).select_related("group")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["other_stories"] = (
            MemberStory.objects.published()
            .filter(group=self.object.group)
            .exclude(pk=self.object.pk)
            .select_related("group")[:3]
        )
        return context
