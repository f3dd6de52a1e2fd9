"""/l/<slug>/: a campaign link's short path on this site, answered with a 302 to the tagged page."""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from wagtail.models import Site
from wagtailcache.cache import nocache_page

from analytics.events import first_click_today, record_event
from analytics.sources import is_bot
from analytics.views import opted_out
from ops.ratelimit import over_limit

from .attribution import SHORT_LINK_EVENT
from .models import CampaignLink


def target_of(request, link):
    """The linked page's path on this host with the link's UTM query; None when the page has no address here.

    Only a path ever leaves this function (never a scheme or a host), and it is checked once more, so no value an
    editor or a visitor chooses can send anyone to another site.
    """
    page = link.page
    if not page.live or page.get_view_restrictions().exists():
        return None
    parts = page.get_url_parts(request)
    site = Site.find_for_request(request)
    if parts is None or site is None or parts[0] != site.pk:
        return None  # a page of another site: never redirect to its host
    path = "/" + parts[2].lstrip("/")
    target = f"{path}?{link.query}"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return None
    return target


def count_visit(request, link, path):
    """One visit a visitor a day, as the analytics count clicks; none from bots, opted-out browsers, or past the
    click rate (ANALYTICS_CLICK_RATE), which still get their redirect."""
    user_agent = request.headers.get("User-Agent", "")
    if opted_out(request) or is_bot(user_agent):
        return
    if over_limit(request, "distribution.shortlink", settings.ANALYTICS_CLICK_RATE):
        return
    if first_click_today(request, SHORT_LINK_EVENT, link.slug):
        record_event(SHORT_LINK_EVENT, path=path, utm_source=link.source, target=link.slug, request=request)


@never_cache
@nocache_page
def short_link(request, slug):
    link = CampaignLink.objects.select_related("page").filter(slug=slug.lower()).first()
    if link is None:
        raise Http404("No such link")
    target = target_of(request, link)
    if target is None:
        raise Http404("The linked page is not published")
    count_visit(request, link, target.split("?")[0])
    return HttpResponseRedirect(target)
