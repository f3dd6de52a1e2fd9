import random
import time

import pytest
from bs4 import BeautifulSoup
from django.core import mail, signing

from newsletter.forms import started_token
from newsletter.models import BlockedDomain, Subscriber

pytestmark = pytest.mark.django_db

URL = "/newsletter/subscribe/"


def post(client, email="ada@example.com", ip="127.0.0.1", **data):
    return client.post(URL, {"email": email, **data}, HTTP_ACCEPT="application/json", REMOTE_ADDR=ip)


def test_honeypot_gets_the_normal_answer_and_stores_nothing(client, home_page):
    normal = post(client, "human@example.com")
    bot = post(client, "bot@example.com", website="http://spam.example")
    assert bot.status_code == normal.status_code and bot.json() == normal.json()
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["human@example.com"]


def test_forms_sent_faster_than_a_person_could_are_ignored(client, home_page, settings):
    settings.NEWSLETTER_MIN_FILL_SECONDS = 3
    fast = post(client, "fast@example.com", started=started_token())
    forged = post(client, "forged@example.com", started="12345")
    slow = post(client, "slow@example.com", started=started_token(time.time() - 10))
    assert fast.json() == forged.json() == slow.json()
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["slow@example.com"]


def test_a_form_without_a_start_time_comes_back_asking_once_more_with_a_fresh_one(client, home_page, settings):
    settings.NEWSLETTER_MIN_FILL_SECONDS = 3
    answer = post(client, "script@example.com").json()
    assert answer["ok"] is False and "once more" in answer["errors"]["__all__"][0]
    assert not Subscriber.objects.exists()
    # Sent again at once with the fresh time: still too fast. A person takes longer.
    post(client, "script@example.com", started=answer["started"])
    assert not Subscriber.objects.exists()


def test_without_javascript_the_second_press_subscribes(client, home_page, settings):
    settings.NEWSLETTER_MIN_FILL_SECONDS = 3
    page = client.post(URL, {"email": "nojs@example.com"})
    soup = BeautifulSoup(page.content, "html.parser")
    assert "once more" in soup.select_one("[role=status]").text
    assert soup.select_one("input[name=email]")["value"] == "nojs@example.com"
    started = soup.select_one("input[name=started]")["value"]
    assert signing.loads(started, salt="newsletter.form-started") <= time.time()
    later = started_token(time.time() - 5)  # the same form, pressed five seconds later
    assert client.post(URL, {"email": "nojs@example.com", "started": later}).status_code == 302
    assert Subscriber.objects.filter(email="nojs@example.com").exists()


def test_a_start_time_signs_up_once_and_expires(client, home_page, settings):
    settings.NEWSLETTER_MIN_FILL_SECONDS = 1
    settings.NEWSLETTER_FORM_MAX_AGE = 60
    token = started_token(time.time() - 5)
    for n in range(5):
        post(client, f"reuse{n}@example.com", started=token)
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["reuse0@example.com"]
    old = post(client, "old@example.com", started=started_token(time.time() - 120)).json()
    assert old["ok"] is False and old["started"]
    assert not Subscriber.objects.filter(email="old@example.com").exists()


def test_the_form_token_endpoint_is_never_cached(client, home_page):
    response = client.get("/newsletter/subscribe/start/")
    assert "no-store" in response["Cache-Control"]
    assert signing.loads(response.json()["started"], salt="newsletter.form-started") <= time.time() + 1


def test_rendered_forms_carry_the_honeypot_and_timestamp(client, home_page):
    html = client.get("/newsletter/subscribe/").content.decode()
    assert 'name="website"' in html and 'name="started"' in html


def test_rate_limit_per_ip(client, home_page, settings):
    settings.NEWSLETTER_RATE_PER_IP = "3/h"
    answers = [post(client, f"person{n}@example.com", ip="198.51.100.7") for n in range(5)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429, 429]
    assert "Too many signups" in answers[-1].json()["errors"]["__all__"][0]
    assert post(client, "other@example.com", ip="198.51.100.8").status_code == 200
    assert Subscriber.objects.count() == 4


@pytest.mark.parametrize("proxies", [0, 1])
def test_spoofed_forwarded_headers_do_not_escape_the_rate_limit_per_ip(client, home_page, settings, proxies):
    settings.TRUSTED_PROXY_COUNT = proxies
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # as in production, which must not matter
    spoofer = random.Random(proxies)
    statuses = []
    for n in range(100):
        forged = ", ".join(f"{spoofer.randrange(1, 224)}.{spoofer.randrange(256)}.0.{n}" for _ in range(n % 3 + 1))
        # Behind a proxy, the proxy appends the address it was connected from: the same client every time.
        header = f"{forged}, 198.51.100.7" if proxies else forged
        response = client.post(
            URL,
            {"email": f"person{n}@example.com"},
            HTTP_ACCEPT="application/json",
            REMOTE_ADDR="10.0.0.1" if proxies else "198.51.100.7",
            HTTP_X_FORWARDED_FOR=header,
        )
        statuses.append(response.status_code)
    assert statuses == [200] * 20 + [429] * 80
    assert Subscriber.objects.count() == 20


def test_rate_limit_per_address_is_silent_and_same_for_known_and_unknown(client, home_page, settings):
    settings.NEWSLETTER_RATE_PER_ADDRESS = "2/h"
    settings.NEWSLETTER_RESEND_MINUTES = 0
    Subscriber.objects.create(email="known@example.com", status=Subscriber.Status.CONFIRMED)
    known = [post(client, "known@example.com").json() for _ in range(4)]
    unknown = [post(client, "victim@example.com").json() for _ in range(4)]
    assert known == unknown
    assert len([m for m in mail.outbox if m.to == ["victim@example.com"]]) == 2


def test_blocked_domains_and_their_subdomains(client, home_page):
    assert BlockedDomain.objects.filter(domain="mailinator.com").exists()  # seeded
    BlockedDomain.objects.create(domain="  @Spam.Example ")
    for email in ("x@mailinator.com", "x@sub.spam.example"):
        response = post(client, email)
        assert response.status_code == 400
        assert "permanent email address" in response.json()["errors"]["email"][0]
    assert post(client, "x@notspam.example").status_code == 200
    assert Subscriber.objects.count() == 1
