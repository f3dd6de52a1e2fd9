"""The question page: a subscriber answers (or changes their answer) through their own link; bad input gets a clear
message, never a 500, and the page is never cached."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from research.models import Answer, Question

from .conftest import answer_path

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_a_subscriber_answers_the_question_in_their_own_words(client, subscriber, question):
    page = client.get(answer_path(subscriber))
    assert page.status_code == 200
    assert "What brought you here?" in soup(page).get_text()
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]

    response = client.post(answer_path(subscriber), {"text": "  A landing page that works  "})
    assert response.status_code == 200
    assert "Thanks for your answer" in soup(response).get_text()
    answer = Answer.objects.get()
    assert (answer.subscriber, answer.question, answer.text) == (subscriber, question, "A landing page that works")
    assert answer.question_text == "What brought you here?"


def test_a_subscriber_changes_their_answer_and_it_stays_one_answer(client, subscriber, question):
    client.post(answer_path(subscriber), {"text": "first thought"})
    page = client.get(answer_path(subscriber))
    assert soup(page).find("textarea").get_text().strip() == "first thought"
    response = client.post(answer_path(subscriber), {"text": "second thought"})
    assert "Your answer is updated" in soup(response).get_text()
    assert list(Answer.objects.values_list("text", flat=True)) == ["second thought"]


def test_a_choice_question_takes_one_of_its_options_and_an_optional_comment(client, subscriber, choice_question):
    radios = soup(client.get(answer_path(subscriber))).select('input[type="radio"]')
    assert [radio["value"] for radio in radios] == ["Users", "Words", "Money"]
    client.post(answer_path(subscriber), {"option": "Words", "text": ""})
    assert Answer.objects.get().option == "Words"


def test_an_option_that_is_not_offered_is_refused_with_a_message(client, subscriber, choice_question):
    response = client.post(answer_path(subscriber), {"option": "Fame"})
    assert response.status_code == 400
    assert "Select a valid choice" in soup(response).get_text()
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [({"text": "   "}, "Write a few words first."), ({"text": "x" * 1001}, "at most 1000 characters")],
)
def test_an_empty_or_too_long_answer_gets_a_clear_message(client, subscriber, question, data, message):
    response = client.post(answer_path(subscriber), data)
    assert response.status_code == 400
    assert message in soup(response).get_text()
    assert not Answer.objects.exists()


def test_a_broken_link_says_so(client, subscriber, question):
    response = client.get("/question/not-a-token/")
    assert response.status_code == 400
    assert "This link isn't valid" in soup(response).get_text()


def test_with_no_question_asked_the_page_says_there_is_nothing_to_answer(client, subscriber):
    Question.objects.update(active=False)
    response = client.get(answer_path(subscriber))
    assert response.status_code == 404
    assert "No question right now" in soup(response).get_text()


def test_the_answer_form_needs_its_csrf_token(subscriber, question):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(answer_path(subscriber), {"text": "hello"}).status_code == 403
    page = strict.get(answer_path(subscriber))
    token = soup(page).find("input", {"name": "csrfmiddlewaretoken"})["value"]
    assert strict.post(answer_path(subscriber), {"text": "hello", "csrfmiddlewaretoken": token}).status_code == 200
    assert Answer.objects.get().text == "hello"


def test_answers_are_rate_limited_per_address(client, subscriber, question, settings):
    settings.RESEARCH_ANSWER_RATE = "2/h"
    assert client.post(answer_path(subscriber), {"text": "one"}).status_code == 200
    assert client.post(answer_path(subscriber), {"text": "two"}).status_code == 200
    response = client.post(answer_path(subscriber), {"text": "three"})
    assert response.status_code == 429
    assert "Too many answers" in soup(response).get_text()
    assert Answer.objects.get().text == "two"


def test_only_the_newest_active_question_is_asked(subscriber):
    first = Question.objects.create(text="First?")
    second = Question.objects.create(text="Second?")
    first.refresh_from_db()
    assert not first.active and second.active
    assert Question.objects.current() == second
