from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Site

from launch.models import LaunchSettings
from newsletter.models import Campaign, Subscriber


@pytest.fixture
def launch(home_page):
    """Pre-launch on, launching in ten days."""
    settings_row = LaunchSettings.for_site(Site.objects.get(is_default_site=True))
    settings_row.prelaunch = True
    settings_row.launch_at = timezone.now() + timedelta(days=10)
    settings_row.save()
    return settings_row


@pytest.fixture
def announcement(db):
    campaign = Campaign(subject="We launched!")
    campaign.body = [("heading", "We're live")]
    campaign.save()
    return campaign


def confirmed(email, days_ago=0, referred_by=None, code=None):
    when = timezone.now() - timedelta(days=days_ago)
    return Subscriber.objects.create(
        email=email,
        status=Subscriber.Status.CONFIRMED,
        confirmed_at=when,
        referred_by=referred_by,
        referral_code=code,
    )
