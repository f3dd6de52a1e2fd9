"""Fetch a pasted URL's title, description and favicon for the editor, with a timeout and a size cap."""

import warnings
from urllib.parse import urljoin, urlsplit

import requests
from bs4 import BeautifulSoup

from .linkcheck import user_agent

MAX_BYTES = 512 * 1024
TIMEOUT = 5


class PrefillError(Exception):
    pass


def validate_url(url):
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PrefillError("Only http:// and https:// addresses can be fetched.")
    return url


def read_capped(response, limit=MAX_BYTES):
    chunks, size = [], 0
    for chunk in response.iter_content(chunk_size=16384):
        chunks.append(chunk)
        size += len(chunk)
        if size >= limit:
            break
    return b"".join(chunks)[:limit]


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
    url = validate_url(url)
    try:
        with requests.get(
            url, headers={"User-Agent": user_agent(), "Accept": "text/html"}, timeout=timeout, stream=True
        ) as response:
            final_url = response.url
            if not validate_url(final_url):
                raise PrefillError("The address redirected somewhere we can't fetch.")
            if response.status_code >= 400:
                raise PrefillError(f"The site answered with an error ({response.status_code}).")
            content_type = response.headers.get("Content-Type", "")
            if content_type and "html" not in content_type.lower():
                raise PrefillError("That address isn't a web page.")
            body = read_capped(response)
            encoding = response.encoding or "utf-8"
    except requests.Timeout:
        raise PrefillError(f"The site didn't answer within {timeout} seconds.") from None
    except requests.RequestException:
        raise PrefillError("The site couldn't be reached.") from None
    try:
        html = body.decode(encoding, errors="replace")
    except LookupError:
        html = body.decode("utf-8", errors="replace")
    return {**parse_metadata(html, final_url), "url": final_url}
