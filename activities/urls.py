from django.urls import path

from activities import feeds, views

app_name = "activities"

urlpatterns = [
    path("whats-on/", views.WhatsOnView.as_view(), name="whats_on"),
    path("activities/", views.ActivityListView.as_view(), name="activity_list"),
    path("activities/feed/", feeds.ActivityFeed(), name="feed"),
    path("activities/calendar.ics", views.SiteCalendarView.as_view(), name="site_calendar"),
    path("activities/<slug:slug>.ics", views.ActivityCalendarView.as_view(), name="activity_ics"),
    path("activities/<slug:slug>/", views.ActivityDetailView.as_view(), name="activity_detail"),
    path(
        "activities/<slug:slug>/easy-read/",
        views.ActivityEasyReadView.as_view(),
        name="activity_easy_read",
    ),
    path("activities/<slug:slug>/sign-up/", views.SignUpView.as_view(), name="signup"),
    path("sign-ups/<str:token>/", views.SignedUpView.as_view(), name="signed_up"),
    path("sign-ups/<str:token>/cancel/", views.SignUpCancelView.as_view(), name="signup_cancel"),
    path(
        "groups/<slug:group_slug>/activities/",
        views.GroupActivityListView.as_view(),
        name="group_activity_list",
    ),
    path(
        "groups/<slug:group_slug>/activities/feed/",
        feeds.GroupActivityFeed(),
        name="group_feed",
    ),
    path(
        "groups/<slug:group_slug>/calendar.ics",
        views.GroupCalendarView.as_view(),
        name="group_calendar",
    ),
    path(
        "groups/<slug:group_slug>/impact/",
        views.GroupImpactView.as_view(),
        name="group_impact",
    ),
    path(
        "groups/<slug:group_slug>/impact/activities.csv",
        views.GroupActivitiesCSVView.as_view(),
        name="group_csv",
    ),
]
