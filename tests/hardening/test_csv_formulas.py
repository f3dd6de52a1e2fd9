"""Every CSV export neutralises spreadsheet formulas in values visitors or sites supplied (defusedcsv)."""

import csv
import io

import pytest

from resources.models import LinkHealth
from tests.factories import ResourcePageFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

FORMULAS = ["=1+2", "@SUM(1)", "+1+1", "-2+3"]


def cells(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return [cell for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for cell in row]


def assert_neutralised(all_cells):
    for formula in FORMULAS:
        assert formula not in all_cells
        assert "'" + formula in all_cells


def test_subscriber_export_neutralises_formulas_in_attribution(admin_client):
    for number, formula in enumerate(FORMULAS):
        SubscriberFactory(email=f"r{number}@example.com", utm_source=formula)
    response = admin_client.get("/admin/snippets/newsletter/subscriber/?export=csv")
    assert response.status_code == 200
    assert_neutralised(cells(response))


def test_resources_export_neutralises_formulas(client, directory):
    for formula in FORMULAS:
        ResourcePageFactory(parent=directory, title=formula, description=formula)
    assert_neutralised(cells(client.get("/resources/export.csv")))


def test_failing_links_report_export_neutralises_formulas(admin_client, directory):
    for formula in FORMULAS:
        resource = ResourcePageFactory(parent=directory, title=formula)
        LinkHealth.objects.create(resource=resource, error=formula, consecutive_failures=1)
    response = admin_client.get("/admin/reports/failing-links/?export=csv")
    assert response.status_code == 200
    assert_neutralised(cells(response))


def test_plain_numbers_stay_numbers(admin_client):
    SubscriberFactory(email="n@example.com", utm_source="-1")
    assert "-1" in cells(admin_client.get("/admin/snippets/newsletter/subscriber/?export=csv"))
