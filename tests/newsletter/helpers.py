import re

from django.core import mail

LINK = re.compile(r"https?://[^\s\"'<>)]+")


def links_in(message, part="/newsletter/confirm/"):
    return [url for url in LINK.findall(message.body) if part in url]


def confirm_path(message):
    url = links_in(message)[0]
    return url.split("testserver", 1)[1]


def last_mail(to):
    for message in reversed(mail.outbox):
        if to in message.to:
            return message
    raise AssertionError(f"no email to {to}")


def text(response):
    from bs4 import BeautifulSoup

    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
