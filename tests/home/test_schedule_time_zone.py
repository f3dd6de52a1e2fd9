import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def test_the_schedule_dialog_names_the_time_zone(admin_client, home_page, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    response = admin_client.get(f"/admin/pages/{home_page.pk}/edit/")
    soup = BeautifulSoup(response.content, "html.parser")
    for name in ("go_live_at", "expire_at"):
        field = soup.find(id=f"panel-child-settings-child-publishing-child-{name}-helptext")
        assert field.find(class_="help").string == "Time zone: Europe/Berlin.", name  # in a <template>: no get_text
