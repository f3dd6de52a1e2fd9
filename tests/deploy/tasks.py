"""A task for the scale-out test: records which worker process ran which job, in Redis."""

import os

from django_redis import get_redis_connection
from django_tasks import task


@task()
def record_run(key, number):
    get_redis_connection("default").rpush(key, f"{number}:{os.getpid()}")
