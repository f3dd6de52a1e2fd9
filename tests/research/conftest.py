import pytest
from django.utils import timezone

from newsletter import tokens
from newsletter.models import Subscriber
from research.models import Question
from tests.factories import SubscriberFactory


@pytest.fixture
def subscriber(db):
    return SubscriberFactory(
        status=Subscriber.Status.CONFIRMED,
        confirmed_at=timezone.now(),
        source_path="/pricing/",
        utm_source="hackernews",
        utm_campaign="show-hn",
    )


@pytest.fixture
def question(db):
    return Question.objects.create(text="What brought you here?", kind=Question.Kind.TEXT)


@pytest.fixture
def choice_question(db):
    return Question.objects.create(
        text="What do you need most?", kind=Question.Kind.CHOICE, options="Users\nWords\n\nUsers\nMoney"
    )


def answer_path(subscriber):
    return f"/question/{tokens.manage_token(subscriber)}/"
