from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from resources.bulk import bulk_create_resources
from resources.models import Kind, LinkHealth, ResourcePage, ResourceSettings
from tests.factories import ResourceCategoryFactory, ResourcePageFactory
from tests.pagecache import forget_stored_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(directory):
    cats = directory.categories
    segment = ResourcePageFactory(
        parent=directory,
        title="Segment",
        slug="segment",
        category=cats["analytics"],
        kind="service",
        pricing="freemium",
        featured=True,
        description="Events to every tool.",
    )
    segment.tags.add("analytics", "events")
    segment.save_revision().publish()
    ResourcePageFactory(
        parent=directory, title="Briefmetrics", category=cats["analytics"], kind="service", pricing="paid"
    )
    ResourcePageFactory(
        parent=directory, title="Hacker News", category=cats["communities"], kind="community", pricing="free"
    )
    ResourcePageFactory(
        parent=directory,
        title="Example Studio",
        kind="partner",
        pricing="paid",
        sponsored=True,
        is_example=True,
        offer="15% off",
        offer_code="SAVE15",
    )
    for days, title in enumerate(["Hacker News", "Briefmetrics", "Segment"]):
        ResourcePage.objects.filter(title=title).update(first_published_at=timezone.now() - timedelta(days=days))
    return directory


def titles(response, selector="[data-directory-list] .card__title a"):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(selector)]


def test_lists_resources_with_category_counts_and_partner_section(client, filled):
    response = client.get("/resources/")
    assert response.status_code == 200
    assert titles(response) == ["Segment", "Briefmetrics", "Hacker News"]
    soup = BeautifulSoup(response.content, "html.parser")
    nav = {a.get_text(" ", strip=True) for a in soup.select(".directory__categories a")}
    assert nav == {"All 4", "Analytics 2", "Communities 1"}
    partners = soup.select_one(".directory__partners")
    assert "Example Studio" in partners.get_text()
    assert "Sponsored" in partners.get_text() and "Example" in partners.get_text()
    link = partners.select_one("a.card__external")
    assert set(link["rel"]) == {"sponsored", "noopener"}
    normal = soup.select_one("[data-directory-list] a.card__external")
    assert normal["rel"] == ["noopener"]
    assert normal["href"].startswith("/resources/go/")


@pytest.mark.parametrize(
    "query, expected",
    [
        ("?category=analytics", ["Segment", "Briefmetrics"]),
        ("?category=analytics&pricing=paid", ["Briefmetrics"]),
        ("?kind=community", ["Hacker News"]),
        ("?tag=events", ["Segment"]),
        ("?q=brief", ["Briefmetrics"]),
        ("?q=EVENTS", ["Segment"]),
        ("?sort=name", ["Briefmetrics", "Hacker News", "Segment"]),
        ("?kind=partner", ["Example Studio"]),
        ("?category=communities&q=segment", []),
    ],
)
def test_filters_combine(client, filled, query, expected):
    response = client.get("/resources/" + query)
    assert response.status_code == 200
    assert titles(response) == expected


def test_sort_newest(client, filled):
    assert titles(client.get("/resources/?sort=newest"))[0] == "Hacker News"


def test_canonical_url_orders_known_filters(client, filled):
    response = client.get("/resources/?sort=featured&q=tool&category=analytics&utm_source=x&page=1")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("link", rel="canonical")["href"] == "http://testserver/resources/?category=analytics&q=tool"
    plain = BeautifulSoup(client.get("/resources/").content, "html.parser")
    assert plain.find("link", rel="canonical")["href"] == "http://testserver/resources/"


def test_category_links_keep_other_filters(client, filled):
    soup = BeautifulSoup(client.get("/resources/?pricing=paid").content, "html.parser")
    hrefs = [a["href"] for a in soup.select(".directory__categories a")]
    assert "/resources/?category=analytics&pricing=paid" in hrefs
    counts = {a.get_text(" ", strip=True) for a in soup.select(".directory__categories a")}
    assert "Analytics 1" in counts


@pytest.mark.parametrize(
    "query",
    [
        "?category=nope",
        "?category=%00",
        "?kind=wizard",
        "?pricing=cheap",
        "?sort=random",
        "?tag=%%%",
        "?q=" + "x" * 500,
        "?q=%00",
        "?page=abc",
        "?page=999",
        "?page=-1",
        "?category=analytics&category=communities",
    ],
)
def test_bad_filter_values_never_500(client, filled, query):
    response = client.get("/resources/" + query)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select("[data-directory-list] .card") or soup.select(".directory__empty")


def test_bad_values_are_explained(client, filled):
    soup = BeautifulSoup(client.get("/resources/?category=nope&kind=wizard").content, "html.parser")
    notices = " ".join(p.get_text() for p in soup.select(".directory__notice"))
    assert "nope" in notices and "wizard" in notices
    assert titles(client.get("/resources/?category=nope")) == ["Segment", "Briefmetrics", "Hacker News"]


def test_fetch_request_returns_only_the_results(client, filled):
    response = client.get("/resources/?category=analytics", headers={"X-Requested-With": "fetch"})
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert titles(response) == ["Segment", "Briefmetrics"]
    assert "X-Requested-With" in response["Vary"]


def test_pagination_links_keep_filters(client, filled):
    filled.resources_per_page = 1
    type(filled).resources_per_page = 1
    try:
        response = client.get("/resources/?category=analytics")
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.select_one("a[rel=next]")["href"] == "/resources/?category=analytics&page=2"
    finally:
        type(filled).resources_per_page = 30


def test_detail_page(client, filled):
    segment = ResourcePage.objects.get(slug="segment")
    LinkHealth.objects.create(resource=segment, last_checked_at=segment.first_published_at, status_code=200)
    response = client.get(segment.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Segment"
    button = soup.select_one("a.button[href^='/resources/go/']")
    assert button["rel"] == ["noopener"]
    assert "Link checked" in soup.select_one(".resource__health").get_text()
    assert {a.get_text() for a in soup.select(".resource__facts a")} == {"analytics", "events"}


def test_partner_detail_shows_offer(client, filled):
    partner = ResourcePage.objects.get(title="Example Studio")
    soup = BeautifulSoup(client.get(partner.url).content, "html.parser")
    assert "SAVE15" in soup.select_one(".resource__partner").get_text()
    assert "Example partner" in soup.get_text()
    assert set(soup.select_one("a.button[href^='/resources/go/']")["rel"]) == {"sponsored", "noopener"}


def test_dead_links_hidden_or_archived_by_setting(client, filled, home_page):
    segment = ResourcePage.objects.get(slug="segment")
    LinkHealth.objects.create(resource=segment, consecutive_failures=3, dead=True)
    soup = BeautifulSoup(client.get("/resources/").content, "html.parser")
    card = next(c for c in soup.select(".card") if "Segment" in c.get_text())
    assert card.select_one(f"a[href='https://web.archive.org/web/{segment.external_url}']")
    assert not card.select_one("a.card__external")

    settings = ResourceSettings.for_site(home_page.get_site())
    settings.dead_links = "hide"
    settings.save()
    assert "Segment" not in titles(client.get("/resources/"))


def test_unpublished_resources_are_not_listed(client, filled):
    ResourcePage.objects.get(slug="segment").unpublish()
    assert "Segment" not in titles(client.get("/resources/"))


def _directory_queries(client, url):
    forget_stored_pages()  # a first render: nothing stored
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


URLS = [
    "/resources/",
    "/resources/?category=cat-3",
    "/resources/?kind=tool&pricing=free",
    "/resources/?tag=tag-2&sort=name",
    "/resources/?q=resource&sort=newest",
    "/resources/?page=2",
]


def _grow(directory, count, start):
    categories = list(directory.categories_list)
    tags = [Tag.objects.get_or_create(name=f"tag-{n}", slug=f"tag-{n}")[0] for n in range(5)]
    items = [
        {
            "title": f"Resource {n}",
            "slug": f"resource-{n}",
            "external_url": f"https://example.com/{n}/",
            "description": f"Resource number {n}.",
            "category": categories[n % len(categories)],
            "kind": [Kind.TOOL, Kind.SERVICE, Kind.PARTNER][n % 3],
            "pricing": ["free", "paid", "freemium"][n % 3],
            "featured": n % 7 == 0,
        }
        for n in range(start, start + count)
    ]
    bulk_create_resources(directory, items, tags=[[tags[n % 5], tags[(n + 1) % 5]] for n in range(count)])


def test_directory_query_count_does_not_grow_with_content(client, directory, django_capture_on_commit_callbacks):
    directory.categories_list = [ResourceCategoryFactory(slug=f"cat-{n}") for n in range(30)]
    # As in production, the summary is rewritten once the change is committed.
    with django_capture_on_commit_callbacks(execute=True):
        _grow(directory, 70, 0)
    client.get("/resources/")  # warm per-process caches (content types, site root paths)
    small = {url: _directory_queries(client, url) for url in URLS}
    with django_capture_on_commit_callbacks(execute=True):
        _grow(directory, 400, 70)
    large = {url: _directory_queries(client, url) for url in URLS}
    assert large == small
    assert max(large.values()) <= 13, large
    assert large["/resources/"] < large["/resources/?page=2"]  # the first page reads the summary


def test_directory_query_count_with_a_stale_summary_does_not_grow_with_content(client, directory):
    # Rendered between a change and its summary's rewrite, the directory aggregates and stores the summary itself.
    directory.categories_list = [ResourceCategoryFactory(slug=f"cat-{n}") for n in range(30)]
    _grow(directory, 70, 0)
    client.get("/resources/")
    _grow(directory, 5, 70)  # marks the summary stale; its rewrite on commit never runs inside a test's transaction
    small = _directory_queries(client, "/resources/")
    _grow(directory, 400, 75)
    large = _directory_queries(client, "/resources/")
    assert large == small <= 15


def test_bulk_created_resources_are_real_pages(client, directory):
    directory.categories_list = [ResourceCategoryFactory(slug="cat-x")]
    _grow(directory, 5, 0)
    page = ResourcePage.objects.get(slug="resource-1")
    assert page.get_parent().pk == directory.pk
    assert client.get(page.url).status_code == 200
    assert ResourcePage.objects.child_of(directory).count() == 5
    assert titles(client.get("/resources/?q=resource number 3")) == ["Resource 3"]
    assert titles(client.get("/resources/?q=TAG-4")) == ["Resource 3", "Resource 4"]


def test_tag_options_follow_publishing(client, filled):
    soup = BeautifulSoup(client.get("/resources/").content, "html.parser")
    options = {o["value"] for o in soup.select("#directory-tag option") if o["value"]}
    assert options == {"analytics", "events"}
    page = ResourcePage.objects.get(title="Hacker News")
    page.tags.add("launch")
    page.save_revision().publish()
    soup = BeautifulSoup(client.get("/resources/").content, "html.parser")
    assert "launch" in {o["value"] for o in soup.select("#directory-tag option")}


def nav_counts(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return {a.get_text(" ", strip=True) for a in soup.select(".directory__categories a")}


def summary(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.select_one("[data-directory-summary]").get_text(" ", strip=True)


def test_cached_counts_and_pages_follow_publish_and_unpublish(client, filled):
    urls = ["/resources/", "/resources/?category=analytics&sort=name", "/resources/?q=metrics"]
    for url in urls:
        client.get(url)  # cache the counts and ids of each filter set
    assert nav_counts(client.get("/resources/")) == {"All 4", "Analytics 2", "Communities 1"}

    page = ResourcePage(
        title="Amplitude Metrics", slug="amplitude", external_url="https://amplitude.example/", description="Events."
    )
    page.category = filled.categories["analytics"]
    page.live = False
    filled.add_child(instance=page)
    page.save_revision().publish()

    assert nav_counts(client.get("/resources/")) == {"All 5", "Analytics 3", "Communities 1"}
    assert titles(client.get(urls[1])) == ["Amplitude Metrics", "Briefmetrics", "Segment"]
    assert titles(client.get(urls[2])) == ["Amplitude Metrics", "Briefmetrics"]
    assert summary(client.get(urls[2])).startswith("2 resources match")

    ResourcePage.objects.get(pk=page.pk).unpublish()  # the publish above saved a copy; this one is stale
    assert nav_counts(client.get("/resources/")) == {"All 4", "Analytics 2", "Communities 1"}
    assert titles(client.get(urls[1])) == ["Briefmetrics", "Segment"]
    assert titles(client.get(urls[2])) == ["Briefmetrics"]
    assert summary(client.get(urls[2])).startswith("1 resource matches")


def test_cached_partners_follow_publishing(client, filled):
    assert "Example Studio" in titles(client.get("/resources/"), ".directory__partners .card__title a")
    ResourcePage.objects.get(title="Example Studio").unpublish()
    soup = BeautifulSoup(client.get("/resources/").content, "html.parser")
    assert not soup.select(".directory__partners")


def test_cached_directory_follows_a_link_going_dead_and_back(client, filled, home_page):
    settings = ResourceSettings.for_site(home_page.get_site())
    settings.dead_links = "hide"
    settings.save()
    assert "Segment" in titles(client.get("/resources/?category=analytics"))
    assert nav_counts(client.get("/resources/")) == {"All 4", "Analytics 2", "Communities 1"}

    segment = ResourcePage.objects.get(slug="segment")
    health = LinkHealth.objects.create(resource=segment, consecutive_failures=3, dead=True)
    assert titles(client.get("/resources/?category=analytics")) == ["Briefmetrics"]
    assert nav_counts(client.get("/resources/")) == {"All 3", "Analytics 1", "Communities 1"}

    health = LinkHealth.objects.get(pk=health.pk)
    health.dead = False
    health.save()
    assert titles(client.get("/resources/?category=analytics")) == ["Segment", "Briefmetrics"]
    assert nav_counts(client.get("/resources/")) == {"All 4", "Analytics 2", "Communities 1"}

    health.delete()
    LinkHealth.objects.create(resource=segment, dead=True)
    assert nav_counts(client.get("/resources/")) == {"All 3", "Analytics 1", "Communities 1"}
    LinkHealth.objects.get(resource=segment).delete()
    assert nav_counts(client.get("/resources/")) == {"All 4", "Analytics 2", "Communities 1"}


def test_link_checks_that_change_nothing_keep_the_cache(client, filled):
    segment = ResourcePage.objects.get(slug="segment")
    health = LinkHealth.objects.create(resource=segment, consecutive_failures=1)
    client.get("/resources/")
    assert client.get("/resources/")["X-Wagtail-Cache"] == "hit"
    health = LinkHealth.objects.get(pk=health.pk)
    health.consecutive_failures = 2
    health.save()
    assert client.get("/resources/")["X-Wagtail-Cache"] == "hit"


def test_search_follows_published_title_description_and_tags_not_drafts(client, filled):
    segment = ResourcePage.objects.get(slug="segment")
    segment.title = "Twilio Segment"
    segment.description = "Customer data platform."
    segment.tags.add("warehouse")
    segment.save_revision()
    assert titles(client.get("/resources/?q=twilio")) == []
    assert titles(client.get("/resources/?q=warehouse")) == []
    assert titles(client.get("/resources/?q=every tool")) == ["Segment"]

    segment.save_revision().publish()
    assert titles(client.get("/resources/?q=twilio")) == ["Twilio Segment"]
    assert titles(client.get("/resources/?q=WAREHOUSE")) == ["Twilio Segment"]
    assert titles(client.get("/resources/?q=platform")) == ["Twilio Segment"]
    assert titles(client.get("/resources/?q=every tool")) == []
    # Each field is searched on its own: no match across the end of one and the start of the next.
    assert titles(client.get("/resources/?q=segmentcustomer")) == []

    segment = ResourcePage.objects.get(pk=segment.pk)
    segment.tags.remove("warehouse")
    segment.save_revision().publish()
    assert titles(client.get("/resources/?q=warehouse")) == []


def test_search_follows_renamed_and_deleted_tags(client, filled):
    tag = Tag.objects.get(name="events")
    tag.name = "Tracking plans"
    tag.save()
    assert titles(client.get("/resources/?q=tracking")) == ["Segment"]
    assert titles(client.get("/resources/?q=events")) == ["Segment"]  # still in its description

    Tag.objects.get(name="analytics").delete()
    segment = ResourcePage.objects.get(slug="segment")
    assert "analytics" not in segment.search_text
    assert "tracking plans" in segment.search_text


def test_card_links_are_the_pages_own_addresses(client, filled):
    soup = BeautifulSoup(client.get("/resources/").content, "html.parser")
    cards = soup.select(".card")
    assert len(cards) == 4
    for card in cards:
        page = ResourcePage.objects.get(title=card.select_one(".card__title a").get_text(strip=True))
        assert card.select_one(".card__title a")["href"] == page.url
        assert card.select_one("a.card__external")["href"] == f"/resources/go/{page.pk}/"
