"""At the launch time the worker launches the site and sends the announcement, once."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import close_old_connections, connection
from django.test import Client
from django.utils import timezone

from launch import flip
from launch.models import LaunchFlip, LaunchSettings
from launch.tasks import launch_when_due
from newsletter.models import Campaign, Delivery, Subscriber
from ops import scheduler
from tests.launch.conftest import confirmed


def due_now(launch, announcement=None):
    LaunchSettings.objects.filter(pk=launch.pk).update(
        launch_at=timezone.now() - timedelta(seconds=5), announcement=announcement
    )


@pytest.mark.django_db
def test_nothing_happens_before_the_launch_time(launch, announcement):
    assert flip.flip_due_sites() == []
    launch.refresh_from_db()
    assert launch.prelaunch and launch.launched_at is None


@pytest.mark.django_db
def test_nothing_happens_when_pre_launch_is_off(launch, announcement):
    due_now(launch, announcement)
    LaunchSettings.objects.filter(pk=launch.pk).update(prelaunch=False)
    assert flip.flip_due_sites() == []
    assert Campaign.objects.get(pk=announcement.pk).status == Campaign.Status.DRAFT


@pytest.mark.django_db
def test_at_the_launch_time_the_site_launches_and_the_announcement_goes_to_the_waitlist_once(launch, announcement):
    for n in range(3):
        confirmed(f"w{n}@example.com")
    Subscriber.objects.create(email="pending@example.com")
    due_now(launch, announcement)
    mail.outbox.clear()

    assert launch_when_due.call() == 1
    launch.refresh_from_db()
    assert not launch.prelaunch and launch.launched_at is not None
    campaign = Campaign.objects.get(pk=announcement.pk)
    assert campaign.status == Campaign.Status.SENT
    assert sorted(m.to[0] for m in mail.outbox) == ["w0@example.com", "w1@example.com", "w2@example.com"]
    claim = LaunchFlip.objects.get()
    assert claim.announcement == campaign and "Sending" in claim.note

    # Later ticks, and pre-launch switched on again by mistake, send nothing more.
    LaunchSettings.objects.filter(pk=launch.pk).update(prelaunch=True)
    assert launch_when_due.call() == 0
    assert len(mail.outbox) == 3
    assert LaunchFlip.objects.count() == 1


@pytest.mark.django_db
def test_a_launch_without_an_announcement_just_flips(launch):
    due_now(launch)
    [claim] = flip.flip_due_sites()
    assert claim.announcement is None and claim.note == "No announcement issue was chosen."
    assert not LaunchSettings.objects.get(pk=launch.pk).prelaunch


@pytest.mark.django_db
def test_an_announcement_that_was_already_sent_is_not_sent_again(launch, announcement):
    Campaign.objects.filter(pk=announcement.pk).update(status=Campaign.Status.SENT)
    confirmed("w@example.com")
    due_now(launch, announcement)
    [claim] = flip.flip_due_sites()
    assert claim.announcement is None and "not a draft" in claim.note
    assert not Delivery.objects.exists()


@pytest.mark.django_db
def test_the_flip_is_a_periodic_job_of_the_scheduler(launch):
    assert "launch.tasks.launch_when_due" in scheduler.discover()


@pytest.mark.django_db
def test_the_landing_page_shows_the_launched_site_right_after_the_flip(launch):
    visitor = Client()
    assert b"data-waitlist" in visitor.get("/").content  # now in the page cache
    due_now(launch)
    flip.flip_due_sites()
    assert b"data-waitlist" not in visitor.get("/").content


@pytest.mark.django_db(transaction=True)
def test_two_workers_flipping_at_once_launch_and_send_once(home_page, launch, announcement):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")
    for n in range(5):
        confirmed(f"w{n}@example.com")
    due_now(launch, announcement)
    mail.outbox.clear()
    barrier = threading.Barrier(2)
    results = []

    def worker():
        try:
            barrier.wait(10)
            results.append(len(flip.flip_due_sites()))
        finally:
            close_old_connections()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(results) == [0, 1]
    assert LaunchFlip.objects.count() == 1
    assert Campaign.objects.get(pk=announcement.pk).status == Campaign.Status.SENT
    assert Delivery.objects.filter(campaign=announcement).count() == 5
    assert sorted(m.to[0] for m in mail.outbox) == [f"w{n}@example.com" for n in range(5)]
