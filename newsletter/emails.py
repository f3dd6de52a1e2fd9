"""Building the emails: one rendering per issue, then cheap per-recipient substitution of the personal links."""

import logging
import re
from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import formatdate, make_msgid, parseaddr
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import css_inline
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from wagtail import hooks
from wagtail.models import Site

from . import tokens

logger = logging.getLogger(__name__)

UNSUBSCRIBE = "%%unsubscribe_url%%"
PREFERENCES = "%%preferences_url%%"
OPEN_PIXEL = "%%open_url%%"
PLACEHOLDERS = (UNSUBSCRIBE, PREFERENCES)
# A tracked link of an issue, in the rendering every recipient shares: %%link-<IssueLink id>%%.
TRACKED = re.compile(r"%%link-(\d+)%%")

_inliner = css_inline.CSSInliner(keep_style_tags=True)  # keep @media rules for responsive layouts


def absolute(url):
    return urljoin(settings.BASE_URL + "/", url or "")


def site_domain():
    return urlsplit(settings.BASE_URL).hostname or "localhost"


def with_utm(url, campaign):
    """Tag links to our own site so the analytics can credit the newsletter."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.hostname != site_domain():
        return url
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    if "utm_source" in query:
        return url
    query.update({"utm_source": "newsletter", "utm_medium": "email", "utm_campaign": campaign})
    return urlunsplit(parts._replace(query=urlencode(query)))


def finish_html(html, utm_campaign, track=None):
    """Absolute links with UTM tags, absolute image sources, then CSS inlined into style attributes.

    `track(urls) -> {url: replacement}`, if given, is called once with the finished http(s) links, and each link
    whose URL it maps gets the replacement (an issue's tracked-link placeholder) as its href.
    """
    soup = BeautifulSoup(html, "html.parser")
    anchors = []
    for link in soup.find_all("a", href=True):
        href = link["href"].strip()
        if href in PLACEHOLDERS or href.startswith(("mailto:", "tel:", "#")):
            continue
        link["href"] = with_utm(absolute(href), utm_campaign)
        if urlsplit(link["href"]).scheme in ("http", "https"):
            anchors.append(link)
    if track is not None and anchors:
        replacements = track([link["href"] for link in anchors])
        for link in anchors:
            link["href"] = replacements.get(link["href"], link["href"])
    for image in soup.find_all("img", src=True):
        image["src"] = absolute(image["src"])
    return _inliner.inline(str(soup))


def html_to_text(html):
    """Readable plain text: paragraphs kept, links written out after their text."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["style", "script", "head", "title"]):
        tag.decompose()
    for link in soup.find_all("a", href=True):
        text = link.get_text(" ", strip=True)
        href = link["href"]
        link.replace_with(f"{text} ({href})" if text and text != href else href)
    for tag in soup.find_all(["p", "h1", "h2", "h3", "li", "div", "br", "tr"]):
        tag.insert_after("\n")
    text = soup.get_text()
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r"\n\s*\n\s*(\n\s*)+", "\n\n", text)
    return "\n".join(line.strip() for line in text.splitlines()).strip() + "\n"


@dataclass(frozen=True)
class Sender:
    """Who the newsletter is from: Settings → Newsletter first, then the site's name, then the environment."""

    name: str
    address: str
    reply_to: str = ""

    @property
    def from_header(self):
        try:
            return str(Address(display_name=self.name, addr_spec=self.address))
        except (ValueError, IndexError):  # an address the header parser can't split; Django will say what is wrong
            return self.address

    @classmethod
    def load(cls, options=None):
        from .models import NewsletterSettings

        options = options or NewsletterSettings.load()
        env_name, env_address = parseaddr(settings.NEWSLETTER_FROM_EMAIL)
        site_name = Site.objects.filter(is_default_site=True).values_list("site_name", flat=True).first()
        return cls(
            name=options.sender_name or site_name or env_name or settings.WAGTAIL_SITE_NAME,
            address=options.sender_email or env_address or settings.NEWSLETTER_FROM_EMAIL,
            reply_to=options.reply_to or settings.NEWSLETTER_REPLY_TO,
        )


class RenderedEmail:
    """An email rendered once, with placeholders for each recipient's own links."""

    def __init__(
        self, subject, content_html, *, preheader="", utm_campaign="newsletter", web_url="", kind="issue", track=None
    ):
        """`track`: the issue whose links are counted (see newsletter/clicks.py); None renders plain links."""
        from .models import NewsletterSettings

        self.subject = subject
        options = NewsletterSettings.load()
        self.sender = Sender.load(options)
        context = {
            "subject": subject,
            "preheader": preheader,
            "content": content_html,
            "site_name": self.sender.name,
            "base_url": settings.BASE_URL,
            "web_url": web_url,
            "footer_text": options.footer_text,
            "unsubscribe_url": UNSUBSCRIBE,
            "preferences_url": PREFERENCES,
            "kind": kind,
        }
        self.links = {}  # IssueLink id -> URL, for a tracked issue
        self.html = finish_html(
            render_to_string("newsletter/email/layout.html", context),
            utm_campaign,
            track=self.tracker(track) if track is not None else None,
        )
        if track is not None and options.open_tracking:
            pixel = f'<img src="{OPEN_PIXEL}" width="1" height="1" alt="" style="display:block;border:0">'
            self.html = self.html.replace("</body>", pixel + "</body>", 1)
        self.text = html_to_text(self.html)

    def tracker(self, campaign):
        def track(urls):
            from .clicks import register_links

            ids = register_links(campaign, urls)
            self.links = {pk: url for url, pk in ids.items()}
            return {url: f"%%link-{pk}%%" for url, pk in ids.items()}

        return track

    def personal_links(self, body, delivery):
        """The tracked-link placeholders as each reader's redirect links, or as the plain links without a delivery."""
        from .clicks import click_url, open_url

        def link(match):
            pk = int(match.group(1))
            return absolute(click_url(pk, delivery.pk)) if delivery is not None else self.links.get(pk, "")

        body = TRACKED.sub(link, body)
        if OPEN_PIXEL in body:
            body = body.replace(OPEN_PIXEL, absolute(open_url(delivery.pk)) if delivery is not None else "")
        return body

    def preview_html(self):
        html = self.personal_links(self.html, None)
        return html.replace(UNSUBSCRIBE, "#unsubscribe").replace(PREFERENCES, "#preferences")

    def message(self, subscriber, *, message_id=None, connection=None, delivery=None):
        """One recipient's email. With a `delivery` (a real send of a tracked issue) its links are the reader's own
        click-counting links; without (tests, previews) they are the plain links."""
        manage = tokens.manage_token(subscriber)
        unsubscribe_url = absolute(reverse("newsletter:unsubscribe", args=[manage]))
        preferences_url = absolute(reverse("newsletter:preferences", args=[manage]))

        def personal(body):
            body = self.personal_links(body, delivery)
            return body.replace(UNSUBSCRIBE, unsubscribe_url).replace(PREFERENCES, preferences_url)

        list_unsubscribe = [f"<{unsubscribe_url}>"]
        if settings.NEWSLETTER_UNSUBSCRIBE_MAILTO:
            list_unsubscribe.append(f"<mailto:{settings.NEWSLETTER_UNSUBSCRIBE_MAILTO}?subject=unsubscribe>")
        headers = {
            "List-Unsubscribe": ", ".join(list_unsubscribe),
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Message-ID": message_id or make_msgid(domain=site_domain()),
            "Date": formatdate(usegmt=True),
        }
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=personal(self.text),
            from_email=self.sender.from_header,
            to=[subscriber.email],
            reply_to=[self.sender.reply_to] if self.sender.reply_to else None,
            headers=headers,
            connection=connection,
        )
        message.attach_alternative(personal(self.html), "text/html")
        return message


def render_campaign(campaign, warning="", track=False):
    """The issue as an email. A warning (tests and previews of an issue with broken links) leads the content.

    `track` (the real send only) records the issue's links and makes them countable per reader."""
    content = render_to_string("newsletter/email/campaign_content.html", {"campaign": campaign, "warning": warning})
    return RenderedEmail(
        campaign.subject,
        content,
        preheader=campaign.preheader,
        utm_campaign=campaign.slug,
        web_url=absolute(reverse("newsletter:archive_detail", args=[campaign.slug])),
        track=campaign if track else None,
    )


def confirmation_email(subscriber):
    from .models import NewsletterSettings

    url = absolute(reverse("newsletter:confirm", args=[tokens.confirm_token(subscriber)]))
    hours = settings.NEWSLETTER_CONFIRM_MAX_AGE // 3600
    content = render_to_string(
        "newsletter/email/confirm_content.html",
        {"confirm_url": url, "site_name": Sender.load().name, "hours": hours},
    )
    return RenderedEmail(
        NewsletterSettings.load().confirmation_subject, content, utm_campaign="confirm", kind="confirm"
    )


def welcome_email(subscriber):
    from .models import NewsletterSettings

    options = NewsletterSettings.load()
    content = render_to_string(
        "newsletter/email/welcome_content.html",
        {"body": options.welcome_body, "sections": welcome_sections(subscriber)},
    )
    return RenderedEmail(options.welcome_subject, content, utm_campaign="welcome", kind="welcome")


def welcome_sections(subscriber):
    """What other apps add to the welcome email (`welcome_email_sections` hook: subscriber -> HTML, or "" for
    nothing). A failing section is logged and left out: the welcome still goes."""
    found = []
    for hook in hooks.get_hooks("welcome_email_sections"):
        try:
            found.append(hook(subscriber))
        except Exception:
            logger.exception("The welcome email section %r failed", hook)
    return [html for html in found if html]
