from django.urls import path

from asks import feeds, views

app_name = "asks"

urlpatterns = [
    path("asks/feed/", feeds.AskUpdateFeed(), name="feed"),
    path("asks/<slug:slug>/", views.AskDetailView.as_view(), name="ask_detail"),
    path("groups/<slug:group_slug>/asks/", views.GroupAskListView.as_view(), name="group_ask_list"),
    path("groups/<slug:group_slug>/asks/feed/", feeds.GroupAskUpdateFeed(), name="group_feed"),
    path("groups/<slug:group_slug>/asks.csv", views.GroupAsksCSVView.as_view(), name="group_csv"),
    path(
        "groups/<slug:group_slug>/impact/asks-by-status.csv",
        views.GroupAskStatusCSVView.as_view(),
        name="group_status_csv",
    ),
    path(
        "organisations/<slug:slug>/asks/",
        views.OrganisationAskListView.as_view(),
        name="organisation_ask_list",
    ),
    path(
        "organisations/<slug:slug>/asks/feed/",
        feeds.OrganisationAskUpdateFeed(),
        name="organisation_feed",
    ),
]
