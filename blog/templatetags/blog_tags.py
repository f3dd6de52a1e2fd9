from django import template
from django.core.cache import cache

register = template.Library()

FEED_LINKS_CACHE_KEY = "blog:feed-links"


def site_feed_links():
    """The blog's feed links, cached so that pages outside the blog pay no query (blog/signals.py clears it)."""
    feeds = cache.get(FEED_LINKS_CACHE_KEY)
    if feeds is None:
        from blog.models import BlogIndexPage

        index = BlogIndexPage.objects.live().public().first()
        feeds = index.feed_links() if index else []
        cache.set(FEED_LINKS_CACHE_KEY, feeds, 60 * 60)
    return feeds


@register.inclusion_tag("blog/includes/feed_links.html", takes_context=True)
def blog_feed_links(context):
    """<link rel="alternate"> for the blog's feeds: the page's own (a tag's) feeds, else the blog's."""
    feeds = context.get("feeds")
    if feeds is None and context.get("page") is not None:
        feeds = site_feed_links()
    return {"feeds": feeds or []}
