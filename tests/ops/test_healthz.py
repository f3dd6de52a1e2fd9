from unittest import mock

import pytest
from django.db import OperationalError, connection

from tests.conftest import free_port

pytestmark = pytest.mark.django_db


def test_healthz_ok(client):
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")  # any host: probes use the container address
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_healthz_reports_a_database_that_does_not_answer(client):
    if connection.vendor == "postgresql":
        # PostgreSQL is probed over a connection of its own: point it at a port nobody listens on.
        down = mock.patch.dict(connection.settings_dict, {"HOST": "127.0.0.1", "PORT": free_port()})
    else:
        # Stand-in for a database server that is down: the connection's cursor fails as the driver's would.
        down = mock.patch.object(connection, "cursor", side_effect=OperationalError("connection refused"))
    with down:
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
