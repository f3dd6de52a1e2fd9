"""Demo resources: every link the talk names, in categories, plus a few example partner businesses.

The content is in `resources/demo/resources.json`: the directory page, the categories in their order, the talk's
links and the example partners (fictional, marked as examples, on reserved example domains).
Idempotent: categories are matched by slug and resources by slug under the directory; what exists is left alone.
"""

from home.demo import child_page, read_demo_data

from .models import ResourceCategory, ResourceIndexPage, ResourcePage

DIRECTORY = read_demo_data(__file__, "resources.json")


def load_categories():
    categories = {}
    for order, data in enumerate(DIRECTORY["categories"]):
        category, _ = ResourceCategory.objects.get_or_create(
            slug=data["slug"],
            defaults={"name": data["name"], "description": data["description"], "sort_order": order * 10},
        )
        categories[data["slug"]] = category
    return categories


def load_resources(home):
    index, _ = child_page(home, ResourceIndexPage, **DIRECTORY["index"])
    categories = load_categories()
    for data in DIRECTORY["resources"] + DIRECTORY["partners"]:
        fields = {key: value for key, value in data.items() if key not in ("slug", "category", "tags")}
        category = categories[data["category"]]
        page, created = child_page(index, ResourcePage, data["slug"], category=category, **fields)
        _file_existing(page, created, category, data["kind"], data["pricing"], data["tags"])
    return index


def _file_existing(page, created, category, kind, pricing, tags):
    """Tag new pages; file pages from older demo data that have no category yet. Editors' choices are kept."""
    changed = False
    if created or not page.tags.exists():
        page.tags.set(tags)
        changed = True
    if page.category_id is None:
        page.category, page.kind, page.pricing = category, kind, pricing
        changed = True
    if changed:
        page.save_revision().publish()
