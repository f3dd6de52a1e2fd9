"""The newsletter's section of /sitemap.xml: every issue in the public archive."""

from django.urls import reverse

from home.sitemaps import BaseUrlSitemap

from .views import archived


class ArchivedIssueSitemap(BaseUrlSitemap):
    def items(self):
        return archived().only("slug", "finished_at")

    def location(self, issue):
        return reverse("newsletter:archive_detail", args=[issue.slug])

    def lastmod(self, issue):
        return issue.finished_at
