"""New blog posts to the list (a campaign filled from a post, the optional automatic announcement), and the pages
that show the live subscriber count purged when it changes."""

import logging

from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from ops.cache import purge_pages

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


# The landing page's social proof can show the number of confirmed subscribers. Only a change of that number purges,
# and only the pages showing it; PAGE_CACHE_SECONDS bounds bulk updates, which send no signal.
@receiver(post_init, sender="newsletter.Subscriber", dispatch_uid="newsletter_count_remember")
def remember_confirmed(sender, instance, **kwargs):
    # __dict__, not the attribute: a deferred status must not cost a query per loaded row.
    instance.was_confirmed = instance.__dict__.get("status") == "confirmed"


@receiver(post_save, sender="newsletter.Subscriber", dispatch_uid="newsletter_count_saved")
def subscriber_saved(sender, instance, created=False, **kwargs):
    confirmed = instance.status == "confirmed"
    if confirmed != (False if created else instance.was_confirmed):
        purge_count_pages()
    instance.was_confirmed = confirmed


@receiver(post_delete, sender="newsletter.Subscriber", dispatch_uid="newsletter_count_deleted")
def subscriber_deleted(sender, instance, **kwargs):
    if instance.status == "confirmed":
        purge_count_pages()


def purge_count_pages():
    from .landing import pages_showing_subscriber_count

    purge_pages(pages_showing_subscriber_count())


# Status history (the subscriber's profile): every save that changes the status writes one StatusChange. Bulk updates
# send no signal; the views and webhooks that change a status that way record it themselves (StatusChange.objects).
@receiver(post_init, sender="newsletter.Subscriber", dispatch_uid="newsletter_status_remember")
def remember_status(sender, instance, **kwargs):
    instance.recorded_status = instance.__dict__.get("status")


@receiver(post_save, sender="newsletter.Subscriber", dispatch_uid="newsletter_status_history")
def record_status_change(sender, instance, created=False, raw=False, **kwargs):
    from .models import StatusChange

    if raw:
        return  # a restore (loaddata) brings the history back from the backup itself
    status = instance.__dict__.get("status")
    previous = None if created else instance.recorded_status
    if status is not None and (created or (previous is not None and status != previous)):
        reason = instance.status_reason or default_reason(instance, created)
        StatusChange.objects.record(instance.pk, status, previous, reason)
    instance.recorded_status = status


def default_reason(subscriber, created):
    if subscriber.status == "confirmed" and not (created and subscriber.source == "import"):
        return "Confirmed."
    if not created:
        return ""  # e.g. an editor changed the status without giving a reason
    return {"form": "Signed up with the form.", "import": "Imported.", "admin": "Added by an editor."}.get(
        subscriber.source, ""
    )
