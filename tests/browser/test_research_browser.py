"""Issue 16, item 6 (research): a new subscriber answers the question after confirming, and an editor sees the answer
grouped in the report, then tags it."""

import pytest
from playwright.sync_api import expect

from newsletter import tokens
from newsletter.models import Subscriber
from research.models import Answer, Question
from tests.browser.conftest import sign_in
from tests.factories import SubscriberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_subscriber_answers_after_confirming_and_the_editor_sees_it_grouped(
    page, live_server, home_page, editor, new_context
):
    question = Question.objects.create(
        text="What do you need most?", kind=Question.Kind.CHOICE, options="First users\nWriting help\nA bigger list"
    )
    earlier = SubscriberFactory(email="early@example.com", status="confirmed")
    Answer.objects.create(
        subscriber=earlier, question=question, question_text=question.text, option="First users", text="a landing page"
    )
    reader = SubscriberFactory(email="grace@example.com", source_path="/pricing/", utm_source="hackernews")

    page.goto(f"{live_server.url}/newsletter/confirm/{tokens.confirm_token(reader)}/")
    page.get_by_role("button", name="Confirm my subscription").click()
    expect(page.locator("h1")).to_have_text("You're subscribed")
    section = page.locator("[data-research-question]")
    expect(section).to_contain_text("What do you need most?")
    section.get_by_label("First users").check()
    section.get_by_label("Anything to add? (optional)").fill("Honestly, a landing page that converts.")
    section.get_by_role("button", name="Send my answer").click()
    expect(page.locator("#main").get_by_role("status").first).to_contain_text("We read every answer")
    assert Subscriber.objects.get(pk=reader.pk).status == Subscriber.Status.CONFIRMED
    assert Answer.objects.get(subscriber=reader).option == "First users"

    admin = sign_in(new_context().new_page(), live_server.url)
    admin.get_by_role("button", name="Research").click()
    admin.get_by_role("link", name="Answers report").click()
    expect(admin.locator("[data-question]")).to_have_text("What do you need most?")
    group = admin.locator('[data-report-section="options"] [data-group="First users"]')
    expect(group.locator("[data-count]")).to_have_text("2")
    group.locator("summary").click()
    expect(group).to_contain_text("Honestly, a landing page that converts.")
    expect(group).to_contain_text("landed on /pricing/")
    phrase = admin.locator('[data-term="landing page"]')
    expect(phrase.locator("[data-count]")).to_have_text("2")

    row = admin.locator("[data-answer]", has_text="Honestly")
    row.get_by_label("Select this answer").check()
    admin.get_by_label("Tag", exact=True).fill("landing pages")
    admin.get_by_role("button", name="Apply tag").click()
    expect(admin.get_by_text("Tagged “landing pages” on 1 answer.")).to_be_visible()
    tagged = admin.locator('[data-report-section="tags"] [data-group="landing pages"]')
    expect(tagged.locator("[data-count]")).to_have_text("1")
