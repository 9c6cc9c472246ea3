from django.urls import path

from newsletters import feeds, views

app_name = "newsletters"

urlpatterns = [
    path("newsletters/", views.ArchiveView.as_view(), name="archive"),
    path("newsletters/search/", views.search_redirect, name="search"),
    path("newsletters/subscribe/", views.SubscribeView.as_view(), name="subscribe"),
    path(
        "newsletters/subscribe/check-your-email/",
        views.SubscribeCheckEmailView.as_view(),
        name="subscribe_check_email",
    ),
    path("newsletters/confirm/<str:token>/", views.ConfirmView.as_view(), name="confirm"),
    path(
        "newsletters/unsubscribe/<str:token>/",
        views.UnsubscribeView.as_view(),
        name="unsubscribe",
    ),
    path(
        "newsletters/<slug:slug>/", views.NewsletterDetailView.as_view(), name="newsletter_detail"
    ),
    path("newsletters/<slug:slug>/feed/", feeds.NewsletterFeed(), name="feed"),
    path("newsletters/<slug:slug>/ask/", views.QuestionView.as_view(), name="ask"),
    path(
        "newsletters/<slug:slug>/ask/thank-you/",
        views.QuestionThanksView.as_view(),
        name="question_thanks",
    ),
    path(
        "newsletters/<slug:newsletter_slug>/<slug:slug>/",
        views.IssueDetailView.as_view(),
        name="issue_detail",
    ),
    path(
        "newsletters/<slug:newsletter_slug>/<slug:slug>/easy-read/",
        views.IssueEasyReadView.as_view(),
        name="issue_easy_read",
    ),
]
