"""Two gunicorn web processes and two run_worker processes on one PostgreSQL and Redis.

The processes use the settings every deployment uses (base.py through dev.py with DEBUG off, so no collectstatic is
needed); what is under test is the shared state: cache, page cache, sessions, rate limits and the task queue.
"""

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django_redis import get_redis_connection

from newsletter.models import Subscriber
from tests.conftest import free_port
from tests.deploy.tasks import record_run

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"),
        reason="scale-out needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL)",
    ),
]


def database_url():
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def cluster(home_page, tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": database_url(),
        "REDIS_URL": os.environ["REDIS_URL"],
        # The same prefix as this test process, so a publish here purges the webs' page cache.
        "CACHE_KEY_PREFIX": settings.CACHES["default"]["KEY_PREFIX"],
        "AXES_FAILURE_LIMIT": "3",
        "PAGE_CACHE_SECONDS": "600",
        "RELEASE": settings.RELEASE,
        # The signups below come from a script at full speed: the newsletter's bot defences would (rightly) drop them.
        "NEWSLETTER_MIN_FILL_SECONDS": "0",
        "NEWSLETTER_RATE_PER_IP": "1000/h",
        "NEWSLETTER_RATE_PER_ADDRESS": "1000/h",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "LOG_LEVEL": "WARNING",
    }
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    ports = [free_port(), free_port()]
    processes = [
        subprocess.Popen(
            [
                gunicorn,
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--no-control-socket",
                "--log-level",
                "warning",
                "--env",
                "DJANGO_SETTINGS_MODULE=config.settings.dev",
            ],
            cwd=ROOT,
            env=env,
        )
        for port in ports
    ]
    processes += [
        subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--no-reload", "--interval", "0.2", "--worker-id", f"w{n}"],
            cwd=ROOT,
            env=env,
        )
        for n in (1, 2)
    ]
    webs = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        deadline = time.monotonic() + 90
        for web in webs:
            while True:
                try:
                    urllib.request.urlopen(web + "/healthz", timeout=2)
                    break
                except OSError:
                    assert time.monotonic() < deadline, "web process did not start"
                    assert all(p.poll() is None for p in processes), "a process exited"
                    time.sleep(0.3)
        yield webs, processes
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


# Behind a load balancer every process sees the site's one host name, whatever port it listens on.
HOST = "localhost"


class Browser:
    """A visitor with a cookie jar, who may hit either web process."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url):
        request = urllib.request.Request(url)
        request.add_header("Host", HOST)
        with self.opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()

    def post(self, url, data, referer=None):
        request = urllib.request.Request(url, data=urllib.parse.urlencode(data).encode(), method="POST")
        request.add_header("Host", HOST)
        request.add_header("Referer", referer or url)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_two_webs_and_two_workers_share_state(cluster, home_page):
    (web1, web2), processes = cluster

    # Pages: both answer, and the page cache is shared through Redis.
    status, headers, _ = Browser().get(web1 + "/")
    assert status == 200 and headers.get("X-Wagtail-Cache") == "miss"
    status, headers, _ = Browser().get(web2 + "/")
    assert status == 200 and headers.get("X-Wagtail-Cache") == "hit"
    # A publish anywhere purges the page for both at once, and it never comes back stale.
    home_page.title = "Launchkit, republished"
    home_page.seo_title = "Republished title"
    home_page.save_revision().publish()
    assert all("Republished title" in Browser().get(url + "/")[2] for url in (web2, web1, web2, web1))

    # Signups: the form from one web posts to the other; every address lands once, even when sent to both at once.
    def sign_up(args):
        n, email = args
        visitor = Browser()
        visitor.get((web1, web2)[n % 2] + "/newsletter/subscribe/")
        return visitor.post((web2, web1)[n % 2] + "/newsletter/subscribe/", {"email": email})[0]

    emails = [f"reader{n}@example.com" for n in range(10)] + ["twice@example.com"] * 6
    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(sign_up, enumerate(emails)))
    assert set(statuses) == {200}  # the redirect to the thank-you page was followed
    assert Subscriber.objects.count() == 11
    assert Subscriber.objects.filter(email="twice@example.com").count() == 1

    # Tasks: 40 jobs through PostgreSQL, each run exactly once by one of the two workers.
    key = f"{settings.CACHES['default']['KEY_PREFIX']}:scale:{uuid.uuid4().hex}"
    redis = get_redis_connection("default")
    for n in range(40):
        record_run.enqueue(key, n)
    deadline = time.monotonic() + 90
    while redis.llen(key) < 40 and time.monotonic() < deadline:
        time.sleep(0.3)
    time.sleep(1)  # a job run twice would show up now
    runs = [item.decode().split(":") for item in redis.lrange(key, 0, -1)]
    redis.delete(key)
    assert sorted(int(number) for number, _ in runs) == list(range(40))
    worker_pids = {str(p.pid) for p in processes[2:]}
    assert {pid for _, pid in runs} <= worker_pids

    # Sessions and rate limits: logged in through one web, recognised by the other; failures counted across both.
    get_user_model().objects.create_superuser("admin", "admin@example.com", "right-password-123")
    editor = Browser()
    _, _, login = editor.get(web1 + "/admin/login/")
    status, _ = editor.post(
        web1 + "/admin/login/",
        {"username": "admin", "password": "right-password-123", "csrfmiddlewaretoken": csrf_token(login)},
    )
    assert status == 200
    status, headers, _ = editor.get(web2 + "/admin/")
    assert status == 200 and headers.get("X-Wagtail-Cache") == "skip"  # an editor: never from the page cache
    attacker = Browser()
    for n in range(3):
        web = (web1, web2)[n % 2]
        _, _, login = attacker.get(web + "/admin/login/")
        attacker.post(
            web + "/admin/login/", {"username": "admin", "password": "guess", "csrfmiddlewaretoken": csrf_token(login)}
        )
    _, _, login = attacker.get(web2 + "/admin/login/")
    status, _ = attacker.post(
        web2 + "/admin/login/",
        {"username": "admin", "password": "right-password-123", "csrfmiddlewaretoken": csrf_token(login)},
    )
    assert status == 429
