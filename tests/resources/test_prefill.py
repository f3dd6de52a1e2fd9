import pytest

from resources.prefill import PrefillError, fetch_metadata, parse_metadata

pytestmark = pytest.mark.django_db


def test_fetches_title_description_and_favicon(link_server):
    data = fetch_metadata(link_server.url + "/page")
    assert data["title"] == "Local Tool"
    assert data["description"] == "A tool served by the test server."
    assert data["favicon_url"] == link_server.url + "/static/icon.png"


def test_open_graph_wins_and_favicon_falls_back(link_server):
    data = fetch_metadata(link_server.url + "/og")
    assert data["title"] == "OG title" and data["description"] == "OG text"
    assert data["favicon_url"] == link_server.url + "/favicon.ico"


def test_bad_html_never_crashes(link_server):
    data = fetch_metadata(link_server.url + "/bad-html")
    assert isinstance(data["title"], str)


@pytest.mark.parametrize("html", ["", "<<<>>>", "\x00\x01", "<meta content>", "<link rel=icon href='javascript:x'>"])
def test_parse_anything(html):
    data = parse_metadata(html, "https://example.com/x")
    assert not data["favicon_url"].startswith("javascript")


def test_size_cap(link_server):
    data = fetch_metadata(link_server.url + "/huge")
    assert data["title"] == "Huge"


def test_timeout(link_server):
    with pytest.raises(PrefillError, match="didn't answer"):
        fetch_metadata(link_server.url + "/hang", timeout=0.5)


@pytest.mark.parametrize("url", ["ftp://example.com/", "file:///etc/passwd", "javascript:alert(1)", "", "http://"])
def test_only_http(url):
    with pytest.raises(PrefillError, match="Only http"):
        fetch_metadata(url)


def test_errors_and_non_html(link_server):
    with pytest.raises(PrefillError, match="404"):
        fetch_metadata(link_server.url + "/missing")
    with pytest.raises(PrefillError, match="isn't a web page"):
        fetch_metadata(link_server.url + "/image")


def test_admin_endpoint(admin_client, client, link_server):
    response = admin_client.get("/admin/resources/prefill/", {"url": link_server.url + "/page"})
    assert response.status_code == 200
    assert response.json()["title"] == "Local Tool"
    bad = admin_client.get("/admin/resources/prefill/", {"url": "file:///etc/passwd"})
    assert bad.status_code == 400 and "Only http" in bad.json()["error"]
    assert client.get("/admin/resources/prefill/", {"url": link_server.url + "/page"}).status_code == 302


def test_editor_loads_prefill_script(admin_client, directory):
    response = admin_client.get(f"/admin/pages/add/resources/resourcepage/{directory.pk}/")
    assert response.status_code == 200
    assert b"resources/admin/prefill.js" in response.content
    assert b'data-prefill-url="/admin/resources/prefill/"' in response.content
