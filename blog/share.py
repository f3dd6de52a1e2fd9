"""Share links for a post, built here so templates only print them. No third-party script is ever loaded."""

import re
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render

# A public host name: labels of letters, digits and hyphens, with a dot, ending in a top-level domain of letters. No
# port, no user, no IP address: Mastodon servers answer on https's own port under a name.
HOST_RE = re.compile(r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


# Every channel a share link reports to analytics (data-share-channel): share_links() below, plus Mastodon's form.
CHANNELS = frozenset(
    {"hackernews", "reddit", "twitter", "facebook", "linkedin", "bluesky", "email", "copy", "mastodon"}
)


@dataclass(frozen=True)
class ShareLink:
    channel: str
    label: str
    url: str


def post_url(post, request=None):
    """The post's absolute address on BASE_URL (never on the request's host)."""
    return settings.BASE_URL + post.relative_url(post.get_site(), request)


def tracked_url(url, channel, campaign):
    """`url` with utm_source=<channel>, utm_medium=social and utm_campaign=<campaign>."""
    parts = urlsplit(url)
    query = urlencode({"utm_source": channel, "utm_medium": "social", "utm_campaign": campaign})
    return urlunsplit(parts._replace(query=f"{parts.query}&{query}" if parts.query else query))


def share_links(post, request=None):
    url = post_url(post, request)
    title = post.title

    def link(channel):
        return tracked_url(url, channel, post.slug)

    return [
        ShareLink(
            "hackernews",
            "Hacker News",
            "https://news.ycombinator.com/submitlink?" + urlencode({"u": link("hackernews"), "t": title}),
        ),
        ShareLink(
            "reddit", "reddit", "https://www.reddit.com/submit?" + urlencode({"url": link("reddit"), "title": title})
        ),
        ShareLink(
            "twitter", "X / Twitter", "https://x.com/intent/post?" + urlencode({"url": link("twitter"), "text": title})
        ),
        ShareLink(
            "facebook", "Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": link("facebook")})
        ),
        ShareLink(
            "linkedin",
            "LinkedIn",
            "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": link("linkedin")}),
        ),
        ShareLink(
            "bluesky",
            "Bluesky",
            "https://bsky.app/intent/compose?" + urlencode({"text": f"{title} {link('bluesky')}"}),
        ),
        ShareLink(
            "email",
            "Email",
            "mailto:?" + urlencode({"subject": title, "body": f"{post.summary}\n\n{link('email')}"}, quote_via=_quote),
        ),
        ShareLink("copy", "Copy link", link("copy")),
    ]


def _quote(value, safe="", encoding=None, errors=None):
    # mailto: bodies need %20 for spaces; "+" would show up literally in mail clients.
    from urllib.parse import quote

    return quote(value, safe=safe, encoding=encoding, errors=errors)


def normalize_instance(value):
    """A Mastodon instance's host from what a reader typed ("mastodon.social", "https://fosstodon.org/@me"), or ""."""
    value = (value or "").strip().lower().replace("\x00", "")[:300]
    if "://" in value:
        value = urlsplit(value).netloc
    value = value.split("/")[0].lstrip("@")
    if "@" in value:  # a full handle such as user@mastodon.social
        value = value.rsplit("@", 1)[1]
    return value if HOST_RE.match(value) else ""


def mastodon_share_url(post, instance, request=None):
    text = f"{post.title} {tracked_url(post_url(post, request), 'mastodon', post.slug)}"
    return f"https://{instance}/share?" + urlencode({"text": text})


def mastodon_share_response(request, post):
    """Send the reader to their own instance's share page, or ask again with a clear message.

    Only servers in MASTODON_INSTANCES are redirected to at once; any other valid host name gets a page that names
    it and asks the reader to continue, so a link to this URL can never bounce a visitor to an arbitrary site
    without them seeing where they are going (docs/security.md, "Share links")."""
    raw = request.GET.get("instance", "")
    instance = normalize_instance(raw)
    if instance and instance in settings.MASTODON_INSTANCES:
        return HttpResponseRedirect(mastodon_share_url(post, instance, request))
    error = "Enter your Mastodon server's address, for example mastodon.social." if raw.strip() and not instance else ""
    response = render(
        request,
        "blog/share_mastodon.html",
        {
            "post": post,
            "error": error,
            "value": raw[:300].replace("\x00", ""),
            "instance": instance,
            "share_url": mastodon_share_url(post, instance, request) if instance else "",
        },
        status=400 if error else 200,
    )
    response["X-Robots-Tag"] = "noindex"
    return response
