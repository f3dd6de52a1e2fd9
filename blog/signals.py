from django.core.cache import cache
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import BlogIndexPage
from .templatetags.blog_tags import FEED_LINKS_CACHE_KEY


@receiver(page_published, sender=BlogIndexPage)
@receiver(page_unpublished, sender=BlogIndexPage)
@receiver(post_delete, sender=BlogIndexPage)
@receiver(post_page_move)
def clear_feed_links(**kwargs):
    cache.delete(FEED_LINKS_CACHE_KEY)
