"""What distribution adds to the weekly digest and to the dashboard's launch checklist."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from blog.models import BlogPostPage

from .channels import rows_for
from .models import DistributionTick

# A channel not ticked within this long after the post's first publication shows in the digest...
GRACE = timedelta(days=7)
# ...for posts first published up to this long before the digest's week ends.
LOOKBACK = timedelta(days=35)
MAX_POSTS = 10
CHECKLIST_TICKS = 3


def aware(day, at=time.min):
    return timezone.make_aware(datetime.combine(day, at))


def undistributed_posts(start, end):
    """Live posts first published between LOOKBACK and GRACE before the week's end, with their rows not ticked."""
    week_end = aware(end + timedelta(days=1))
    posts = list(
        BlogPostPage.objects.live()
        .filter(first_published_at__gte=week_end - LOOKBACK, first_published_at__lt=week_end - GRACE)
        .order_by("-first_published_at")[:MAX_POSTS]
    )
    done = set(
        DistributionTick.objects.filter(page_id__in=[post.pk for post in posts]).values_list(
            "page_id", "channel", "target"
        )
    )
    found = []
    for post in posts:
        missing = [row for row in rows_for(post) if (post.pk, row.channel.key, row.target) not in done]
        if missing:
            found.append((post, missing))
    return found


def weekly_digest_sections(start, end):
    """The digest's "Not distributed yet": posts over a week old with channels nobody ticked."""
    items = []
    for post, missing in undistributed_posts(start, end):
        labels = ", ".join(row.label for row in missing)
        items.append(
            {
                "text": f"“{post.title}” ({len(missing)} channel{'s' if len(missing) != 1 else ''} not done after a "
                f"week): {labels}",
                "url": settings.BASE_URL + reverse("distribution_post", args=[post.pk]),
            }
        )
    return [{"heading": "Not distributed yet", "items": items}] if items else []


def launch_checklist_items(request):
    """ "First post distributed to three channels": done once any live post has three ticks."""
    done = DistributionTick.objects.live_posts_with_at_least(CHECKLIST_TICKS).exists()
    first = (
        BlogPostPage.objects.live()
        .order_by(F("first_published_at").asc(nulls_last=True), "pk")
        .values_list("pk", flat=True)
        .first()
    )
    url = reverse("distribution_post", args=[first]) if first else reverse("distribution_posts")
    return [
        {
            "key": "distribution.first_post_distributed",
            "label": "First post distributed to three channels",
            "done": done,
            "url": url,
            "order": 50,
        }
    ]
