from django.core.management.base import BaseCommand
from wagtail import hooks

from home.demo import load_home, load_pages, load_settings


class Command(BaseCommand):
    help = (
        "Build the demo site from the talk 'Marketing for Developers'. Safe to run again: it changes nothing "
        "editors made, and a local default Site follows BASE_URL."
    )

    def handle(self, *args, **options):
        home, site = load_home()
        # Each feature app builds its own demo under the landing page (`load_demo_content` hooks, in their order)
        # and may return a page for the header and footer navigation.
        linked = []
        for load_demo_content in hooks.get_hooks("load_demo_content"):
            page = load_demo_content(home)
            if page is not None:
                linked.append(page)
        about, privacy = load_pages(home)
        load_settings(
            site,
            {
                "header": [*linked, about],
                "footer": [*linked, about, privacy],
                "subscribe": "/newsletter/subscribe/",
            },
        )
        self.stdout.write(self.style.SUCCESS(f"Demo content ready at {site.root_url}"))
