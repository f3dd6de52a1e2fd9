"""Changing the question starts a new round; earlier answers keep the question they answered."""

import pytest

from research.models import Answer, Question

pytestmark = pytest.mark.django_db


def edit_url(question):
    return f"/admin/snippets/research/question/edit/{question.pk}/"


def form_data(question, **changes):
    return {"text": question.text, "kind": question.kind, "options": question.options, "active": "on", **changes}


def test_rewording_an_answered_question_starts_a_new_round(admin_client, question, subscriber):
    Answer.objects.create(subscriber=subscriber, question=question, question_text=question.text, text="hi")
    response = admin_client.post(edit_url(question), form_data(question, text="What made you sign up?"))
    assert response.status_code == 302
    old, new = Question.objects.get(pk=question.pk), Question.objects.current()
    assert new.pk != old.pk and new.text == "What made you sign up?"
    assert old.text == "What brought you here?" and not old.active
    assert list(old.answers.values_list("text", flat=True)) == ["hi"]
    assert not new.answers.exists()


def test_rewording_a_question_nobody_answered_just_changes_it(admin_client, question):
    admin_client.post(edit_url(question), form_data(question, text="Better words?"))
    question.refresh_from_db()
    assert question.text == "Better words?" and Question.objects.current() == question


def test_a_choice_needs_two_options(admin_client, question):
    response = admin_client.post(edit_url(question), form_data(question, kind="choice", options="Only one"))
    assert response.status_code == 200
    assert "at least two options" in response.content.decode()


def test_asking_a_new_question_archives_the_old_one_with_its_answers(admin_client, question, subscriber):
    Answer.objects.create(subscriber=subscriber, question=question, question_text=question.text, text="hi")
    admin_client.post(
        "/admin/snippets/research/question/add/", {"text": "New?", "kind": "text", "options": "", "active": "on"}
    )
    question.refresh_from_db()
    assert not question.active and question.answers.count() == 1
    assert Question.objects.current().text == "New?"


def test_the_question_list_counts_the_answers_of_each_round(admin_client, question, subscriber):
    Answer.objects.create(subscriber=subscriber, question=question, question_text=question.text, text="hi")
    page = admin_client.get("/admin/snippets/research/question/").content.decode()
    assert "What brought you here?" in page and ">1<" in page.replace(" ", "").replace("\n", "")
