from django.core.management.base import BaseCommand

from blog.demo import load_blog
from home.demo import load_home, load_pages, load_settings
from resources.demo import load_resources


class Command(BaseCommand):
    help = "Build the demo site from the talk 'Marketing for Developers'. Safe to run again: it changes nothing."

    def handle(self, *args, **options):
        home, site = load_home()
        blog = load_blog(home)
        resources = load_resources(home)
        about, privacy = load_pages(home)
        load_settings(
            site,
            {
                "header": [blog, resources, about],
                "footer": [blog, resources, about, privacy],
                "subscribe": "/newsletter/subscribe/",
            },
        )
        self.stdout.write(self.style.SUCCESS(f"Demo content ready at {site.root_url}"))
