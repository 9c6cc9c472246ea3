from django.urls import path

from enquiries import views

app_name = "enquiries"

urlpatterns = [
    path("get-involved/", views.GetInvolvedView.as_view(), name="get_involved"),
    path(
        "groups/<slug:slug>/get-involved/",
        views.GroupGetInvolvedView.as_view(),
        name="group_get_involved",
    ),
    path("contact/", views.ContactView.as_view(), name="contact"),
    path("contact/thanks/", views.ThanksView.as_view(), name="thanks"),
]
