"""Hostile input: every public form and query parameter, fuzzed with hypothesis, never gets a 5xx.

Requests go through Django's test client with the real middleware, caches on, and `raise_request_exception=False`,
so a crash shows as the 500 a visitor would get. Each test counts its requests; `pytest -s` prints the totals that
docs/reliability.md ("Hostile input") records.
"""

import json
from collections import Counter
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from newsletter import tokens
from newsletter.forms import started_token
from newsletter.models import Tag
from tests.factories import ResourcePageFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

FUZZ = hypothesis_settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
COUNTS = Counter()

# Values that broke, or could break, parsers: Unicode digits, huge and negative numbers, NUL, markup, traversal.
NASTY = [
    "²", "٣", "\uff11\uff12", "\U0001d7d8", "99999999999999999999999", str(2**63), "-1", "0", "1e10", "0x10",
    "\x00", "%00", "%",
    "' OR 1=1 --", "<script>alert(1)</script>", "../../etc/passwd", "a" * 3000, "", " ", "null", "[]", "{}",
    "=1+2", "@SUM(1)", "\r\nSet-Cookie: x=1", "javascript:alert(1)", "//evil.example", "😀" * 50, "ﷺ",
]  # fmt: skip
text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
value = st.one_of(st.sampled_from(NASTY), text, st.integers().map(str))
segment = st.one_of(st.sampled_from(NASTY), text).map(lambda raw: quote(raw, safe="") or "x")
address = st.ip_addresses(v=4).map(str)


def params(names):
    return st.dictionaries(st.sampled_from(names), value, max_size=len(names))


def send(method, path, data=None, remote_addr="127.0.0.1", **extra):
    """One request through the whole stack; counts it and any 5xx, and answers the response."""
    client = Client(raise_request_exception=False)
    if method == "GET":
        response = client.get(path, data or {}, REMOTE_ADDR=remote_addr, **extra)
    elif isinstance(data, bytes | str):
        response = client.post(path, data, content_type=extra.pop("content_type", "application/json"), **extra)
    else:
        response = client.post(path, data or {}, REMOTE_ADDR=remote_addr, **extra)
    COUNTS["requests"] += 1
    if response.status_code >= 500:
        COUNTS["5xx"] += 1
    assert response.status_code < 500, (method, path, data, response.status_code)
    return response


@pytest.fixture(scope="module", autouse=True)
def report_counts():
    yield
    print(f"\nHostile input: {COUNTS['requests']} requests, {COUNTS['5xx']} answered 5xx")


@pytest.fixture
def site(post, blog, directory):
    for number in range(3):
        ResourcePageFactory(parent=directory, title=f"Tool {number}")
    reader = SubscriberFactory(email="reader@example.com", status="confirmed")
    Tag.objects.create(name="Launches", public=True)
    return {"post": post, "blog": blog, "directory": directory, "reader": reader}


@FUZZ
@given(query=params(["page", "q", "category", "kind", "pricing", "tag", "sort", "utm_source", "ref"]))
def test_resources_directory_filters_and_pagination(site, query):
    send("GET", "/resources/", query)


@FUZZ
@given(target=st.one_of(st.integers(min_value=-1, max_value=2**70).map(str), segment))
def test_outbound_clicks(site, target):
    send("GET", f"/resources/go/{target}/")


@FUZZ
@given(form=params(["name", "url", "why", "email", "website", "ts"]), ip=address)
def test_resource_suggestion_form(site, form, ip):
    send("POST", "/resources/suggest/", form, remote_addr=ip)
    send("GET", "/resources/suggest/", {"sent": form.get("name", "1")})


@FUZZ
@given(query=params(["page", "q"]), tag=segment, author=segment)
def test_blog_index_tag_and_author_pages_and_feeds(site, query, tag, author):
    send("GET", "/blog/", query)
    send("GET", f"/blog/tag/{tag}/", query)
    send("GET", f"/blog/author/{author}/", query)
    send("GET", f"/blog/tag/{tag}/rss/")
    send("GET", "/blog/atom/", query)


@FUZZ
@given(query=params(["q", "page"]))
def test_site_search(site, query):
    send("GET", "/search/", query)


@FUZZ
@given(post_id=st.one_of(st.integers(min_value=0, max_value=2**70).map(str), segment), instance=value)
def test_share_links(site, post_id, instance):
    send("GET", f"/blog/share/mastodon/{post_id}/", {"instance": instance})
    send("GET", f"/blog/share/mastodon/{site['post'].pk}/", {"instance": instance})


@FUZZ
@given(
    form=params(["email", "source_page", "referrer", "utm_source", "utm_medium", "utm_campaign", "website", "started"]),
    fresh=st.booleans(),
    as_json=st.booleans(),
    ip=address,
)
def test_newsletter_signup(site, form, fresh, as_json, ip):
    if fresh:
        form["started"] = started_token(0) if form.get("started") == "" else started_token()
    headers = {"HTTP_ACCEPT": "application/json"} if as_json else {}
    send("POST", "/newsletter/subscribe/", form, remote_addr=ip, **headers)
    send("GET", "/newsletter/subscribe/start/", form)


@FUZZ
@given(token=segment, form=st.dictionaries(st.sampled_from(["topics", "subscribed"]), st.lists(value, max_size=4)))
def test_newsletter_confirm_preferences_and_unsubscribe_links(site, token, form):
    manage = tokens.manage_token(site["reader"])
    for path in (f"/newsletter/confirm/{token}/", f"/newsletter/preferences/{token}/", f"/newsletter/u/{token}/"):
        send("GET", path)
        send("POST", path, form)
    send("POST", f"/newsletter/preferences/{manage}/", form)
    send("GET", f"/newsletter/preferences/{manage}/data.json")
    send("GET", f"/newsletter/preferences/{token}/delete/")


@FUZZ
@given(query=params(["page"]), slug=segment)
def test_newsletter_archive_and_feed(site, query, slug):
    send("GET", "/newsletter/archive/", query)
    send("GET", f"/newsletter/archive/{slug}/")
    send("GET", "/newsletter/archive/feed/", query)


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), value),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(value, children, max_size=4),
    max_leaves=12,
)
beacon = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "path": value, "referrer": value, "utm_source": value, "utm_medium": value, "utm_campaign": value,
            "event": value, "target": value, "width": json_values, "title": value,
        },
    ),
    json_values,
)  # fmt: skip


@FUZZ
@given(body=st.one_of(beacon.map(json.dumps), st.binary(max_size=200)), ip=address)
def test_analytics_collect(site, body, ip):
    send("POST", "/analytics/collect", body, content_type="text/plain", REMOTE_ADDR=ip)


@FUZZ
@given(query=params(["p", "page"]), section=segment)
def test_sitemaps_robots_and_feeds(site, query, section):
    send("GET", "/sitemap.xml", query)
    send("GET", f"/sitemap-{section}.xml", query)
    send("GET", "/sitemap-pages.xml", query)
    send("GET", "/robots.txt", query)
    send("GET", "/blog/rss/", query)


@FUZZ
@given(body=st.one_of(json_values.map(json.dumps), st.binary(max_size=200)), auth=st.sampled_from([None, "x", "good"]))
def test_email_webhooks(site, settings, body, auth):
    settings.ESP = "postmark"
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:s3cret"}
    headers = {}
    if auth == "good":
        headers["HTTP_AUTHORIZATION"] = "Basic aG9vazpzM2NyZXQ="  # hook:s3cret
    elif auth:
        headers["HTTP_AUTHORIZATION"] = auth
    send("POST", "/anymail/postmark/tracking/", body, **headers)
