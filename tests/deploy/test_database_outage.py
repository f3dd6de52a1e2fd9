"""A hung database: a web process (config.wsgi, as deployed) gives up within seconds instead of holding the worker.

"Hung" here is a table locked by another session, which is what a long migration or a stuck transaction does;
the statement and lock timeouts that config/wsgi.py sets end the wait.
"""

import os
import urllib.error
import urllib.request

import psycopg
import pytest
from django.db import connection

from tests.deploy.servers import gunicorn
from tests.deploy.test_scale_out import database_url

# Far below gunicorn's 30 s worker timeout: a request that has not answered by then is hanging.
PATIENCE = 20

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="statement and lock timeouts are PostgreSQL's",
    ),
]


@pytest.fixture
def web(home_page, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": database_url(),
        "DATABASE_STATEMENT_TIMEOUT": "3",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "LOG_LEVEL": "CRITICAL",
    }
    with gunicorn(env) as url:
        yield url


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=PATIENCE) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_requests_fail_fast_while_the_page_table_is_locked_and_recover_after(web):
    assert fetch(web + "/") == 200  # now stored: served without the database
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"], dbname=db["NAME"]
    ) as lock:
        lock.execute("LOCK TABLE wagtailcore_page IN ACCESS EXCLUSIVE MODE")
        assert fetch(web + "/") == 200
        assert fetch(web + "/?page=2") == 500  # a first render needs the table: an error page, not a hang
        assert fetch(web + "/healthz") == 200
    assert fetch(web + "/?page=3") == 200
