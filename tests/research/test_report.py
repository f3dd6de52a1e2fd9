"""The answers report: grouped by option, by tag and by frequent words and phrases, with where each answerer came
from; rounds; tagging; CSV; permissions; and a query count that does not grow with the answers."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from research.models import Answer, AnswerTag, Question
from tests.admin_users import denied, sign_in_editor
from tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

REPORT = "/admin/research/report/"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def answer(question, option="", text="", tags=(), **subscriber):
    made = Answer.objects.create(
        subscriber=SubscriberFactory(**subscriber),
        question=question,
        question_text=question.text,
        option=option,
        text=text,
    )
    made.tags.add(*[AnswerTag.objects.get_or_create(name=tag)[0] for tag in tags])
    return made


def count_of(page, selector):
    return int(page.select_one(selector).select_one("[data-count]").get_text())


def test_the_report_groups_answers_by_option_tag_and_frequent_phrases(admin_client, choice_question):
    answer(choice_question, "Users", "I need a landing page", ["launch"], source_path="/pricing/", utm_source="hn")
    answer(choice_question, "Users", "Which landing page builder?", ["launch"])
    answer(choice_question, "Words", "Blog post ideas", ["content"])
    page = soup(admin_client.get(REPORT))

    assert page.select_one("[data-total]").get_text() == "3"
    assert count_of(page, '[data-report-section="options"] [data-group="Users"]') == 2
    assert count_of(page, '[data-report-section="options"] [data-group="Words"]') == 1
    assert count_of(page, '[data-report-section="options"] [data-group="Money"]') == 0
    assert count_of(page, '[data-report-section="tags"] [data-group="launch"]') == 2
    assert count_of(page, '[data-term="landing page"]') == 2
    assert not page.select('[data-term="landing"]')  # the phrase says it, with the same answers
    # Each answer shows where its subscriber came from.
    sources = page.select_one('[data-group="Users"]').get_text()
    assert "landed on /pricing/" in sources and "utm hn" in sources


def test_filtering_by_a_phrase_lists_only_the_answers_using_it(admin_client, question):
    answer(question, text="Email list growth")
    answer(question, text="my email list is small")
    answer(question, text="Pricing")
    rows = soup(admin_client.get(REPORT, {"term": "email list"})).select("[data-answer]")
    assert len(rows) == 2


def test_the_query_count_does_not_grow_with_the_answers(admin_client, choice_question):
    answer(choice_question, "Users", "landing page", ["a"])
    admin_client.get(REPORT)  # warm caches (settings, permissions)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(REPORT)
    for n in range(15):
        answer(choice_question, "Words", f"landing page number {n}", ["a", f"t{n}"], source_path=f"/p{n}/")
    with CaptureQueriesContext(connection) as many:
        assert admin_client.get(REPORT).status_code == 200
    assert len(many) == len(few)


def test_editors_tag_selected_answers_in_bulk_and_can_remove_the_tag(admin_client, question):
    first, second, _third = (answer(question, text=f"answer {n}") for n in range(3))
    response = admin_client.post(REPORT, {"answers": [first.pk, second.pk], "tag": "  Pricing  "})
    assert response.status_code == 302
    assert {a.pk for a in AnswerTag.objects.get(name="Pricing").answers.all()} == {first.pk, second.pk}
    admin_client.post(REPORT, {"answers": [first.pk], "tag": "pricing", "remove": "1"})
    assert [a.pk for a in AnswerTag.objects.get(name="Pricing").answers.all()] == [second.pk]


def test_tagging_without_a_selection_or_a_tag_says_what_is_missing(admin_client, question):
    answer(question, text="hello")
    response = admin_client.post(REPORT, {"tag": "x"}, follow=True)
    assert "Select some answers first." in soup(response).get_text()
    assert not AnswerTag.objects.exists()


def test_answers_of_another_round_cannot_be_tagged_from_this_one(admin_client, question):
    old = Question.objects.create(text="Old?", active=False)
    other = answer(old, text="old answer")
    admin_client.post(REPORT, {"answers": [other.pk], "tag": "x"})
    assert not other.tags.exists()


def test_the_report_shows_one_round_at_a_time(admin_client, question):
    answer(question, text="new round answer")
    old = Question.objects.create(text="Earlier question?", active=False)
    answer(old, text="earlier answer")
    current = soup(admin_client.get(REPORT)).get_text()
    assert "new round answer" in current and "earlier answer" not in current
    earlier = soup(admin_client.get(REPORT, {"question": old.pk})).get_text()
    assert "earlier answer" in earlier and "new round answer" not in earlier
    assert admin_client.get(REPORT, {"question": "²"}).status_code == 200


def test_the_csv_has_the_answers_and_their_sources_with_formulas_neutralised(admin_client, question):
    answer(question, text="=1+2", tags=["odd"], utm_source="hn", source_path="/x/", email="secret@example.com")
    response = admin_client.get(REPORT, {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0]["text"] == "'=1+2"
    assert (rows[0]["utm_source"], rows[0]["landing_page"], rows[0]["tags"]) == ("hn", "/x/", "odd")
    assert "secret@example.com" not in response.content.decode()  # addresses are the subscriber export's business


def test_the_report_needs_the_report_permission_and_tagging_the_tag_permission(client, question):
    target = answer(question, text="hello")
    sign_in_editor(client, username="nobody")
    assert denied(client.get(REPORT))
    client.logout()
    sign_in_editor(client, "research.view_answer", username="reader")
    page = soup(client.get(REPORT))
    assert "hello" in page.get_text() and not page.select('input[name="answers"]')
    assert denied(client.post(REPORT, {"answers": [target.pk], "tag": "x"}))
    assert not AnswerTag.objects.exists()


def test_the_default_groups_may_ask_questions_and_read_and_tag_answers():
    from django.contrib.auth.models import Group

    for name in ("Editors", "Moderators"):
        codenames = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        assert {"view_answer", "change_answer", "change_question", "add_question"} <= codenames


def test_the_sidebar_has_one_research_entry_with_the_report(admin_client):
    page = admin_client.get("/admin/").content.decode()
    assert '"Research"' in page or "Research" in page
    assert REPORT in page
