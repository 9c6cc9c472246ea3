from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from oig_site import views
from oig_site.core.admin import ForwardAutocompleteJsonView, SignInForm
from oig_site.core.sitemaps import sitemap_file, sitemap_index
from oig_site.sitemaps import sitemaps

admin.site.site_header = f"{settings.SITE_NAME}: editing"
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "What would you like to edit?"
admin.site.login_form = SignInForm
# The password pages (a new coordinator's first stop, from the e-mailed link) carry the site's
# name like every other admin page, instead of Django's "Django administration".
ADMIN_NAMES = {"site_header": admin.site.site_header, "site_title": admin.site.site_title}
handler403 = views.permission_denied

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(
        "about-co-production/",
        views.AboutCoproductionView.as_view(),
        name="about_coproduction",
    ),
    path(
        "about-co-production/easy-read/",
        views.EasyReadPageView.as_view(),
        {"key": "about-co-production"},
        name="easy_read_page",
    ),
    path("easy-read/", views.EasyReadIndexView.as_view(), name="easy_read_index"),
    path("accessibility/", views.AccessibilityView.as_view(), name="accessibility"),
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("", include("groups.urls")),
    path("", include("activities.urls")),
    path("", include("newsletters.urls")),
    path("", include("enquiries.urls")),
    path("", include("asks.urls")),
    # Setting and resetting passwords (also the link a new coordinator is sent).
    path(
        "admin/password_reset/",
        views.PasswordResetView.as_view(extra_context=ADMIN_NAMES),
        name="admin_password_reset",
    ),
    path(
        "admin/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(extra_context=ADMIN_NAMES),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        views.SetPasswordView.as_view(extra_context=ADMIN_NAMES),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            extra_context={**ADMIN_NAMES, "title": "Your password is saved"}
        ),
        name="password_reset_complete",
    ),
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(views.admin_view_on_site),
    ),
    path(
        "admin/autocomplete/",
        admin.site.admin_view(ForwardAutocompleteJsonView.as_view(admin_site=admin.site)),
    ),
    path("admin/", admin.site.urls),
    # An index of files of at most 50,000 addresses each (a section may take several: ?p=2).
    path(
        "sitemap.xml",
        sitemap_index,
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap_file"},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        sitemap_file,
        {"sitemaps": sitemaps},
        name="sitemap_file",
    ),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]

if settings.SERVE_MEDIA:
    urlpatterns.append(
        re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", views.media, name="media")
    )
