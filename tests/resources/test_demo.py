import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from resources.models import Kind, ResourceCategory, ResourcePage

pytestmark = pytest.mark.django_db

TALK_LINKS = {
    "Segment": "analytics",
    "Briefmetrics": "analytics",
    "Launchrock": "landing-pages",
    "GitHub Pages": "landing-pages",
    "Medium": "writing",
    "Hacker News": "communities",
    "reddit": "communities",
    "Twitter": "communities",
    "Facebook": "communities",
    "Kickstarter": "crowdfunding",
    "Boomerang for Gmail": "email-outreach",
    "Tracy Osborn": "talks-and-people",
    "Marketing for Developers (DjangoCon Europe 2017)": "talks-and-people",
}


def test_demo_seeds_every_talk_link_once(client):
    call_command("load_demo")
    call_command("load_demo")
    for title, category in TALK_LINKS.items():
        page = ResourcePage.objects.get(title=title)
        assert page.live and page.category.slug == category and page.description and page.tags.exists()
    partners = ResourcePage.objects.filter(kind=Kind.PARTNER)
    assert partners.count() == 3 and all(p.is_example for p in partners)
    assert ResourceCategory.objects.count() == 8
    response = client.get("/resources/", HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 200
    text = BeautifulSoup(response.content, "html.parser").get_text()
    for title in TALK_LINKS:
        assert title in text
    assert "Example Launch Studio" in text
