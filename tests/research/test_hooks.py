"""Research through the hooks: the confirmation page and the welcome email ask the question, the profile and the JSON
download show the answers, the digest reports new ones, the launch checklist knows whether a question is set."""

import json
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import RequestFactory
from django.utils import timezone

from newsletter import tokens
from newsletter.models import Subscriber
from research import wagtail_hooks
from research.models import DEFAULT_QUESTION, Answer, AnswerTag, Question, ResearchSettings
from tests.admin_users import admin_editor
from tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def pending(db):
    return SubscriberFactory(email="new@example.com")


def confirm_url(subscriber):
    return f"/newsletter/confirm/{tokens.confirm_token(subscriber)}/"


def test_the_confirmation_page_asks_the_question_and_the_answer_is_stored(client, home_page, pending, question):
    page = soup(client.post(confirm_url(pending)))
    form = page.select_one("[data-research-question] form")
    assert "What brought you here?" in form.get_text()
    assert form.find("input", {"name": "csrfmiddlewaretoken"})
    response = client.post(form["action"], {"text": "To launch my app"})
    assert "Thanks for your answer" in soup(response).get_text()
    assert Answer.objects.get(subscriber=pending).text == "To launch my app"


def test_the_confirmation_page_does_not_ask_when_turned_off_or_already_answered(client, home_page, pending, question):
    settings = ResearchSettings.load()
    settings.ask_on_confirmation = False
    settings.save()
    assert not soup(client.post(confirm_url(pending))).select("[data-research-question]")
    settings.ask_on_confirmation = True
    settings.save()
    Answer.objects.create(subscriber=pending, question=question, question_text=question.text, text="done")
    assert not soup(client.post(confirm_url(pending))).select("[data-research-question]")


def test_the_welcome_email_links_to_the_same_form(client, home_page, pending, question):
    client.post(confirm_url(pending))
    welcome = mail.outbox[-1]
    assert "What brought you here?" in welcome.body
    link = next(url for url in welcome.alternatives[0][0].split('"') if "/question/" in url)
    path = link.split("testserver", 1)[-1].split("?")[0]
    form = soup(client.get(path)).select_one("form[data-research-form]")
    assert "What brought you here?" in form.get_text()


def test_the_welcome_email_has_no_question_when_turned_off(client, home_page, pending, question):
    settings = ResearchSettings.load()
    settings.ask_in_welcome_email = False
    settings.save()
    client.post(confirm_url(pending))
    assert "/question/" not in mail.outbox[-1].body


def test_the_json_download_includes_the_answers(client, subscriber, choice_question):
    answer = Answer.objects.create(
        subscriber=subscriber, question=choice_question, question_text=choice_question.text, option="Users", text="hi"
    )
    answer.tags.add(AnswerTag.objects.create(name="launch"))
    response = client.get(f"/newsletter/preferences/{tokens.manage_token(subscriber)}/data.json")
    data = json.loads(response.content)
    assert data["research_answers"] == [
        {
            "question": "What do you need most?",
            "option": "Users",
            "text": "hi",
            "tags": ["launch"],
            "answered_at": answer.created_at.isoformat(),
        }
    ]


def test_deleting_the_subscriber_deletes_their_answers(client, subscriber, question):
    Answer.objects.create(subscriber=subscriber, question=question, question_text=question.text, text="hi")
    client.post(f"/newsletter/preferences/{tokens.manage_token(subscriber)}/delete/")
    assert not Subscriber.objects.exists()
    assert not Answer.objects.exists()
    assert Question.objects.filter(pk=question.pk).exists()


def test_the_profile_section_shows_the_answer_to_those_who_may_read_answers(subscriber, question):
    Answer.objects.create(subscriber=subscriber, question=question, question_text=question.text, text="Pricing help")
    request = RequestFactory().get("/")
    request.user = admin_editor("research.view_answer")
    [section] = wagtail_hooks.research_answer_on_profile(request, subscriber)
    assert section["heading"] == "Customer question" and section["order"] == 60
    assert "Pricing help" in section["html"] and "What brought you here?" in section["html"]
    request.user = admin_editor(username="other")
    assert wagtail_hooks.research_answer_on_profile(request, subscriber) == []


def test_the_weekly_digest_counts_the_new_answers_and_quotes_the_latest(subscriber, question):
    today = timezone.localdate()
    for n in range(4):
        Answer.objects.create(
            subscriber=SubscriberFactory(), question=question, question_text=question.text, text=f"answer {n}"
        )
    Answer.objects.create(
        subscriber=subscriber,
        question=question,
        question_text=question.text,
        text="old",
        created_at=timezone.now() - timedelta(days=30),
    )
    [section] = wagtail_hooks.new_answers_in_digest(today - timedelta(days=6), today)
    assert section["heading"] == "New answers to your question"
    assert section["items"][0]["text"] == "4 new answers to your customer question"
    assert section["items"][0]["url"].startswith("http")
    assert len(section["items"]) == 4
    assert wagtail_hooks.new_answers_in_digest(today - timedelta(days=60), today - timedelta(days=40)) == []


def test_the_checklist_item_is_done_once_the_question_is_the_editors_own_or_answered(subscriber):
    request = RequestFactory().get("/")
    [item] = wagtail_hooks.question_checklist_item(request)
    assert Question.objects.current().text == DEFAULT_QUESTION
    assert (item["key"], item["label"], item["order"], item["done"]) == (
        "customer_question",
        "Customer question set",
        80,
        False,
    )
    default = Question.objects.current()
    Answer.objects.create(subscriber=subscriber, question=default, question_text=default.text, text="hi")
    assert wagtail_hooks.question_checklist_item(request)[0]["done"]
    Question.objects.create(text="Why are you here?")
    assert wagtail_hooks.question_checklist_item(request)[0]["done"]
    Question.objects.update(active=False)
    assert not wagtail_hooks.question_checklist_item(request)[0]["done"]
