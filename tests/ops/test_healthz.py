from unittest import mock

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


def test_healthz_ok(client):
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")  # any host: probes use the container address
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_healthz_reports_a_database_that_does_not_answer(client):
    # Stand-in for a database server that is down: the connection's cursor fails as psycopg's would.
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
