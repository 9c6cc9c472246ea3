import mimetypes

from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views.generic import DetailView, ListView

from groups.forms import GroupFilterForm
from groups.models import CommunityGroup, MemberStory, Organisation, Partnership, Topic
from oig_site.core.views import (
    FilteredListMixin,
    ForgivingPaginationMixin,
    PublishedQuerysetMixin,
)


class GroupViewMixin(PublishedQuerysetMixin):
    model = CommunityGroup


class GroupListView(GroupViewMixin, FilteredListMixin, ForgivingPaginationMixin, ListView):
    paginate_by = 24
    filter_form_class = GroupFilterForm

    def get_filter_form_kwargs(self):
        areas = (
            CommunityGroup.objects.published()
            .exclude(area="")
            .order_by("area")
            .values_list("area", flat=True)
            .distinct()
        )
        return {"areas": list(areas)}

    def get_queryset(self):
        queryset = CommunityGroup.objects.published().prefetch_related("topics")
        if topic := self.filters.get("topic"):
            queryset = queryset.filter(topics=topic)
        if area := self.filters.get("area"):
            queryset = queryset.filter(area=area)
        return queryset


class GroupDetailView(GroupViewMixin, DetailView):
    def get_queryset(self):
        return self.get_base_queryset().with_public_relations()


class TopicListView(ListView):
    model = Topic

    def get_queryset(self):
        return Topic.objects.published().prefetch_related(
            Prefetch("groups", queryset=CommunityGroup.objects.published(), to_attr="public_groups")
        )


class TopicDetailView(DetailView):
    model = Topic

    def get_queryset(self):
        return Topic.objects.published().prefetch_related(
            Prefetch(
                "groups",
                queryset=CommunityGroup.objects.published().prefetch_related("topics"),
                to_attr="public_groups",
            )
        )


class OrganisationDetailView(DetailView):
    model = Organisation

    def get_queryset(self):
        return Organisation.objects.published().prefetch_related(
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


class StoryPhotoView(StoryDetailView):
    """A story's photo, only while the story itself may be seen (published, with consent)."""

    def render_to_response(self, context, **response_kwargs):
        story = self.object
        if not story.image:
            raise Http404("This story has no photo.")
        try:
            handle = story.image.open("rb")
        except FileNotFoundError as error:
            raise Http404("The photo file is missing.") from error
        content_type = mimetypes.guess_type(story.image.name)[0] or "application/octet-stream"
        response = FileResponse(handle, content_type=content_type)
        # Checked again on every view, so a withdrawn story's photo is gone at once.
        patch_cache_control(response, no_cache=True, private=True)
        return response
