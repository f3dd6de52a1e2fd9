import pytest
from bs4 import BeautifulSoup
from django.test import Client

from newsletter.models import Subscriber

pytestmark = pytest.mark.django_db

URL = "/newsletter/subscribe/"


def test_signup_stores_the_address_and_redirects_to_thanks(client, home_page):
    response = client.post(URL, {"email": "Ada@Example.COM", "source_page": str(home_page.pk)})
    assert response.status_code == 302
    assert response["Location"] == "/newsletter/thanks/"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "Ada@example.com"
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.source_page_id == home_page.pk
    assert client.get(response["Location"]).status_code == 200


def test_same_address_in_another_case_is_not_duplicated_and_answers_the_same(client, home_page):
    first = client.post(URL, {"email": "ada@example.com"}, HTTP_ACCEPT="application/json")
    again = client.post(URL, {"email": "ADA@EXAMPLE.com"}, HTTP_ACCEPT="application/json")
    assert first.status_code == again.status_code == 200
    assert (
        first.json()
        == again.json()
        == {"ok": True, "message": "Almost there! Check your inbox and click the link to confirm your address."}
    )
    assert Subscriber.objects.count() == 1


def test_database_refuses_case_variants_too(home_page):
    Subscriber.objects.create(email="bob@example.com")
    subscriber, created = Subscriber.objects.subscribe("BOB@example.com")
    assert not created and subscriber.email == "bob@example.com"


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter your email address."),
        ("not-an-address", "Enter a valid email address"),
        ("a@b", "Enter a valid email address"),
        ("nul\x00byte@example.com", "Enter a valid email address"),
        ("x" * 250 + "@example.com", "too long"),
    ],
)
def test_bad_addresses_get_a_clear_message_and_store_nothing(client, home_page, email, message):
    response = client.post(URL, {"email": email})
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    assert message in soup.select_one("[role=alert]").get_text()
    assert Subscriber.objects.count() == 0

    response = client.post(URL, {"email": email}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert message in response.json()["errors"]["email"][0]


def test_unicode_domain_is_stored_in_ascii_form(client, home_page):
    client.post(URL, {"email": "anna@Bücher.example"})
    client.post(URL, {"email": "anna@xn--bcher-kva.example"})
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["anna@xn--bcher-kva.example"]


def test_unicode_local_part_gets_a_clear_message(client, home_page):
    response = client.post(URL, {"email": "jürgen@example.com"})
    assert response.status_code == 400
    assert Subscriber.objects.count() == 0


def test_a_form_without_its_csrf_token_is_refused_with_a_page(home_page):
    # The preferences, confirm and admin forms keep CSRF protection; the failure page says what happened.
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "ada", "password": "x"})
    assert response.status_code == 403
    assert "form has expired" in response.content.decode()


def test_signup_takes_forms_from_cached_pages_which_carry_no_csrf_token(home_page):
    client = Client(enforce_csrf_checks=True)
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    assert not soup.select_one("form[data-signup-form] input[name=csrfmiddlewaretoken]")
    response = client.post(URL, {"email": "ada@example.com"})
    assert response.status_code == 302
    assert Subscriber.objects.filter(email="ada@example.com").exists()


def test_attribution_from_hidden_fields(client, home_page):
    client.post(
        URL,
        {
            "email": "ada@example.com",
            "referrer": "https://news.ycombinator.com/item?id=1",
            "utm_source": "hn",
            "utm_medium": "social",
            "utm_campaign": "launch",
        },
    )
    subscriber = Subscriber.objects.get()
    assert subscriber.referrer == "https://news.ycombinator.com/item?id=1"
    assert (subscriber.utm_source, subscriber.utm_medium, subscriber.utm_campaign) == ("hn", "social", "launch")


def test_attribution_without_javascript_comes_from_the_form_page(client, home_page):
    client.post(
        URL,
        {"email": "ada@example.com"},
        HTTP_REFERER="http://testserver/blog/post/?utm_source=newsletter&utm_campaign=spring",
    )
    subscriber = Subscriber.objects.get()
    assert subscriber.source_path == "/blog/post/"
    assert (subscriber.utm_source, subscriber.utm_campaign) == ("newsletter", "spring")


def test_foreign_referer_header_is_not_trusted(client, home_page):
    client.post(URL, {"email": "ada@example.com"}, HTTP_REFERER="https://evil.example/?utm_source=spoof")
    subscriber = Subscriber.objects.get()
    assert subscriber.utm_source == "" and subscriber.source_path == ""


def test_garbage_hidden_fields_are_dropped_not_fatal(client, home_page):
    response = client.post(
        URL,
        {"email": "ada@example.com", "source_page": "99999999999999999999", "referrer": "r" * 5000},
    )
    assert response.status_code == 302
    subscriber = Subscriber.objects.get()
    assert subscriber.source_page_id is None
    assert len(subscriber.referrer) == 500


def test_unknown_source_page_is_ignored(client, home_page):
    client.post(URL, {"email": "ada@example.com", "source_page": "424242"})
    assert Subscriber.objects.get().source_page_id is None


def test_get_shows_the_form_and_other_methods_are_refused(client, home_page):
    assert client.get(URL).status_code == 200
    assert client.put(URL).status_code == 405
