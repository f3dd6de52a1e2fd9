import pytest

from analytics import bounds, recording

CHROME_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
IPHONE_UA = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.0 Mobile/15E148 Safari/604.1"
)


@pytest.fixture(autouse=True)
def _fresh_salts():
    recording.forget_salts()
    bounds.answers.clear()  # which paths are pages: each test builds its own
    yield
    recording.forget_salts()
    bounds.answers.clear()


@pytest.fixture
def beacon(client):
    """Post a beacon as a browser would: a text/plain JSON body, a browser's user agent, a given IP."""
    import json

    def send(data=None, *, ua=CHROME_UA, ip="203.0.113.7", raw=None, **headers):
        body = raw if raw is not None else json.dumps(data or {"path": "/"})
        return client.post(
            "/analytics/collect",
            data=body,
            content_type="text/plain",
            HTTP_USER_AGENT=ua,
            REMOTE_ADDR=ip,
            **headers,
        )

    return send


@pytest.fixture
def site_pages(home_page):
    """Live pages the beacons below report views of: /, /about/, /blog/{hello,post,launch-week}/ and a resource."""
    from tests.factories import (
        BlogIndexPageFactory,
        BlogPostPageFactory,
        ResourceIndexPageFactory,
        ResourcePageFactory,
        StandardPageFactory,
    )

    blog = BlogIndexPageFactory(parent=home_page)
    directory = ResourceIndexPageFactory(parent=home_page)
    return {
        "home": home_page,
        "about": StandardPageFactory(parent=home_page, slug="about"),
        "blog": blog,
        **{slug: BlogPostPageFactory(parent=blog, slug=slug) for slug in ("hello", "post", "launch-week")},
        "resources": directory,
        "plausible": ResourcePageFactory(parent=directory, title="Plausible", external_url="https://plausible.io/"),
    }
