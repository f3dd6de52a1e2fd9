import pytest
from wagtail.models import ReferenceIndex, Site

from home.models import NavigationSettings
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_a_menu_link_counts_as_a_use_of_the_page(home_page):
    about = StandardPageFactory(parent=home_page, title="About", slug="about")
    nav = NavigationSettings.for_site(Site.objects.get())
    nav.footer_links = [("link", {"page": about, "label": "", "external_url": ""})]
    nav.save()
    usage = ReferenceIndex.get_references_to(about).group_by_source_object()
    assert [source for source, _ in usage] == [nav]
