import json
import re

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from ops.params import parse_int
from ops.ratelimit import over_limit

from . import bounds, recording
from .events import first_click_today, own_hosts, record_event, visitor_today
from .models import DailyStat, Dimension
from .sources import DIRECT, device_class, host_of, is_bot, source_of

MAX_BODY = 4096
UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign")
# Events a browser may report; others (signups, suggestions) are recorded by the server only.
BEACON_EVENTS = {"pageview", "resource_click", "share_click"}
ALLOWED_KEYS = {"name", "path", "referrer", "target", *UTM_KEYS}
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class BadBeacon(ValueError):
    pass


def _text(data, key, limit, required=False):
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise BadBeacon(f"'{key}' must be a string.")
    if len(value) > limit:
        raise BadBeacon(f"'{key}' is too long (at most {limit} characters).")
    if CONTROL.search(value):
        raise BadBeacon(f"'{key}' contains control characters.")
    if required and not value:
        raise BadBeacon(f"'{key}' is required.")
    return value.strip()


def parse_beacon(body):
    if len(body) > MAX_BODY:
        raise BadBeacon(f"The beacon is too large (at most {MAX_BODY} bytes).")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise BadBeacon("The beacon must be a JSON object.") from error
    if not isinstance(data, dict):
        raise BadBeacon("The beacon must be a JSON object.")
    unknown = set(data) - ALLOWED_KEYS
    if unknown:
        raise BadBeacon(f"Unknown field(s): {', '.join(sorted(unknown))[:200]}.")
    beacon = {
        "name": _text(data, "name", 40) or "pageview",
        "path": _text(data, "path", 500, required=True),
        "referrer": _text(data, "referrer", 1000),
        "target": _text(data, "target", 255),
    }
    for key in UTM_KEYS:
        beacon[key] = _text(data, key, 200).lower()
    if beacon["name"] not in BEACON_EVENTS:
        raise BadBeacon(f"Unknown event '{beacon['name'][:40]}'.")
    if not beacon["path"].startswith("/") or beacon["path"].startswith("//"):
        raise BadBeacon("'path' must be a path on this site, starting with /.")
    beacon["path"] = beacon["path"].split("?")[0].split("#")[0][:300]
    if beacon["referrer"] and not re.match(r"https?://", beacon["referrer"], re.IGNORECASE):
        raise BadBeacon("'referrer' must be an http(s) URL.")
    if beacon["name"] != "pageview" and not beacon["target"]:
        raise BadBeacon("An event needs a 'target'.")
    return beacon


def opted_out(request):
    return request.headers.get("DNT", "").strip() == "1" or request.headers.get("Sec-GPC", "").strip() == "1"


def _no_content(status=204):
    """An empty answer no cache keeps: 204, or 429 for a client over ANALYTICS_COLLECT_RATE.

    With no body it has no Content-Type either, so it is no HTML page for the CSP middleware to work on.
    """
    response = HttpResponse(status=status)
    del response["Content-Type"]
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
def collect(request):
    """The beacon's endpoint. Answers 204 whether or not the hit counted, so opting out is not observable."""
    if request.method != "POST":
        response = JsonResponse({"ok": False, "error": "Send the beacon with POST."}, status=405)
        response["Allow"] = "POST"
        return response
    if over_limit(request, "analytics.collect", settings.ANALYTICS_COLLECT_RATE):
        # More than a browser sends: answered before any parsing or database work, and not counted.
        return _no_content(status=429)
    if parse_int(request.META.get("CONTENT_LENGTH") or "0", maximum=MAX_BODY) is None:
        return JsonResponse({"ok": False, "error": f"The beacon is too large (at most {MAX_BODY} bytes)."}, status=400)
    try:
        beacon = parse_beacon(request.body)
    except BadBeacon as error:
        return JsonResponse({"ok": False, "error": str(error)}, status=400)

    user_agent = request.headers.get("User-Agent", "")[:500]
    if opted_out(request) or is_bot(user_agent):
        return _no_content()

    hosts = own_hosts(request)
    source = source_of(beacon["utm_source"], beacon["referrer"], hosts)
    # Only this site's pages become keys; a made-up path counts, but under "(other)".
    beacon["path"] = bounds.page_path(request, beacon["path"])
    if beacon["name"] != "pageview":
        return collect_click(request, beacon, source)

    day, visitor = visitor_today(request)
    recording.record_pageview(day, visitor, pageview_dimensions(beacon, source, user_agent, hosts))
    return _no_content()


def collect_click(request, beacon, source):
    """A click on a resource or share link: real targets only, once per visitor and day, within ANALYTICS_CLICK_RATE."""
    name, target = beacon["name"], beacon["target"]
    if not bounds.is_valid_target(name, target):
        return JsonResponse({"ok": False, "error": f"Unknown target for '{name}'."}, status=400)
    if over_limit(request, "analytics.click", settings.ANALYTICS_CLICK_RATE):
        return _no_content(status=429)
    if first_click_today(request, name, target):
        record_event(name, path=beacon["path"], source=known_source(source), target=target)
    return _no_content()


def known_source(source):
    """The source when today's page views already count it (they keep a bounded number), else "(other)"."""
    if source == DIRECT:
        return source
    today = DailyStat.objects.filter(day=recording.today(), dimension=Dimension.SOURCE, key=source)
    return source if today.exists() else bounds.OTHER


def hour_of_week(when):
    """The hour-of-week key of a moment in the site's time zone: "2-9" is Tuesday, 9:00 to 9:59."""
    local = timezone.localtime(when)
    return f"{local.isoweekday()}-{local.hour}"


def pageview_dimensions(beacon, source, user_agent, hosts):
    """The (dimension, key) pairs one page view counts in."""
    referrer_host = host_of(beacon["referrer"])
    dimensions = [
        (Dimension.TOTAL, ""),
        (Dimension.PATH, beacon["path"]),
        (Dimension.SOURCE, source),
        (Dimension.DEVICE, device_class(user_agent)),
        (Dimension.HOUR, hour_of_week(timezone.now())),
    ]
    if referrer_host and referrer_host not in hosts:
        dimensions.append((Dimension.REFERRER, referrer_host))
    if any(beacon[key] for key in UTM_KEYS):
        dimensions.append((Dimension.UTM, " / ".join(beacon[key] or "-" for key in UTM_KEYS)[:300]))
    return [(str(d), k) for d, k in dimensions]
