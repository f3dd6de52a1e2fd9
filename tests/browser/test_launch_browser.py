"""The founder's path: pre-launch on, a friend signs up through a referral link, confirms and sees the place in line;
the launch time comes, the worker's tick flips the site and the announcement goes out once."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from launch.models import LaunchFlip, LaunchSettings
from newsletter.models import Campaign, Subscriber
from ops import scheduler
from ops.models import ScheduledJob
from tests.newsletter.helpers import confirm_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAUNCH_JOB = "launch.tasks.launch_when_due"


@pytest.fixture
def demo_site(home_page):
    call_command("load_demo", verbosity=0)
    return home_page


def scheduler_tick():
    """One tick of the worker's scheduler with only the launch job due (the others ran a moment ago)."""
    later = timezone.now() + timedelta(hours=1)
    for name in scheduler.discover():
        if name != LAUNCH_JOB:
            ScheduledJob.objects.update_or_create(name=name, defaults={"next_run_at": later})
    return scheduler.enqueue_due()


def test_the_founders_path_from_waitlist_to_launch(demo_site, admin_page, live_server, new_context):
    page = admin_page
    # The founder switches pre-launch on in the admin (Launch → Launch settings).
    menu = page.get_by_role("navigation", name="Main menu")
    menu.get_by_role("button", name="Launch", exact=True).click()
    menu.get_by_role("link", name="Launch settings").click()
    expect(page.get_by_text("Time zone: UTC.")).to_be_visible()
    page.get_by_label("Pre-launch mode").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("updated")
    assert LaunchSettings.objects.get().prelaunch

    # A friend of Ada's follows her referral link to the waitlist, and signs up.
    visitor = new_context().new_page()
    visitor.goto(f"{live_server.url}/r/demo-ada/")
    expect(visitor).to_have_url(re.compile(r"/\?ref=demo-ada$"))
    waitlist = visitor.locator("[data-waitlist]")
    expect(waitlist.get_by_role("heading", level=1)).to_have_text("Something new is coming")
    expect(waitlist.locator("[data-countdown]")).to_contain_text(re.compile(r"\(in 2\d days, "))
    waitlist.get_by_label("Email address").fill("friend@example.org")
    waitlist.get_by_role("button", name="Join the waitlist").click()
    expect(waitlist.get_by_role("status")).to_contain_text("Check your inbox")
    friend = Subscriber.objects.get(email="friend@example.org")
    assert friend.referred_by.email == "ada@example.com"

    # The confirmation email's link, the button, and the place in line with a personal link to share: behind every
    # demo subscriber who confirmed earlier (the apps' demos add some), as nobody has used the friend's link yet.
    ahead = Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).count()
    visitor.goto(live_server.url + confirm_path(mail.outbox[-1]))
    visitor.get_by_role("button").filter(has_text=re.compile("confirm", re.I)).first.click()
    expect(visitor.get_by_role("heading", name="Your place in line")).to_be_visible()
    expect(visitor.locator("[data-place]")).to_have_text(f"number {ahead + 1}")
    friend.refresh_from_db()
    # On BASE_URL (the tests' http://testserver), as in emails.
    expect(visitor.get_by_label("Your link")).to_have_value(f"http://testserver/r/{friend.referral_code}/")
    expect(visitor.locator("[data-referrals]").get_by_role("link", name="Mastodon", exact=True)).to_be_visible()

    # The launch time comes: the worker's next scheduler tick flips the site and sends the announcement.
    LaunchSettings.objects.update(launch_at=timezone.now() - timedelta(minutes=1))
    mail.outbox.clear()
    assert scheduler_tick() == [LAUNCH_JOB]
    announcement = Campaign.objects.get(slug="we-launched")
    assert announcement.status == Campaign.Status.SENT
    sent = sorted(message.to[0] for message in mail.outbox)
    assert sent == sorted(Subscriber.objects.confirmed().values_list("email", flat=True))
    assert len(sent) == ahead + 1 and all(message.subject == "We launched!" for message in mail.outbox)

    # Another tick, and another call of the flip itself, send nothing more.
    ScheduledJob.objects.filter(name=LAUNCH_JOB).update(next_run_at=timezone.now())
    assert scheduler_tick() == [LAUNCH_JOB]
    assert len(mail.outbox) == ahead + 1 and LaunchFlip.objects.count() == 1

    # The visitor's landing page is the launched one; the founder's settings say when it launched.
    visitor.goto(f"{live_server.url}/")
    expect(visitor.locator("[data-waitlist]")).to_have_count(0)
    expect(visitor.get_by_role("heading", level=1)).not_to_have_text("Something new is coming")
    page.reload()
    expect(page.get_by_text("The site launched on")).to_be_visible()
    expect(page.get_by_label("Pre-launch mode")).not_to_be_checked()
