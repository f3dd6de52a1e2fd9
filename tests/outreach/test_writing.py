"""Templates fill in a fixed set of placeholders and nothing else; the mailto link carries exactly what was typed."""

from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from outreach import writing
from outreach.models import Contact, MessageTemplate

pytestmark = pytest.mark.django_db

FUZZ = hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)


def test_placeholders_are_filled_and_nothing_else_is_evaluated(settings):
    settings.WAGTAIL_SITE_NAME = "Launchkit"
    contact = Contact(name="Riley")
    template = MessageTemplate(
        subject="Hi {name}", body="{name} {site} {name.__class__} {0} {post} {missing} {{name}} %(name)s ${name}"
    )
    subject, body = writing.render(template, contact)
    assert subject == "Hi Riley"
    assert body == "Riley Launchkit {name.__class__} {0}  {missing} {Riley} %(name)s $Riley"


def test_a_subject_is_one_line_whatever_the_template_says():
    subject, _ = writing.render(MessageTemplate(subject="Hi\r\nBcc: everyone@example.com", body=""), Contact(name="x"))
    assert "\n" not in subject and "\r" not in subject


def test_a_contacts_name_with_placeholders_is_not_filled_twice():
    _, body = writing.render(MessageTemplate(subject="", body="{name} from {site}"), Contact(name="{site}"))
    assert body.startswith("{site} from ")


def test_the_mailto_link_is_percent_encoded_with_crlf_line_breaks():
    url = writing.mailto_url("a.b+c@example.com", "Hi & bye?", "Line one\nLine two & more=1#x")
    assert url.startswith("mailto:a.b%2Bc@example.com?subject=Hi%20%26%20bye%3F&body=")
    assert "%0D%0A" in url and "#" not in url and " " not in url


@FUZZ
@given(name=text, subject=text, body=text)
def test_any_template_and_name_render_and_round_trip_through_the_mailto_link(name, subject, body):
    contact = Contact(name=name, email="someone@example.com")
    rendered_subject, rendered_body = writing.render(MessageTemplate(subject=subject, body=body), contact)
    url = writing.mailto_url(contact.email, rendered_subject, rendered_body)
    parts = urlsplit(url)
    assert parts.scheme == "mailto" and unquote(parts.path) == "someone@example.com"
    query = parse_qs(parts.query, keep_blank_values=True)
    assert set(query) == {"subject", "body"}
    assert query["subject"] == [rendered_subject]
    expected_body = rendered_body.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
    assert query["body"] == [expected_body]


def test_the_word_count_counts_words():
    assert writing.word_count("Hi Riley,\n\nShort and human.") == 5
    assert writing.word_count("") == 0
