import mimetypes

from django.db.models import Count, Exists, OuterRef, Q
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView

from groups.forms import GroupFilterForm
from groups.models import (
    CommunityGroup,
    GroupEasyReadLine,
    MemberStory,
    Organisation,
    Topic,
    groups_active_first,
    public_partnerships,
)
from groups.structured_data import organisation_data
from oig_site.core.views import (
    EasyReadMixin,
    FetchedContextMixin,
    FilteredListMixin,
    ForgivingPaginationMixin,
    ForgivingPaginator,
    PublishedQuerysetMixin,
    SiteGlossaryMixin,
)


def page_of(request, objects, per_page: int) -> dict:
    """One page of ``objects`` (the ``?page=`` asked for, forgiven if it is odd), as the
    ``page_obj`` and ``paginator`` the shared pagination links read."""
    paginator = ForgivingPaginator(objects, per_page)
    return {"paginator": paginator, "page_obj": paginator.page(request.GET.get("page") or 1)}


class GroupViewMixin(PublishedQuerysetMixin):
    model = CommunityGroup


class GroupListView(GroupViewMixin, FilteredListMixin, ForgivingPaginationMixin, ListView):
    paginate_by = 24
    filter_form_class = GroupFilterForm
    filter_lookups = {"topic": "topics", "area": "area"}

    @cached_property
    def areas(self) -> list[str]:
        """The areas of published groups, read once a request (the filter form is built twice:
        for the filters in use, and for the form shown)."""
        areas = (
            CommunityGroup.objects.published()
            .exclude(area="")
            .order_by("area")
            .values_list("area", flat=True)
            .distinct()
        )
        return list(areas)

    def get_filter_form_kwargs(self):
        return {"areas": self.areas}

    def get_queryset(self):
        return self.apply_filters(
            CommunityGroup.objects.published().active_first().prefetch_related("topics")
        )


class GroupDetailView(SiteGlossaryMixin, GroupViewMixin, DetailView):
    # How many of the group's coming and past activities its page shows.
    UPCOMING_ACTIVITIES = 3
    RECENT_ACTIVITIES = 5

    def get_queryset(self):
        # Whether the group has a newsletter at all, read with the group: most have none, and
        # then its page needs neither the newsletters its subscribe form would offer nor their
        # latest issue.
        newsletter_links = CommunityGroup.newsletters.through.objects.filter(
            communitygroup=OuterRef("pk")
        )
        return (
            self.get_base_queryset()
            .with_public_relations()
            .annotate(
                has_newsletters=Exists(newsletter_links),
                has_easy_read=Exists(GroupEasyReadLine.objects.filter(group=OuterRef("pk"))),
            )
        )

    def get_context_data(self, **kwargs):
        # Activities and newsletters point at groups: the page reaches them through the group's
        # relations, so this app never imports theirs. Its activity items show neither groups nor
        # topics, so none are fetched.
        group = self.object
        activities = group.activities.published().without_long_texts()
        newsletters = group.newsletters.published()
        # Its subscribe form offers the published newsletters (only the group's own if there are
        # many), the group's own ticked, read in one query with their names only (a published
        # group's newsletters are published).
        offered, offers_all = (
            newsletters.model.objects.published()
            .only("name")
            .offer(
                own=Exists(
                    newsletters.model.groups.through.objects.filter(
                        newsletter=OuterRef("pk"), communitygroup=group
                    )
                )
            )
            if group.has_newsletters
            else ([], True)
        )
        group_newsletters = [newsletter for newsletter in offered if newsletter.own]
        return super().get_context_data(
            upcoming_activities=list(activities.upcoming()[: self.UPCOMING_ACTIVITIES]),
            recent_activities=list(activities.past()[: self.RECENT_ACTIVITIES]),
            # The latest issue is one of the group's newsletters': none to look for without them.
            latest_issue=newsletters.latest_issue() if group_newsletters else None,
            group_newsletters=group_newsletters,
            offered_newsletters=offered if group_newsletters else [],
            offers_every_newsletter=offers_all,
            structured_data=organisation_data(group),
            **kwargs,
        )


class GroupEasyReadView(EasyReadMixin, GroupViewMixin, DetailView):
    """The group's easy-read page."""


class TopicListView(FetchedContextMixin, ListView):
    """Every topic in use, each with how many published groups work on it (counted in the
    database: the groups themselves are on each topic's page)."""

    model = Topic

    def get_queryset(self):
        return Topic.objects.published().annotate(
            group_count=Count("groups", filter=Q(groups__in=CommunityGroup.objects.published()))
        )


class TopicDetailView(FetchedContextMixin, DetailView):
    """A topic and the published groups working on it, a page of them at a time."""

    model = Topic
    GROUPS_PER_PAGE = 24

    def get_queryset(self):
        return Topic.objects.published()

    def get_context_data(self, **kwargs):
        groups = self.object.groups.published().active_first().prefetch_related("topics")
        return super().get_context_data(
            **page_of(self.request, groups, self.GROUPS_PER_PAGE), **kwargs
        )


class OrganisationDetailView(FetchedContextMixin, DetailView):
    """A partner organisation and the published groups it works with, a page at a time."""

    model = Organisation
    PARTNERSHIPS_PER_PAGE = 50

    def get_queryset(self):
        return Organisation.objects.published()

    def get_context_data(self, **kwargs):
        partnerships = public_partnerships().filter(organisation=self.object)
        partnerships = partnerships.order_by(*groups_active_first("group__"), "pk")
        return super().get_context_data(
            **page_of(self.request, partnerships, self.PARTNERSHIPS_PER_PAGE), **kwargs
        )


class StoryDetailView(SiteGlossaryMixin, PublishedQuerysetMixin, DetailView):
    model = MemberStory
    context_object_name = "story"

    def get_queryset(self):
        group = self.parent_or_404(CommunityGroup, self.kwargs["group_slug"])
        return self.get_base_queryset().filter(group=group).select_related("group")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["other_stories"] = list(
            MemberStory.objects.published()
            .filter(group=self.object.group)
            .exclude(pk=self.object.pk)
            .select_related("group")[:3]
        )
        return context


class StoryPhotoView(StoryDetailView):
    """A story's photo, only while the story itself may be seen (published, with consent)."""

    def get(self, request, *args, **kwargs):
        story = self.get_object()
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
