"""Where outreach shows up elsewhere: the dashboard's to-do, the weekly digest, the Distribute screen, and the
shortcuts on a partner's directory page and on a blog post."""

from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.utils import timezone
from wagtail import hooks
from wagtail.rich_text import RichText

from analytics.digest import digest_context, render_digest
from outreach.models import Contact, ContactKind, MessageTemplate, Status, TemplateUse
from outreach.wagtail_hooks import outreach_todo, tell_mentioned_people
from resources.models import Kind
from tests.admin_users import sign_in_editor
from tests.factories import BlogIndexPageFactory, ResourceIndexPageFactory, ResourcePageFactory, add_post

pytestmark = pytest.mark.django_db

WRITERS = ("outreach.view_contact", "outreach.add_contact", "outreach.change_contact", "outreach.send_outreach")


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def as_request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")


def due_contact(name="Riley", days_ago=0):
    return Contact.objects.create(
        name=name, status=Status.CONTACTED, follow_up_on=timezone.localdate() - timedelta(days=days_ago)
    )


def test_the_dashboard_says_how_many_follow_ups_are_due_today(client, superuser, home_page):
    due_contact()
    due_contact("Sam", days_ago=3)
    Contact.objects.create(name="Later", status=Status.CONTACTED, follow_up_on=timezone.localdate() + timedelta(1))
    (item,) = outreach_todo(as_request(superuser))
    assert item.text == "2 follow-ups due today" and item.url == "/admin/outreach/due/"
    client.force_login(superuser)
    assert "2 follow-ups due today" in soup(client.get("/admin/")).get_text()
    due_page = soup(client.get("/admin/outreach/due/")).get_text()
    assert "Riley" in due_page and "Sam" in due_page and "Later" not in due_page


def test_nothing_due_means_no_to_do_and_editors_without_the_section_see_none(client, db):
    assert outreach_todo(as_request(sign_in_editor(client, "outreach.view_contact"))) == []
    due_contact()
    assert outreach_todo(as_request(sign_in_editor(client, username="other"))) == []


def test_the_weekly_digest_lists_the_follow_ups_due(superuser, home_page):
    due_contact("Riley")
    context = digest_context(today=timezone.localdate())
    (section,) = [s for s in context["sections"] if s["heading"] == "Follow-ups due"]
    assert section["items"][0]["text"].startswith("Riley (due ")
    assert section["items"][0]["url"].endswith("/admin/outreach/due/")
    _, text, html = render_digest(context)
    assert "Follow-ups due" in text and "Riley" in html


def test_the_digest_has_no_follow_up_section_when_none_is_due(db):
    from outreach.wagtail_hooks import follow_ups_in_digest

    assert follow_ups_in_digest(date(2026, 11, 23), date(2026, 11, 29)) == []


@pytest.fixture
def post(home_page):
    index = BlogIndexPageFactory(parent=home_page)
    body = (
        '<p>Read <a href="https://www.blog.example.org/on-launching/">Riley</a>, '
        '<a href="https://tools.example.net/">a tool</a>, <a href="/about/">our about page</a> '
        'and <a href="mailto:x@example.com">mail</a>.</p>'
    )
    return add_post(index, title="Launch tools", body=[("paragraph", RichText(body))])


def test_the_distribute_screen_gets_a_tell_the_people_this_post_mentions_button(superuser, post, client):
    (action,) = tell_mentioned_people(as_request(superuser), post)
    assert action == {
        "text": "Tell the people this post mentions",
        "url": f"/admin/outreach/post/{post.pk}/",
        "icon": "mail",
    }
    with hooks.register_temporarily("distribute_actions", tell_mentioned_people):
        actions = [a for hook in hooks.get_hooks("distribute_actions") for a in hook(as_request(superuser), post)]
    assert action in actions
    assert tell_mentioned_people(as_request(sign_in_editor(client, "outreach.view_contact")), post) == []


def test_a_posts_mentions_list_its_contacts_and_the_sites_it_links_to(client, post):
    sign_in_editor(client, *WRITERS)
    riley = Contact.objects.create(name="Riley", email="riley@example.org", website="https://blog.example.org/")
    riley.posts.add(post)
    mentioned = MessageTemplate.objects.get(use_for=TemplateUse.MENTIONED)
    page = soup(client.get(f"/admin/outreach/post/{post.pk}/"))
    write = page.select_one("[data-mentioned] a")["href"]
    assert write == f"/admin/outreach/contacts/{riley.pk}/write/?template={mentioned.pk}&post={post.pk}"
    links = [field["value"] for field in page.select("[data-links] input[name=url]")]
    assert links == ["https://tools.example.net/"]  # Riley's site is already there; own and mailto links are not

    compose = soup(client.get(write))
    assert "Launch tools" in compose.select_one("[name=subject]")["value"]
    assert post.full_url in compose.select_one("[name=body]").get_text()


def test_a_link_in_a_post_becomes_a_contact_the_post_mentions(client, post):
    sign_in_editor(client, *WRITERS)
    response = client.post(f"/admin/outreach/post/{post.pk}/add/", {"url": "https://tools.example.net/"})
    contact = Contact.objects.get(website="https://tools.example.net/")
    assert list(contact.posts.all()) == [post] and contact.kind == ContactKind.BLOGGER
    assert response["Location"].startswith(f"/admin/outreach/contacts/{contact.pk}/write/")
    client.post(f"/admin/outreach/post/{post.pk}/add/", {"url": "https://tools.example.net/other/"})
    assert Contact.objects.filter(website__contains="tools.example.net").count() == 1
    assert client.post(f"/admin/outreach/post/{post.pk}/add/", {"url": "javascript:alert(1)"}).status_code == 302
    assert Contact.objects.count() == 1


@pytest.fixture
def partner(home_page):
    index = ResourceIndexPageFactory(parent=home_page)
    return ResourcePageFactory(
        parent=index,
        title="Launch Studio",
        kind=Kind.PARTNER,
        external_url="https://launch-studio.example.com/",
        partner_contact="hello@launch-studio.example.com",
    )


def test_a_partner_resource_has_a_tell_this_partner_they_are_listed_button(client, superuser, partner, home_page):
    client.force_login(superuser)
    url = f"/admin/outreach/partner/{partner.pk}/"
    assert soup(client.get(f"/admin/pages/{partner.pk}/edit/")).select(f'a[href="{url}"]')
    listing = soup(client.get(f"/admin/pages/{partner.get_parent().pk}/"))
    assert listing.select(f'a[href="{url}"]')
    tool = ResourcePageFactory(parent=partner.get_parent(), kind=Kind.TOOL)
    assert not soup(client.get(f"/admin/pages/{tool.pk}/edit/")).select('a[href^="/admin/outreach/partner/"]')


def test_telling_a_partner_creates_its_contact_from_the_page_then_composes(client, partner):
    sign_in_editor(client, *WRITERS)
    url = f"/admin/outreach/partner/{partner.pk}/"
    assert "Create the contact and write" in soup(client.get(url)).get_text()
    assert not Contact.objects.exists()  # looking creates nothing
    response = client.post(url)
    contact = Contact.objects.get()
    assert (contact.email, contact.kind, contact.resource) == ("hello@launch-studio.example.com", "partner", partner)
    listed = MessageTemplate.objects.get(use_for=TemplateUse.LISTED)
    assert response["Location"] == f"/admin/outreach/contacts/{contact.pk}/write/?template={listed.pk}"
    assert client.get(url)["Location"] == response["Location"]  # the second time, straight to the message
    compose = soup(client.get(response["Location"]))
    assert compose.select_one("[name=subject]")["value"] == "Launch Studio is listed on Launchkit"


def test_a_partner_whose_contact_is_a_web_page_gets_a_contact_without_an_address(client, partner):
    partner.partner_contact = "https://launch-studio.example.com/contact/"
    partner.save()
    sign_in_editor(client, *WRITERS)
    client.post(f"/admin/outreach/partner/{partner.pk}/")
    assert Contact.objects.get().email == ""


def test_a_blog_post_has_a_tell_the_people_this_post_mentions_button(client, superuser, post):
    client.force_login(superuser)
    url = f"/admin/outreach/post/{post.pk}/"
    assert soup(client.get(f"/admin/pages/{post.pk}/edit/")).select(f'a[href="{url}"]')
    assert soup(client.get(f"/admin/pages/{post.get_parent().pk}/")).select(f'a[href="{url}"]')


def test_the_contact_listing_offers_write_and_download_to_those_who_may(client, db):
    contact = Contact.objects.create(name="Riley", email="riley@example.org")
    sign_in_editor(client, *WRITERS)
    listing = soup(client.get("/admin/snippets/outreach/contact/"))
    assert listing.select(f'a[href="/admin/outreach/contacts/{contact.pk}/write/"]')
    assert not listing.select(f'a[href="/admin/outreach/contacts/{contact.pk}/data/"]')


def test_the_contact_form_ties_a_partner_resource_and_the_posts_that_mention_them(client, partner, post):
    sign_in_editor(client, *WRITERS)
    response = client.post(
        "/admin/snippets/outreach/contact/add/",
        {
            "name": "Launch Studio",
            "email": "hello@launch-studio.example.com",
            "kind": "partner",
            "status": "contacted",
            "resource": partner.pk,
            "posts": [post.pk],
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.resource == partner and list(contact.posts.all()) == [post]
    assert contact.follow_up_on  # marked contacted by hand: the follow-up is set all the same
