import pytest

from outreach.models import Contact, ContactKind, MessageTemplate, TemplateUse
from tests.admin_users import sign_in_editor

WRITERS = (
    "outreach.view_contact",
    "outreach.add_contact",
    "outreach.change_contact",
    "outreach.send_outreach",
)


@pytest.fixture
def contact(db):
    return Contact.objects.create(
        name="Riley", email="riley@blog.example.org", kind=ContactKind.BLOGGER, website="https://www.blog.example.org/"
    )


@pytest.fixture
def template(db):
    return MessageTemplate.objects.create(
        name="Hello",
        use_for=TemplateUse.GENERAL,
        subject="Hi {name}, a note from {site}",
        body="Hi {name},\n\nI wrote about you: https://example.com/post/?a=1&b=2\n\nThanks!",
    )


@pytest.fixture
def writer(client, db):
    """An editor who may keep contacts and write to them (the Editors group's share), with an email address."""
    return sign_in_editor(client, *WRITERS, username="founder")
