"""One button for a page in the two places editors look for it: the page's header and the listing's "More" menu."""

from wagtail import hooks


def register_page_button(make_button, listing_priority, header_priority):
    """Registers both hooks for `make_button(page, user, priority)`, which returns a Button or None where it does
    not apply. Returns the two hook functions."""

    @hooks.register("register_page_listing_more_buttons")
    def listing_button(page, user, next_url=None):
        button = make_button(page, user, listing_priority)
        return [button] if button else []

    @hooks.register("register_page_header_buttons")
    def header_button(page, user, view_name, next_url=None):
        button = make_button(page, user, header_priority)
        return [button] if button else []

    return listing_button, header_button
