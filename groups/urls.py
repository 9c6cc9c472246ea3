from django.urls import path

from groups import views

app_name = "groups"

urlpatterns = [
    path("groups/", views.GroupListView.as_view(), name="group_list"),
    path("groups/<slug:slug>/", views.GroupDetailView.as_view(), name="group_detail"),
    path(
        "groups/<slug:slug>/easy-read/", views.GroupEasyReadView.as_view(), name="group_easy_read"
    ),
    path(
        "groups/<slug:group_slug>/stories/<slug:slug>/",
        views.StoryDetailView.as_view(),
        name="story_detail",
    ),
    path(
        "groups/<slug:group_slug>/stories/<slug:slug>/photo/",
        views.StoryPhotoView.as_view(),
        name="story_photo",
    ),
    path("topics/", views.TopicListView.as_view(), name="topic_list"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic_detail"),
    path(
        "organisations/<slug:slug>/",
        views.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
]
