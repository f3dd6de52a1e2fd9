"""Fixtures shared by the hardening tests: the blog and directory fixtures of their apps' suites, reused."""

from tests.blog.conftest import authors, blog, post  # noqa: F401
from tests.resources.conftest import directory  # noqa: F401
