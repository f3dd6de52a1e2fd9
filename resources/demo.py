"""Demo resources: every link the talk names, in categories, plus a few example partner businesses.

Idempotent: categories are matched by slug and resources by slug under the directory; what exists is left alone.
"""

from home.demo import child_page

from .models import Kind, Pricing, ResourceCategory, ResourceIndexPage, ResourcePage

CATEGORIES = [
    ("analytics", "Analytics", "Know who comes, from where, and what they do."),
    ("landing-pages", "Landing pages and email lists", "A page that explains the product and collects addresses."),
    ("writing", "Writing and blogging", "Words that bring readers who become users."),
    ("communities", "Communities to share on", "Where developers and early adopters gather."),
    ("crowdfunding", "Crowdfunding", "Pre-sell the product and fund the work."),
    ("email-outreach", "Email outreach", "Write to people one by one, and follow up."),
    ("talks-and-people", "Talks and people", "Where this directory comes from."),
    ("partners", "Partner businesses", "Businesses that help developers market what they build."),
]

TALK_URL = "https://2017.djangocon.eu/"

# slug, title, url, category, kind, pricing, tags, featured, description
RESOURCES = [
    (
        "segment",
        "Segment",
        "https://segment.com/",
        "analytics",
        Kind.SERVICE,
        Pricing.FREEMIUM,
        ["analytics", "events"],
        True,
        "Collects events once and forwards them to every analytics tool you try, so switching tools costs no code. "
        "The talk recommends it to save time wiring up external services.",
    ),
    (
        "briefmetrics",
        "Briefmetrics",
        "https://briefmetrics.com/",
        "analytics",
        Kind.SERVICE,
        Pricing.PAID,
        ["analytics", "email"],
        True,
        "Emails you a plain-language summary of your analytics, for founders who never open a dashboard. "
        "Numbers you read every week beat numbers you never look at.",
    ),
    (
        "launchrock",
        "Launchrock",
        "https://www.launchrock.com/",
        "landing-pages",
        Kind.SERVICE,
        Pricing.FREE,
        ["landing page", "email list"],
        False,
        "A ready-made “coming soon” page that collects email addresses before the product exists, "
        "so launch day starts with people already waiting.",
    ),
    (
        "github-pages",
        "GitHub Pages",
        "https://pages.github.com/",
        "landing-pages",
        Kind.TOOL,
        Pricing.FREE,
        ["landing page", "hosting"],
        False,
        "Free hosting for a static landing page straight from a repository: "
        "no server to run while you find out whether anyone cares.",
    ),
    (
        "medium",
        "Medium",
        "https://medium.com/",
        "writing",
        Kind.SERVICE,
        Pricing.FREEMIUM,
        ["writing", "blogging"],
        False,
        "Write where readers already are. The talk's advice: you don't need a separate blog for every product; "
        "a personal blog or Medium is perfectly fine. Just write.",
    ),
    (
        "hacker-news",
        "Hacker News",
        "https://news.ycombinator.com/",
        "communities",
        Kind.COMMUNITY,
        Pricing.FREE,
        ["launch", "developers"],
        True,
        "A large technical audience that can send a flood of readers, or none. Worth a try with a good post; "
        "never the whole plan.",
    ),
    (
        "reddit",
        "reddit",
        "https://www.reddit.com/",
        "communities",
        Kind.COMMUNITY,
        Pricing.FREE,
        ["launch", "communities"],
        False,
        "Subreddits for nearly every niche. Share what helps the readers there: they dislike anything that "
        "looks like self-promotion.",
    ),
    (
        "twitter",
        "Twitter",
        "https://twitter.com/",
        "communities",
        Kind.COMMUNITY,
        Pricing.FREE,
        ["social", "launch"],
        False,
        "Post from your personal account and from a project account: people follow people first, "
        "and the project account gives the product a home.",
    ),
    (
        "facebook",
        "Facebook",
        "https://www.facebook.com/",
        "communities",
        Kind.COMMUNITY,
        Pricing.FREE,
        ["social"],
        False,
        "Frustrating for reach, but cheap to try: push your blog posts there and let the readers who like them share.",
    ),
    (
        "kickstarter",
        "Kickstarter",
        "https://www.kickstarter.com/",
        "crowdfunding",
        Kind.SERVICE,
        Pricing.PAID,
        ["crowdfunding", "pre-sales"],
        False,
        "Pre-sell a digital product: backers pay for the work before you do it, "
        "and the campaign is marketing in itself.",
    ),
    (
        "boomerang-for-gmail",
        "Boomerang for Gmail",
        "https://www.boomeranggmail.com/",
        "email-outreach",
        Kind.TOOL,
        Pricing.FREEMIUM,
        ["email", "outreach"],
        False,
        "Schedules automatic follow-ups when nobody answers. Most replies come after the second email, "
        "and remembering to send it is the hard part.",
    ),
    (
        "marketing-for-developers-talk",
        "Marketing for Developers (DjangoCon Europe 2017)",
        TALK_URL,
        "talks-and-people",
        Kind.ARTICLE,
        Pricing.FREE,
        ["talk", "marketing"],
        True,
        "The talk this directory grew from: marketing is hard, do it anyway, and start before the product is done.",
    ),
    (
        "tracy-osborn",
        "Tracy Osborn",
        "https://twitter.com/limedaring",
        "talks-and-people",
        Kind.PERSON,
        Pricing.FREE,
        ["talk", "people"],
        False,
        "The speaker: a developer and designer who marketed her own products and explains how, without the jargon.",
    ),
]

# Example partner businesses: fictional, marked as examples, on reserved example domains.
PARTNERS = [
    (
        "example-launch-studio",
        "Example Launch Studio",
        "https://launch-studio.example.com/",
        "Landing-page copy and design reviews for developer tools, delivered in a week.",
        "Reviews your landing page and rewrites the headline, the call to action and the first screen.",
        "15% off the first review",
        "LAUNCHKIT15",
        "hello@launch-studio.example.com",
        True,
    ),
    (
        "example-devrel-agency",
        "Example DevRel Agency",
        "https://devrel-agency.example.org/",
        "Conference talks, sample apps and docs for products that developers buy.",
        "Plans your first talks and writes tutorials that bring developers to your product.",
        "A free 30-minute call",
        "",
        "https://devrel-agency.example.org/contact/",
        False,
    ),
    (
        "example-newsletter-sponsorships",
        "Example Newsletter Sponsorships",
        "https://newsletters.example.net/",
        "Sponsored slots in developer newsletters, bought in one place.",
        "Books sponsored slots in newsletters that developers actually read.",
        "First slot at half price",
        "HALFSLOT",
        "sales@newsletters.example.net",
        True,
    ),
]


def load_categories():
    categories = {}
    for order, (slug, name, description) in enumerate(CATEGORIES):
        category, _ = ResourceCategory.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "sort_order": order * 10}
        )
        categories[slug] = category
    return categories


def load_resources(home):
    index, _ = child_page(
        home,
        ResourceIndexPage,
        "resources",
        title="Resources",
        intro="Tools, communities and people that help developers market what they build.",
    )
    categories = load_categories()
    for slug, title, url, category, kind, pricing, tags, featured, description in RESOURCES:
        page, created = child_page(
            index,
            ResourcePage,
            slug,
            title=title,
            external_url=url,
            description=description,
            category=categories[category],
            kind=kind,
            pricing=pricing,
            featured=featured,
        )
        _file_existing(page, created, categories[category], kind, pricing, tags)
    for slug, title, url, description, blurb, offer, code, contact, sponsored in PARTNERS:
        page, created = child_page(
            index,
            ResourcePage,
            slug,
            title=title,
            external_url=url,
            description=description,
            category=categories["partners"],
            kind=Kind.PARTNER,
            pricing=Pricing.PAID,
            partner_blurb=blurb,
            offer=offer,
            offer_code=code,
            partner_contact=contact,
            sponsored=sponsored,
            is_example=True,
        )
        _file_existing(page, created, categories["partners"], Kind.PARTNER, Pricing.PAID, ["example", "partner"])
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
