from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.models import Site

from ops.permissions import PolicyMenuItem

from . import checklist, referrals, views, visibility
from .models import LaunchSettings
from .permissions import PERMISSIONS, launch_permissions


def launch_settings(request):
    """The launch setting of the request's site (or the default site's), or None when nobody saved one yet.

    Read once per request (pages read it with the other settings: home/site_settings.py) and never created here: a
    sitemap or a page view must not write.
    """
    if request is not None and hasattr(request, LaunchSettings.get_cache_attr_name()):
        return getattr(request, LaunchSettings.get_cache_attr_name())
    if request is not None and hasattr(request, NO_ROW):
        return None
    site = Site.find_for_request(request) if request is not None else None
    site_filter = {"site": site} if site is not None else {"site__is_default_site": True}
    row = LaunchSettings.objects.filter(**site_filter).first()
    if request is not None:
        if row is None:
            setattr(request, NO_ROW, True)
        else:
            setattr(request, LaunchSettings.get_cache_attr_name(), row)
    return row


NO_ROW = "launch_settings_missing"


# --- The public site -------------------------------------------------------------------------------------------


@hooks.register("landing_page_variant")
def waitlist_variant(request, page):
    """While pre-launch is on: the waitlist (headline, signup, countdown) in place of the landing page's hero."""
    launch = launch_settings(request)
    if launch is None or not launch.is_waitlist:
        return None
    launch_at = timezone.localtime(launch.launch_at) if launch.launch_at else None
    return render_to_string(
        "launch/waitlist.html",
        {
            "launch": launch,
            "launch_at_iso": launch.launch_at.isoformat() if launch.launch_at else "",
            "launch_at_local": launch_at,
            "time_zone": launch_at.tzname() if launch_at else "",
            "page": page,
        },
        request=request,
    )


@hooks.register("site_settings_preload")
def preload_launch_settings():
    """Every page asks for the launch setting (the waitlist, hidden sections): read it with the others."""
    return ["launch.LaunchSettings"]


@hooks.register("before_serve_page", order=100)  # after home's preload, which reads it with the other settings
def read_launch_settings(page, request, serve_args, serve_kwargs):
    """Pages read the setting with the others (no query); the first page view creates its row, as Wagtail does
    for every setting, so later views find it there."""
    LaunchSettings.for_request(request)


@hooks.register("page_visibility_rules")
def hidden_before_launch(request):
    """The blog and the directory, hidden as the editor chose until the launch (home/visibility.py)."""
    return visibility.rules(request, launch_settings)


@hooks.register("confirmation_page_sections")
def place_in_line_section(request, subscriber):
    """The confirmation page (personal, never cached): the place in line and the link to share, while the waitlist
    is on."""
    launch = launch_settings(request)
    if launch is None or not launch.is_waitlist or not subscriber.is_confirmed:
        return []
    url = referrals.referral_url(subscriber)
    html = render_to_string(
        "launch/confirmed_referrals.html",
        {
            "place": referrals.place_in_line(subscriber),
            "count": referrals.referral_count(subscriber),
            "waitlist": referrals.waitlist_size(),
            "url": url,
            "share_links": share_links(url, launch.headline),
        },
        request=request,
    )
    return [{"heading": "Your place in line", "html": html, "order": 10}]


def share_links(url, text):
    """Plain links to each network's own share page: no third-party script is loaded."""
    return [
        {"label": "Mastodon", "url": "https://mastodonshare.com/?" + urlencode({"text": text, "url": url})},
        {"label": "Bluesky", "url": "https://bsky.app/intent/compose?" + urlencode({"text": f"{text} {url}"})},
        {"label": "X / Twitter", "url": "https://x.com/intent/post?" + urlencode({"url": url, "text": text})},
        {"label": "LinkedIn", "url": "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})},
        {"label": "Email", "url": "mailto:?" + urlencode({"subject": text, "body": url}).replace("+", "%20")},
    ]


# --- Subscribers ---------------------------------------------------------------------------------------------


@hooks.register("subscriber_data")
def referral_data(subscriber):
    """The subscriber's JSON download: their code, how many confirmed referrals they have, who referred them."""
    return {
        "referrals": {
            "referral_code": subscriber.referral_code or "",
            "confirmed_referrals": referrals.referral_count(subscriber),
            "referred_by": subscriber.referred_by.email if subscriber.referred_by_id else None,
        }
    }


@hooks.register("subscriber_profile_sections")
def referrals_profile_section(request, subscriber):
    """The subscriber's admin profile (built by the research app): referrals, place in line, who referred them."""
    if not launch_permissions.user_has_permission(request.user, "referrers"):
        return []
    html = render_to_string(
        "launch/admin/profile_referrals.html",
        {
            "count": referrals.referral_count(subscriber),
            "place": referrals.place_in_line(subscriber),
            "subscriber": subscriber,
            "referred_by": subscriber.referred_by,
            "report_url": reverse("launch_top_referrers"),
        },
        request=request,
    )
    return [{"heading": "Referrals", "html": html, "order": 30}]


# --- The admin -----------------------------------------------------------------------------------------------


@hooks.register("register_admin_urls")
def launch_admin_urls():
    return [
        path("launch/referrers/", views.TopReferrersReport.as_view(), name="launch_top_referrers"),
        path(
            "launch/referrers/results/",
            views.TopReferrersReport.as_view(results_only=True),
            name="launch_top_referrers_results",
        ),
    ]


@hooks.register("register_admin_menu_item")
def launch_menu_item():
    items = [
        PolicyMenuItem(
            "Launch settings",
            reverse("wagtailsettings:edit", args=["launch", "launchsettings"]),
            icon_name="cogs",
            order=10,
            policy=launch_permissions,
            action="settings",
        ),
        PolicyMenuItem(
            "Top referrers",
            reverse("launch_top_referrers"),
            icon_name="group",
            order=20,
            policy=launch_permissions,
            action="referrers",
        ),
    ]
    # One "Launch" entry; Wagtail hides it when the user may see neither item.
    return SubmenuMenuItem("Launch", Menu(items=items), icon_name="pick", order=280)


@hooks.register("construct_homepage_panels")
def add_checklist_panel(request, panels):
    if launch_permissions.user_has_permission(request.user, "settings"):
        panels.append(checklist.ChecklistPanel())


@hooks.register("launch_checklist_items")
def core_checklist_items(request):
    return checklist.core_items(request)


@hooks.register("register_permissions")
def launch_section_permissions():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__app_label="launch", codename__in=PERMISSIONS)


@hooks.register("load_demo_content", order=40)
def load_demo_launch(home_page):
    from .demo import load_launch

    return load_launch(home_page)
