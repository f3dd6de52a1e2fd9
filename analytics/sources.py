"""Parsing what a beacon or a signup says about where a visitor came from."""

import re
from urllib.parse import urlsplit

DIRECT = "(direct)"

BOT_PATTERN = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|archiver|facebookexternalhit|embedly|quora link preview|whatsapp|"
    r"preview|headless|phantomjs|lighthouse|pagespeed|gtmetrix|pingdom|uptime|monitor|python-requests|"
    r"python-urllib|curl/|wget/|httpclient|okhttp|go-http-client|java/|libwww|scrapy|axios/|node-fetch",
    re.IGNORECASE,
)


def is_bot(user_agent):
    return not user_agent or bool(BOT_PATTERN.search(user_agent))


def device_class(user_agent):
    ua = user_agent or ""
    if re.search(r"iPad|Tablet|PlayBook|Silk|Kindle", ua) or ("Android" in ua and "Mobile" not in ua):
        return "tablet"
    if re.search(r"Mobi|iPhone|iPod|Android|Windows Phone|Opera Mini", ua):
        return "mobile"
    return "desktop"


def host_of(url):
    try:
        host = urlsplit(url or "").hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")[:200]


def source_of(utm_source="", referrer="", own_hosts=()):
    """A campaign's utm_source wins; then the referrer's host unless it is this site; otherwise direct."""
    if utm_source:
        return utm_source.strip().lower()[:200]
    host = host_of(referrer)
    if host and host not in own_hosts:
        return host
    return DIRECT
