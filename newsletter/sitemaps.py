"""The newsletter's section of /sitemap.xml: the public archive's index, then every issue in it."""

from django.urls import reverse

from home.sitemaps import BaseUrlSitemap

from .views import archived

ARCHIVE = "archive"  # the item that stands for the archive's own index page


class ArchivedIssueSitemap(BaseUrlSitemap):
    def items(self):
        # Newest first, as the archive lists them; with no issue the archive page is empty and the section too.
        issues = list(archived().only("slug", "finished_at"))
        return [ARCHIVE, *issues] if issues else []

    def location(self, item):
        if item == ARCHIVE:
            return reverse("newsletter:archive")
        return reverse("newsletter:archive_detail", args=[item.slug])

    def lastmod(self, item):
        if item == ARCHIVE:
            return archived().values_list("finished_at", flat=True).first()
        return item.finished_at
