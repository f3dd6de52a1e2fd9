import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertInHTML
from wagtail import hooks

from home.blocks import HomeStreamBlock
from home.models import NavigationSettings, SocialMediaSettings
from newsletter.forms import SignupForm
from tests.factories import (
    BlogIndexPageFactory,
    BlogPostPageFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
    StandardPageFactory,
    SubscriberFactory,
)
from tests.pagecache import forget_stored_pages

pytestmark = pytest.mark.django_db

FULL_BODY = [
    (
        "hero",
        {
            "eyebrow": "Beta",
            "headline": "Ship it, then say so",
            "subheading": "A subheading",
            "primary_cta": {"label": "Tour", "page": None, "external_url": "https://example.com/tour/"},
            "secondary_cta": {"label": "", "page": None, "external_url": ""},
            "show_signup": True,
        },
    ),
    (
        "value_propositions",
        {"heading": "Why", "intro": "", "items": [{"title": "Own your list", "text": "Yours."}]},
    ),
    (
        "social_proof",
        {
            "heading": "Loved",
            "show_subscriber_count": True,
            "subscriber_count_label": "readers",
            "minimum_count": 2,
            "testimonials": [{"quote": "Great tool.", "name": "Ada", "role": "Founder"}],
        },
    ),
    ("featured_posts", {"heading": "Latest posts", "posts": [], "count": 3}),
    ("featured_resources", {"heading": "Resources", "resources": [], "count": 3}),
    ("signup", {"heading": "Join", "text": "Emails.", "button_label": "Join now"}),
    (
        "call_to_action",
        {"heading": "Go", "text": "", "button": {"label": "Start", "page": None, "external_url": "https://e.com/"}},
    ),
    ("text", {"heading": "About", "body": "<p>Plain words.</p>"}),
]


@pytest.fixture
def landing(home_page):
    home_page.body = FULL_BODY
    home_page.save_revision().publish()
    blog = BlogIndexPageFactory(parent=home_page)
    BlogPostPageFactory(parent=blog, title="First post")
    resources = ResourceIndexPageFactory(parent=home_page)
    ResourcePageFactory(parent=resources, title="Segment", featured=True)
    return home_page


def test_every_block_type_is_covered_by_the_fixture():
    assert {name for name, _ in FULL_BODY} == set(HomeStreamBlock.base_blocks)


def test_landing_page_renders_every_block(client, landing):
    SubscriberFactory.create_batch(3, status="confirmed")
    SubscriberFactory(status="pending")
    response = client.get("/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Ship it, then say so"
    assert soup.select_one("[data-subscriber-count]").get_text(strip=True) == "3"
    assert "Great tool." in soup.select_one(".testimonial").get_text()
    assert [a.get_text(strip=True) for a in soup.select(".card__title a")] == ["First post", "Segment"]
    forms = soup.select("form[data-signup-form]")
    assert len(forms) == 3  # hero, signup section, footer
    assert len({form.select_one("input[type=email]")["id"] for form in forms}) == 3
    for form in forms:
        # Nothing per visitor in a page that may be cached: no CSRF token, and the start time comes from the script.
        assert not form.select_one("input[name=csrfmiddlewaretoken]")
        assert not form.select_one("input[name=started]").get("value")
        assert form["data-token-url"] == "/newsletter/subscribe/start/"
        assert form.select_one(f"label[for={form.select_one('input[type=email]')['id']}]")
    assert soup.select_one(".section--cta a.button")["href"] == "https://e.com/"


def test_signup_forms_carry_every_hidden_field_of_the_form_with_unique_ids(client, landing):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    hidden = [field.name for field in SignupForm().hidden_fields()]
    ids = set()
    for form in soup.select("form[data-signup-form]"):
        inputs = form.select("input[type=hidden]")
        assert [field["name"] for field in inputs] == hidden
        ids |= {field["id"] for field in inputs}
        # The page the form is on, for attribution; the rest is filled in by the script.
        assert form.select_one("input[name=source_page]")["value"] == str(landing.pk)
        assert not form.select_one("input[name=utm_source]").has_attr("value")
    assert len(ids) == 3 * len(hidden)


def test_subscriber_count_hidden_below_minimum(client, landing):
    SubscriberFactory(status="confirmed")
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    assert soup.select_one("[data-subscriber-count]") is None


def test_head_has_title_description_and_canonical(client, landing):
    landing.search_description = "Release notes your users actually read."
    landing.save_revision().publish()
    html = client.get("/").content.decode()
    head = html.split("</head>")[0] + "</head>"
    assertInHTML('<meta name="description" content="Release notes your users actually read.">', head)
    assertInHTML('<link rel="canonical" href="http://testserver/">', head)
    assertInHTML('<meta name="viewport" content="width=device-width, initial-scale=1">', head)


def test_navigation_comes_from_settings(client, landing):
    about = StandardPageFactory(parent=landing, title="About us", slug="about")
    nav = NavigationSettings.for_site(landing.get_site())
    nav.header_links = [
        ("link", {"page": about, "label": "", "external_url": ""}),
        ("link", {"page": None, "label": "Docs", "external_url": "https://docs.example.com/"}),
    ]
    nav.footer_links = [("link", {"page": about, "label": "Who we are", "external_url": ""})]
    nav.footer_text = "Made with care."
    nav.save()
    social = SocialMediaSettings.for_site(landing.get_site())
    social.accounts = [("account", {"network": "mastodon", "url": "https://mastodon.social/@lk", "handle": "@lk"})]
    social.save()

    soup = BeautifulSoup(client.get("/").content, "html.parser")
    header_links = [(a.get_text(strip=True), a["href"]) for a in soup.select("nav[aria-label=Main] a")]
    assert header_links == [("About us", "/about/"), ("Docs", "https://docs.example.com/")]
    assert [a.get_text(strip=True) for a in soup.select("nav[aria-label=Footer] a")] == ["Who we are"]
    assert soup.select_one(".site-footer__social a")["href"] == "https://mastodon.social/@lk"
    assert "Made with care." in soup.select_one(".site-footer__meta").get_text()

    # On the linked page, the link says so.
    soup = BeautifulSoup(client.get("/about/").content, "html.parser")
    assert soup.select_one("nav[aria-label=Main] a[aria-current=page]").get_text(strip=True) == "About us"


def test_skip_link_targets_main(client, landing):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    assert soup.select_one("a.skip-link")["href"] == "#main"
    assert soup.select_one("main#main")
    assert soup.html["lang"] == "en"


def count_queries(client, url):
    forget_stored_pages()  # a first render, not a stored page
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_landing_page_query_count_does_not_grow_with_content(client, landing):
    blog = landing.get_children().type(BlogIndexPageFactory._meta.model).first()
    client.get("/")  # warm Wagtail's site-root cache, as in production
    before = count_queries(client, "/")
    BlogPostPageFactory.create_batch(50, parent=blog)
    SubscriberFactory.create_batch(20, status="confirmed")
    after = count_queries(client, "/")
    assert after == before
    assert after <= 10, after


def test_subscriber_count_hidden_without_a_count_hook(client, landing, monkeypatch):
    """Home knows no subscribers: with no app answering the `social_proof_count` hook there is no number."""
    get_hooks = hooks.get_hooks
    monkeypatch.setattr(hooks, "get_hooks", lambda name: [] if name == "social_proof_count" else get_hooks(name))
    SubscriberFactory.create_batch(3, status="confirmed")
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    assert soup.select_one("[data-subscriber-count]") is None
    assert "Great tool." in soup.select_one(".testimonial").get_text()
