"""Demo: a customer question with a handful of answers (options and words, some tagged), from readers who came
from different places. Safe to run again: nothing is duplicated, and a question editors asked since is kept."""

from django.utils import timezone

from newsletter.models import Consent, StatusChange, Subscriber

from .models import Answer, AnswerTag, Question

QUESTION = "What are you hoping Launchkit will help you with?"
OPTIONS = ["Getting my first users", "Writing about my product", "Growing my email list", "Something else"]
# (name, option, words, tags, (utm_source, utm_medium, utm_campaign), landing page, days ago)
ANSWERS = [
    ("ada", "Getting my first users", "I launched last month and nobody came. I need a landing page that converts.",
     ["launch"], ("hackernews", "social", "show-hn"), "/", 2),
    ("grace", "Getting my first users", "A simple landing page and a waiting list before I build more.",
     ["launch"], ("", "", ""), "/", 3),
    ("linus", "Writing about my product", "I never know what to write. Blog post ideas for developers, please.",
     ["content"], ("mastodon", "social", "launch-week"), "/blog/", 4),
    ("margaret", "Writing about my product", "", [], ("newsletter", "email", "welcome"), "/blog/", 5),
    ("alan", "Growing my email list", "My email list is stuck at 40 people. How do I grow it?",
     ["email list"], ("reddit", "social", "sideproject"), "/resources/", 6),
    ("barbara", "Growing my email list", "Ideas to grow my email list without being spammy.",
     ["email list"], ("", "", ""), "/", 8),
    ("ken", "Something else", "Pricing: I have no idea what to charge.", ["pricing"], ("", "", ""), "/about/", 9),
    ("frances", "", "Honestly just a checklist for launch day.", [], ("hackernews", "social", "show-hn"), "/", 10),
]  # fmt: skip


def demo_subscriber(name, utm, path, days):
    when = timezone.now() - timezone.timedelta(days=days)
    source, medium, campaign = utm
    subscriber, created = Subscriber.objects.get_or_create(
        email=f"{name}@example.com",
        defaults={
            "status": Subscriber.Status.CONFIRMED,
            "created_at": when,
            "confirmed_at": when,
            "source_path": path,
            "utm_source": source,
            "utm_medium": medium,
            "utm_campaign": campaign,
        },
    )
    if created:  # a believable profile: the signup's consent, and history dated like the signup
        Consent.objects.create(
            subscriber=subscriber,
            action=Consent.Action.CONFIRM,
            form="Confirmation page",
            page=path,
            text="Yes, send me the newsletter. (Demo subscriber.)",
            created_at=when,
        )
        StatusChange.objects.filter(subscriber=subscriber).update(created_at=when)
    return subscriber


def load_research(home_page=None):
    question, _ = Question.objects.get_or_create(
        text=QUESTION, defaults={"kind": Question.Kind.CHOICE, "options": "\n".join(OPTIONS), "active": True}
    )
    for name, option, text, tags, utm, path, days in ANSWERS:
        subscriber = demo_subscriber(name, utm, path, days)
        answer, made = Answer.objects.get_or_create(
            subscriber=subscriber,
            question=question,
            defaults={
                "question_text": question.text,
                "option": option,
                "text": text,
                "created_at": subscriber.confirmed_at or timezone.now(),
            },
        )
        if made:
            answer.tags.add(*[AnswerTag.objects.get_or_create(name=tag)[0] for tag in tags])
    return None
