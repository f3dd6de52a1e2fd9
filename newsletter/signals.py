"""New blog posts to the list: a campaign filled from a post, and the optional automatic announcement."""

import logging

from django.dispatch import receiver
from wagtail.signals import page_published

logger = logging.getLogger(__name__)


def campaign_from_post(post):
    """A draft issue announcing `post`. Reads only title, summary, url and date, and never fails on the rest."""
    from .models import Campaign

    post = post.specific
    summary = getattr(post, "summary", "") or ""
    campaign = Campaign(subject=str(post.title)[:200], preheader=str(summary)[:200], source_page=post)
    campaign.body = [("post_teaser", {"page": post, "title": "", "summary": "", "button_label": "Read the post"})]
    campaign.save()
    return campaign


def is_blog_post(page):
    return page._meta.label_lower == "blog.blogpostpage"


@receiver(page_published, dispatch_uid="newsletter_auto_announce")
def announce_new_post(sender, instance, **kwargs):
    from .models import Campaign, NewsletterSettings
    from .tasks import send_now

    try:
        if not is_blog_post(instance) or not NewsletterSettings.load().auto_announce:
            return
        # Only the first publish: a post that already has an issue is never announced again.
        if Campaign.objects.filter(source_page_id=instance.pk).exists():
            return
        if (
            instance.first_published_at
            and instance.last_published_at
            and (instance.last_published_at - instance.first_published_at).total_seconds() > 5
        ):
            return
        campaign = campaign_from_post(instance)
        send_now(campaign)
    except Exception:
        # Publishing must never fail because of the newsletter.
        logger.exception("Could not announce page %s", instance.pk)
