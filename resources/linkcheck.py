"""Link health: check every resource's URL concurrently and keep what was found."""

from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from home.seo import absolute_url, page_path
from ops.fetch import FetchError, Refused, TooSlow, fetch

from .models import LinkHealth, ResourcePage, dead_after_failures

# Servers that refuse HEAD answer with one of these; GET tells the truth.
HEAD_REFUSED = {400, 403, 404, 405, 406, 429, 500, 501, 502, 503}


def user_agent():
    return f"{settings.WAGTAIL_SITE_NAME}-LinkChecker/1.0 (+{settings.BASE_URL}/)"


@dataclass
class CheckResult:
    url: str
    status_code: int | None = None
    final_url: str = ""
    redirects: list = field(default_factory=list)
    error: str = ""

    @property
    def ok(self):
        return self.status_code is not None and 200 <= self.status_code < 400 and not self.error


def check_url(url, request_timeout=None):
    """HEAD, then GET when HEAD fails or is refused; redirects are followed and recorded. Through ops.fetch, so a link
    to (or redirecting to) an internal address is reported as refused, never fetched, and a request ends at
    RESOURCES_LINK_CHECK_TIMEOUT seconds in all."""
    request_timeout = request_timeout if request_timeout is not None else settings.RESOURCES_LINK_CHECK_TIMEOUT
    headers = {"User-Agent": user_agent(), "Accept": "*/*"}
    result = CheckResult(url=url)
    if not url.lower().startswith(("http://", "https://")):
        result.error = "Not an http(s) URL"
        return result
    response = None
    for method in ("HEAD", "GET"):
        try:
            # The body is never read: the status says whether the link works.
            response = fetch(url, method=method, headers=headers, timeout=request_timeout, max_bytes=0)
        except TooSlow:
            result.error = f"Timed out after {request_timeout:g} s"
            response = None
            break  # a server that hangs on HEAD hangs on GET too; don't wait twice
        except Refused as error:
            result.error = str(error)
            response = None
            break  # the same address for GET
        except FetchError as error:
            result.error = str(error)
            response = None
            continue
        if method == "HEAD" and response.status in HEAD_REFUSED:
            continue
        break
    if response is not None:
        result.error = ""
        result.status_code = response.status
        result.final_url = response.url
        result.redirects = response.history
    return result


def record(resource_id, url, result, now=None):
    """Store one check's result on the resource's LinkHealth."""
    now = now or timezone.now()
    health, _ = LinkHealth.objects.get_or_create(resource_id=resource_id)
    health.checked_url = url
    health.status_code = result.status_code
    health.error = result.error[:255]
    health.final_url = result.final_url[:2000]
    health.redirects = result.redirects
    health.last_checked_at = now
    if result.ok:
        health.last_ok_at = now
        health.consecutive_failures = 0
        health.dead = False
        health.dead_since = None
    else:
        health.consecutive_failures += 1
        health.dead = health.consecutive_failures >= dead_after_failures()
        if health.dead and health.dead_since is None:
            health.dead_since = now
    health.save()
    return health


def check_all(resources=None, workers=None, progress=None, request_timeout=None):
    """Check every resource's URL with a thread pool; returns {resource id: CheckResult}."""
    if resources is None:
        resources = ResourcePage.objects.all()
    targets = list(resources.values_list("pk", "external_url"))
    workers = workers or settings.RESOURCES_LINK_CHECK_WORKERS
    results = {}

    def run(url):
        return check_url(url, request_timeout=request_timeout)

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = {pool.submit(run, url): (pk, url) for pk, url in targets}
        for done, future in enumerate(as_completed(futures), start=1):
            pk, url = futures[future]
            result = future.result()
            record(pk, url, result)
            results[pk] = result
            if progress:
                progress(done, len(targets), url, result)
    return results


def newly_dead_links(start, end):
    """Links first flagged dead between the dates start and end, inclusive: the weekly analytics digest lists them."""
    found = LinkHealth.objects.filter(dead=True, dead_since__date__gte=start, dead_since__date__lte=end)
    found = found.select_related("resource")
    return [
        {
            "title": health.resource.title,
            "url": health.checked_url or health.resource.external_url,
            "page_url": absolute_url(page_path(health.resource) or "/"),
        }
        for health in found.order_by("dead_since")
    ]
