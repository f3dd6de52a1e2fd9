"""Hostile input on the question page and the report's filters: never a 5xx, and nothing stored that breaks the
limits (tests/hardening/test_fuzz.py's harness)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsletter import tokens
from research.models import MAX_ANSWER, MAX_OPTION, Answer, Question
from tests.factories import SubscriberFactory
from tests.hardening.test_fuzz import FUZZ, address, params, segment, send, value

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(home_page):
    Question.objects.create(text="What do you need?", kind=Question.Kind.CHOICE, options="Users\nWords")
    return SubscriberFactory(email="reader@example.com", status="confirmed")


@FUZZ
@given(form=st.dictionaries(st.sampled_from(["option", "text"]), value, max_size=2), token=segment, ip=address)
def test_the_question_page_takes_any_input_without_a_server_error(reader, form, token, ip):
    manage = tokens.manage_token(reader)
    send("GET", f"/question/{token}/")
    send("POST", f"/question/{token}/", form, remote_addr=ip)
    send("POST", f"/question/{manage}/", form, remote_addr=ip)
    for answer in Answer.objects.all():
        assert answer.option in ("", "Users", "Words") and len(answer.option) <= MAX_OPTION
        assert len(answer.text) <= MAX_ANSWER and "\x00" not in answer.text


@FUZZ
@given(query=params(["question", "option", "tag", "term", "page", "format"]))
def test_the_report_filters_take_any_input(admin_client, reader, query):
    response = admin_client.get("/admin/research/report/", query)
    assert response.status_code < 500


@FUZZ
@given(answers=st.lists(value, max_size=4), tag=value, remove=value)
def test_bulk_tagging_takes_any_input(admin_client, reader, answers, tag, remove):
    response = admin_client.post("/admin/research/report/", {"answers": answers, "tag": tag, "remove": remove})
    assert response.status_code < 500
