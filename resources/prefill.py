"""Fetch a pasted URL's title, description and favicon for the editor, through ops.fetch (no internal address, a
total deadline and a size cap)."""

import codecs
import warnings
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from ops.fetch import FetchError, fetch

from .linkcheck import user_agent

MAX_BYTES = 512 * 1024
TIMEOUT = 5


class PrefillError(Exception):
    pass


def parse_metadata(html, base_url):
    """Title, description and favicon from HTML of any quality; never raises on bad markup."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        soup = BeautifulSoup(html, "html.parser")

    def meta(*names):
        for name in names:
            tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
            if tag and tag.get("content"):
                return " ".join(str(tag["content"]).split())
        return ""

    title = meta("og:title", "twitter:title")
    if not title and soup.title and soup.title.string:
        title = " ".join(soup.title.string.split())
    description = meta("og:description", "description", "twitter:description")
    favicon = ""
    for link in soup.find_all("link", href=True):
        rel = link.get("rel") or []
        rel = " ".join(rel).lower() if isinstance(rel, list) else str(rel).lower()
        if "icon" in rel.split():
            favicon = urljoin(base_url, link["href"])
            break
    if not favicon:
        parts = urlsplit(base_url)
        favicon = f"{parts.scheme}://{parts.netloc}/favicon.ico"
    if not favicon.lower().startswith(("http://", "https://")):
        favicon = ""
    return {"title": title[:255], "description": description[:400], "favicon_url": favicon[:500]}


def fetch_metadata(url, timeout=TIMEOUT):
    """The page's metadata, fetched through ops.fetch: never an internal address, within `timeout` seconds in all."""
    try:
        response = fetch(
            url,
            headers={"User-Agent": user_agent(), "Accept": "text/html"},
            timeout=timeout,
            max_bytes=MAX_BYTES,
        )
    except FetchError as error:
        raise PrefillError(str(error)) from None
    if response.status >= 400:
        raise PrefillError(f"The site answered with an error ({response.status}).")
    content_type = response.header("Content-Type")
    if content_type and "html" not in content_type.lower():
        raise PrefillError("That address isn't a web page.")
    html = response.body.decode(charset_of(content_type), errors="replace")
    return {**parse_metadata(html, response.url), "url": response.url}


def charset_of(content_type):
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            try:
                return codecs.lookup(value.strip().strip('"')).name
            except LookupError:
                break
    return "utf-8"
