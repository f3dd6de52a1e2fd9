"""The personal link to the question: the subscriber's manage token, the one their unsubscribe links carry."""

from django.urls import reverse

from newsletter import tokens


def answer_url(subscriber):
    return reverse("research:answer", args=[tokens.manage_token(subscriber)])
