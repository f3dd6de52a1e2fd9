"""The channels a post is distributed on, defined once: label, UTM tags, share link, suggested text, advice.

The advice is the talk's ("Marketing for Developers", Get your content out there), one line a channel. Each channel
builds its rows for a post (reddit one per chosen subreddit); the Distribute screen, the weekly digest and the
launch checklist all read the rows from `rows_for`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit, urlunsplit

from bs4 import BeautifulSoup
from django.conf import settings
from django.urls import reverse

from blog.share import mastodon_share_url, normalize_instance, post_url

TIMING = (
    "Think about timing: share when your readers are at work and awake (weekday mornings in the US and Europe), "
    "one channel at a time, and be there to answer comments."
)


@dataclass
class Post:
    """What the builders need of a post and of the site's settings, read once per screen."""

    page: object
    url: str
    title: str
    summary: str
    campaign: str
    subreddits: list = field(default_factory=list)
    personal_x: str = ""
    project_x: str = ""
    mastodon_server: str = ""
    issues: list = field(default_factory=list)  # newsletter issues made from this post: [(pk, slug, status)]
    mentions: list = field(default_factory=list)  # [(host, url)] of the body's external links


@dataclass
class Row:
    key: str  # "hackernews", "reddit:django": what a tick is stored under (channel, target)
    channel: object
    label: str
    target: str
    share_url: str
    link: str  # the post's address with this row's UTM tags ("" where the channel tags its own links)
    text: str
    utm_source: str
    utm_medium: str
    campaigns: list  # the utm_campaign values this row's visits and signups come under
    note: str = ""
    tick: object = None
    views: int = 0
    visitors: int = 0
    signups: int = 0

    @property
    def advice(self):
        return self.channel.advice

    @property
    def stat_keys(self):
        """The analytics UTM keys ("source / medium / campaign", lowercased) of this row."""
        return [utm_key(self.utm_source, self.utm_medium, campaign) for campaign in self.campaigns]


def utm_key(source, medium, campaign):
    return " / ".join(value.lower() or "-" for value in (source, medium, campaign))[:300]


def tagged(url, source, medium, campaign):
    parts = urlsplit(url)
    query = urlencode({"utm_source": source, "utm_medium": medium, "utm_campaign": campaign})
    return urlunsplit(parts._replace(query=f"{parts.query}&{query}" if parts.query else query))


@dataclass(frozen=True)
class Channel:
    key: str
    label: str
    advice: str
    utm_source: str
    rows: Callable  # (channel, post) -> [Row]
    utm_medium: str = "social"
    icon: str = "link-external"

    def row(self, post, share_url, text, *, target="", label="", source="", medium="", link=None, note=""):
        source, medium = source or self.utm_source, medium or self.utm_medium
        return Row(
            key=f"{self.key}:{target}" if target else self.key,
            channel=self,
            label=label or self.label,
            target=target,
            share_url=share_url,
            link=tagged(post.url, source, medium, post.campaign) if link is None else link,
            text=text,
            utm_source=source,
            utm_medium=medium,
            campaigns=[post.campaign],
            note=note,
        )

    def tagged_link(self, post, source="", medium=""):
        return tagged(post.url, source or self.utm_source, medium or self.utm_medium, post.campaign)


def hackernews_rows(channel, post):
    link = channel.tagged_link(post)
    url = "https://news.ycombinator.com/submitlink?" + urlencode({"u": link, "t": post.title})
    return [channel.row(post, url, post.title, link=link)]


def reddit_rows(channel, post):
    if not post.subreddits:
        link = channel.tagged_link(post)
        url = "https://www.reddit.com/submit?" + urlencode({"url": link, "title": post.title})
        note = "Choose your subreddits in Settings → Distribution: each gets its own row."
        return [channel.row(post, url, post.title, link=link, note=note)]
    rows = []
    for name in post.subreddits:
        # One source per subreddit, so each row shows what its own community brought.
        source = f"reddit-{name}"
        link = channel.tagged_link(post, source=source)
        url = f"https://www.reddit.com/r/{name}/submit?" + urlencode({"url": link, "title": post.title})
        rows.append(channel.row(post, url, post.title, target=name, label=f"reddit r/{name}", source=source, link=link))
    return rows


def x_rows(channel, post):
    rows = []
    accounts = (
        ("personal", post.personal_x, "X: your account", f"New post: {post.title}", post.project_x),
        ("project", post.project_x, "X: the project's account", f"{post.title}", ""),
    )
    for target, handle, label, text, via in accounts:
        link = channel.tagged_link(post, source=f"x-{target}")
        query = {"text": text, "url": link}
        if via:
            query["via"] = via.lstrip("@")
        note = "" if handle else "Set this account's handle in Settings → Distribution."
        rows.append(
            channel.row(
                post,
                "https://x.com/intent/post?" + urlencode(query),
                f"{text} {link}",
                target=target,
                label=f"{label} ({handle})" if handle else label,
                source=f"x-{target}",
                link=link,
                note=note,
            )
        )
    return rows


def facebook_rows(channel, post):
    link = channel.tagged_link(post)
    url = "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": link})
    return [channel.row(post, url, post.summary, link=link)]


def linkedin_rows(channel, post):
    link = channel.tagged_link(post)
    url = "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": link})
    return [channel.row(post, url, post.summary, link=link)]


def bluesky_rows(channel, post):
    link = channel.tagged_link(post)
    text = f"{post.title} {link}"
    return [channel.row(post, "https://bsky.app/intent/compose?" + urlencode({"text": text}), text, link=link)]


def mastodon_rows(channel, post):
    """blog/share.py's guarded Mastodon share: straight to the site's own server, else its page that asks."""
    link = channel.tagged_link(post)
    text = f"{post.title} {link}"
    if post.mastodon_server:
        return [channel.row(post, mastodon_share_url(post.page, post.mastodon_server), text, link=link)]
    index = post.page.get_parent().specific
    url = (index.url or "") + index.reverse_subpage("share_mastodon", args=[post.page.pk])
    note = "Set your server in Settings → Distribution to go straight to it."
    return [channel.row(post, url, text, link=link, note=note)]


def newsletter_rows(channel, post):
    """The list: an issue made from the post. Its links carry utm_source=newsletter and the issue's slug."""
    if post.issues:
        pk, _slug, status = post.issues[0]
        url = reverse("wagtailsnippets_newsletter_campaign:edit", args=[pk])
        note = f"An issue from this post exists ({status})."
    else:
        url = reverse("newsletter_from_page", args=[post.page.pk])
        note = "Creates a draft issue from this post; check it, then send it."
    row = channel.row(post, url, post.title, link="", note=note)
    row.campaigns = [slug for _pk, slug, _status in post.issues]
    return [row]


def mentions_rows(channel, post):
    link = channel.tagged_link(post)
    hosts = ", ".join(host for host, _url in post.mentions) or "nobody yet: the post links to no other site"
    text = (
        f"Hi, I mentioned your work in “{post.title}” and thought you would like to know: {link}. Thanks for making it."
    )
    return [channel.row(post, link, text, link=link, note=f"The post links to {hosts}.")]


CHANNELS = [
    Channel(
        "hackernews",
        "Hacker News",
        "Post it, but don't count on it: most submissions sink without a trace. Use the post's own title.",
        "hackernews",
        hackernews_rows,
        icon="link-external",
    ),
    Channel(
        "reddit",
        "reddit",
        "Find the subreddit where the post helps people; reddit dislikes anything that looks like self-promotion.",
        "reddit",
        reddit_rows,
    ),
    Channel(
        "x",
        "X",
        "Post from your personal account and from the project's: people follow people, and the product's "
        "followers want news of it.",
        "x",
        x_rows,
    ),
    Channel(
        "facebook",
        "Facebook",
        "Frustrating for reach, but pushing the post there costs a minute.",
        "facebook",
        facebook_rows,
    ),
    Channel(
        "linkedin",
        "LinkedIn",
        "Say what you learned, not what you sell: colleagues share lessons.",
        "linkedin",
        linkedin_rows,
    ),
    Channel(
        "bluesky",
        "Bluesky",
        "A sentence of context and the link; reply to whoever answers.",
        "bluesky",
        bluesky_rows,
    ),
    Channel(
        "mastodon",
        "Mastodon",
        "Developers gather here; use a hashtag or two, and no thread of ads.",
        "mastodon",
        mastodon_rows,
    ),
    Channel(
        "newsletter",
        "The newsletter",
        "Tell your list about the post: they asked to hear from you. Think about timing.",
        "newsletter",
        newsletter_rows,
        utm_medium="email",
        icon="mail",
    ),
    Channel(
        "mentions",
        "People the post mentions",
        "Tell them, by hand: a short, human, non-automated note with an obvious benefit to them.",
        "mentions",
        mentions_rows,
        utm_medium="email",
        icon="user",
    ),
]
BY_KEY = {channel.key: channel for channel in CHANNELS}


def external_links(page, own_hosts=()):
    """[(host, url)] of the links in a post's paragraphs that leave this site, one per host, in order."""
    found = {}
    for block in getattr(page, "body", None) or []:
        if block.block_type != "paragraph":
            continue
        for anchor in BeautifulSoup(block.value.source, "html.parser").find_all("a", href=True):
            href = anchor["href"].strip()
            try:
                parts = urlsplit(href)
            except ValueError:
                continue
            host = (parts.hostname or "").removeprefix("www.")
            if parts.scheme in ("http", "https") and host and host not in own_hosts and host not in found:
                found[host] = href
    return list(found.items())


def project_handle(accounts):
    """The X / Twitter account's handle in Settings → Social accounts, if the site lists one."""
    for block in accounts:
        if block.value.get("network") == "twitter":
            handle = (block.value.get("handle") or "").strip().lstrip("@")
            handle = handle or urlsplit(block.value.get("url") or "").path.strip("/").split("/")[0]
            return f"@{handle}" if handle else ""
    return ""


def mastodon_server(accounts):
    """The server of the Mastodon account in Settings → Social accounts, if the site lists one."""
    for block in accounts:
        if block.value.get("network") == "mastodon":
            return normalize_instance(block.value.get("url") or "")
    return ""


def post_context(page, request=None):
    """The post and the site's distribution settings, in a few queries whatever the number of rows."""
    from home.models import SocialMediaSettings
    from newsletter.models import Campaign

    from .models import DistributionSettings

    site = page.get_site()
    options = DistributionSettings.for_site(site)
    # Settings → Social accounts only when this site's distribution settings leave a gap for them to fill.
    needed = not (options.project_x_handle and options.mastodon_server)
    accounts = SocialMediaSettings.for_site(site).accounts if needed else []
    own = {urlsplit(settings.BASE_URL).hostname or "", site.hostname}
    return Post(
        page=page,
        url=post_url(page, request),
        title=page.title,
        summary=getattr(page, "summary", "") or "",
        campaign=page.slug,
        subreddits=options.subreddit_list,
        personal_x=options.personal_x_handle,
        project_x=options.project_x_handle or project_handle(accounts),
        mastodon_server=options.mastodon_server or mastodon_server(accounts),
        issues=list(Campaign.objects.filter(source_page_id=page.pk).values_list("pk", "slug", "status")),
        mentions=external_links(page, {host.removeprefix("www.") for host in own if host}),
    )


def rows_for(page, request=None):
    post = post_context(page, request)
    return [row for channel in CHANNELS for row in channel.rows(channel, post)]
