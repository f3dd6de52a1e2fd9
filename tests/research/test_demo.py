"""The demo's customer question: a handful of answers (options and words, some tagged) grouped in the report."""

import pytest
from bs4 import BeautifulSoup

from research.demo import QUESTION, load_research
from research.models import Answer, AnswerTag, Question

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "questions": list(Question.objects.values_list("pk", "text", "active")),
        "answers": list(Answer.objects.order_by("pk").values_list("pk", "option", "text")),
        "tags": list(AnswerTag.objects.values_list("name", "answers")),
    }


def test_the_demo_question_has_tagged_option_and_text_answers_and_loads_twice_the_same(admin_client):
    load_research()
    first = snapshot()
    load_research()
    assert snapshot() == first

    question = Question.objects.current()
    assert question.text == QUESTION and question.is_choice
    answers = question.answers.all()
    assert answers.count() >= 6
    assert answers.exclude(option="").exists() and answers.filter(option="").exists()
    assert answers.filter(tags__isnull=False).exists() and answers.filter(tags__isnull=True).exists()

    page = BeautifulSoup(admin_client.get("/admin/research/report/").content, "html.parser")
    assert page.select('[data-report-section="options"] [data-group]')
    assert page.select('[data-report-section="tags"] [data-group]')
    assert page.select("[data-term]")  # shared words and phrases ("landing page", "email list")


def test_the_demo_keeps_a_question_the_editor_asked_since():
    load_research()
    mine = Question.objects.create(text="My own question?")
    load_research()
    assert Question.objects.current() == mine
