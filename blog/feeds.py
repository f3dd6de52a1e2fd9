"""RSS 2.0 and Atom feeds of the blog and of each tag, with absolute links on settings.BASE_URL."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.template.loader import render_to_string
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape


class Rss(Rss201rev2Feed):
    content_type = "application/rss+xml; charset=utf-8"


class Atom(Atom1Feed):
    content_type = "application/atom+xml; charset=utf-8"


class PostsFeed(Feed):
    def __init__(self, index, kind="rss", tag=None):
        super().__init__()
        self.index = index
        self.tag = tag
        self.kind = kind
        self.feed_type = Atom if kind == "atom" else Rss
        self.blog_settings = None

    def __call__(self, request, *args, **kwargs):
        from .models import BlogSettings

        self.request = request
        self.blog_settings = BlogSettings.for_site(self.index.get_site())
        return super().__call__(request, *args, **kwargs)

    def absolute(self, page):
        return settings.BASE_URL + page.relative_url(self.index.get_site(), self.request)

    def title(self):
        site_name = self.index.get_site().site_name or settings.WAGTAIL_SITE_NAME
        title = f"{self.index.title} · {site_name}"
        return f"{title} · {self.tag.name}" if self.tag else title

    def link(self):
        url = self.absolute(self.index)
        return f"{url}tag/{self.tag.slug}/" if self.tag else url

    def feed_url(self):
        return settings.BASE_URL + self.request.path

    def description(self):
        return self.index.intro or self.index.search_description or self.title()

    def subtitle(self):
        return self.description()

    def items(self):
        posts = self.index.post_queryset(with_body=self.blog_settings.feed_full_content)
        if self.tag:
            posts = posts.filter(tags=self.tag)
        return list(posts[: self.blog_settings.feed_item_count or 20])

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return self.absolute(item)

    def item_guid(self, item):
        return self.absolute(item)

    item_guid_is_permalink = True

    def item_description(self, item):
        if self.blog_settings.feed_full_content:
            return render_to_string(
                "blog/feed_item.html", {"post": item, "base_url": settings.BASE_URL}, request=self.request
            )
        # RSS and Atom readers treat descriptions as HTML: a plain-text summary must be escaped once more.
        return escape(item.summary)

    def item_pubdate(self, item):
        return item.date

    def item_updateddate(self, item):
        return item.updated or item.last_published_at or item.date

    def item_author_name(self, item):
        names = [author.name for author in item.authors]
        return ", ".join(names) or None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]
