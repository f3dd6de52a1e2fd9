"""A frozen and a stopped PostgreSQL: /healthz says 503 within 2 s, stored pages are still served, and the site
recovers when the server comes back.

The server is a throwaway PostgreSQL of this test's own (initdb into a temporary directory, its own port), loaded
with a copy of the test database, never the shared one. "Frozen" is SIGSTOP on the postmaster and all its processes:
the kernel still accepts connections, nothing ever answers, as with a hung host or a proxy in front of a dead one.
"""

import contextlib
import glob
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.conftest import free_port
from tests.deploy.servers import gunicorn

BINARIES = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
PATIENCE = 2  # seconds: a load balancer's probe timeout

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres") or not BINARIES,
        reason="needs the PostgreSQL test database and PostgreSQL's server binaries",
    ),
]


def as_postgres():
    """Run the server as the `postgres` user when we are root (PostgreSQL refuses to run as root)."""
    return {"user": "postgres", "group": "postgres"} if os.geteuid() == 0 else {}


class ThrowawayPostgres:
    def __init__(self):
        self.bin = Path(BINARIES[-1])
        self.dir = tempfile.mkdtemp(prefix="launchkit-pg-")
        self.port = free_port()
        self.process = None
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")

    def start(self):
        data = Path(self.dir) / "data"
        subprocess.run(
            [self.bin / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"],
            check=True,
            capture_output=True,
            **as_postgres(),
        )
        self.process = subprocess.Popen(
            [self.bin / "postgres", "-D", data, "-p", str(self.port), "-k", self.dir]
            + ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            **as_postgres(),
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                psycopg.connect(self.url("postgres"), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                assert time.monotonic() < deadline, "the throwaway PostgreSQL did not start"
                time.sleep(0.2)

    def url(self, name):
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def copy_of(self, settings_dict, name="launchkit"):
        """The test database, copied over with pg_dump | psql (the same server version on this machine)."""
        with psycopg.connect(self.url("postgres"), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        source = f"postgresql://{settings_dict['USER']}@{settings_dict['HOST'] or '127.0.0.1'}:"
        source += f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
        dump = subprocess.run([self.bin / "pg_dump", "--no-owner", source], check=True, capture_output=True).stdout
        subprocess.run(
            [self.bin / "psql", "-q", "-v", "ON_ERROR_STOP=1", self.url(name)],
            input=dump,
            check=True,
            capture_output=True,
        )
        return self.url(name)

    def processes(self):
        """The postmaster and its children (backends, checkpointer...), which each run in a session of their own."""
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                children.append(int(stat.parent.name))
        return [self.process.pid, *children]

    def signal(self, number):
        for pid in self.processes():
            with contextlib.suppress(ProcessLookupError):  # a backend that just ended
                os.kill(pid, number)

    def shut_down(self):
        """PostgreSQL's fast shutdown (SIGINT): clients are disconnected, as when an operator stops the server."""
        self.signal(signal.SIGCONT)
        self.process.send_signal(signal.SIGINT)
        self.process.wait(20)

    def stop(self):
        if self.process and self.process.poll() is None:
            try:
                self.shut_down()
            except subprocess.TimeoutExpired:
                self.signal(signal.SIGQUIT)  # immediate shutdown
                self.process.wait(20)
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def postgres():
    server = ThrowawayPostgres()
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def web(home_page, postgres, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": postgres.copy_of(connection.settings_dict),
        "CACHE_KEY_PREFIX": f"freeze-{tmp_path.name}",
        "PAGE_CACHE_DIR": str(tmp_path / "pages"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "HEALTHZ_DATABASE_TIMEOUT": "1",
        "LOG_LEVEL": "CRITICAL",
    }
    with gunicorn(env, workers=2) as url:
        yield url


def fetch(url):
    """The status of a request that must be answered within PATIENCE seconds (a timeout fails the test)."""
    try:
        with urllib.request.urlopen(url, timeout=PATIENCE) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_healthz_fails_fast_and_stored_pages_are_served_while_postgresql_is_frozen_then_stopped(web, postgres):
    assert fetch(web + "/healthz") == 200
    for _ in range(2):  # both web processes: the first view stores the page, the rest come from the cache
        assert fetch(web + "/") == 200

    postgres.signal(signal.SIGSTOP)  # frozen: connections are accepted, nothing answers
    try:
        for _ in range(3):
            assert fetch(web + "/healthz") == 503
        assert fetch(web + "/") == 200
    finally:
        postgres.signal(signal.SIGCONT)
    assert fetch(web + "/healthz") == 200  # thawed: back in service

    postgres.shut_down()  # stopped: connections are refused
    for _ in range(3):
        assert fetch(web + "/healthz") == 503
    assert fetch(web + "/") == 200
