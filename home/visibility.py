"""Sections of the site hidden for a while (e.g. the blog before a launch), decided by a feature app.

Home imports no feature app: each `page_visibility_rules` hook is called with the request (or None outside one)
and returns `[(page_path, visibility)]`, where `page_path` is a section root's Wagtail tree path (`page.path`) and
visibility is NOINDEX (public, with `<meta name="robots" content="noindex">`, out of the sitemap) or PRIVATE
(visitors get 404, editors still see it; out of the sitemap). The rules are read once per request.
"""

from django.http import Http404

NOINDEX = "noindex"
PRIVATE = "private"
REQUEST_ATTR = "page_visibility_rules"


def rules(request=None):
    if request is not None and hasattr(request, REQUEST_ATTR):
        return getattr(request, REQUEST_ATTR)
    from wagtail import hooks

    found = [rule for hook in hooks.get_hooks("page_visibility_rules") for rule in hook(request)]
    if request is not None:
        setattr(request, REQUEST_ATTR, found)
    return found


def visibility(page, request=None):
    """PRIVATE, NOINDEX or None (no rule) for `page`: the strictest rule of its section."""
    found = None
    for path, kind in rules(request):
        if page.path.startswith(path):
            if kind == PRIVATE:
                return PRIVATE
            found = NOINDEX
    return found


def hidden_paths(request=None):
    """The section roots to leave out of the sitemap (both kinds)."""
    return [path for path, _kind in rules(request)]


def is_editor(request):
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated and user.has_perm("wagtailadmin.access_admin")


def is_private(page, request):
    """Whether `page` is in a private section and the visitor may not see it (editors may preview what is coming).
    Listings (search results, landing-page sections) leave such pages out."""
    return visibility(page, request) == PRIVATE and not is_editor(request)


def refuse_private(page, request):
    """404 for a private section's page, unless the visitor is an editor."""
    if is_private(page, request):
        raise Http404("Not published yet")
