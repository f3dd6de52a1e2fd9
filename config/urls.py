from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve as serve_static
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import search as home_search
from home import sitemaps as seo_views
from home import views as home_views
from ops import esp

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("newsletter/", include("newsletter.urls")),
    path("resources/", include("resources.urls")),
    path("analytics/", include("analytics.urls")),
    path("question/", include("research.urls")),
    path("l/", include("distribution.urls")),  # campaign links' short paths
    path("r/", include("launch.urls")),  # referral links: /r/<code>/ → /?ref=<code>
    # ESP tracking webhooks (bounces and complaints): only the configured ESP's, and only with a secret (ops/esp.py).
    path("anymail/", include(esp.urlpatterns())),
    path("favicon.ico", home_views.favicon),
    path("robots.txt", seo_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", seo_views.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", seo_views.sitemap_section, name="sitemap_section"),
    path("search/", home_search.search, name="search"),
]

if settings.SERVE_MEDIA and settings.MEDIA_URL.startswith("/"):
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            serve_static,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]

handler500 = "home.views.server_error"
