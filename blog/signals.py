from django.core.cache import cache
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from taggit.models import Tag
from wagtail.signals import page_published, page_unpublished, post_page_move

from ops.cache import purge_pages

from .models import BlogIndexPage, BlogPostPage
from .templatetags.blog_tags import FEED_LINKS_CACHE_KEY


@receiver(page_published, sender=BlogIndexPage)
@receiver(page_unpublished, sender=BlogIndexPage)
@receiver(post_delete, sender=BlogIndexPage)
@receiver(post_page_move)
def clear_feed_links(**kwargs):
    cache.delete(FEED_LINKS_CACHE_KEY)


@receiver(post_save, sender=Tag)
@receiver(pre_delete, sender=Tag)
def tag_changed(sender, instance, created=False, **kwargs):
    """A tag renamed or deleted (Django's admin): posts show their tags, and tag archives and feeds live in the
    blog's section, so a tag that posts use purges the blog's whole section."""
    if not created and BlogPostPage.objects.filter(tagged_items__tag=instance).exists():
        purge_pages(BlogIndexPage.objects.live(), with_subtree=True)
