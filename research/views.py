"""The question page: personal (the subscriber's own signed link), never cached, CSRF-protected, rate-limited."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from newsletter import tokens
from ops.http import personal_data
from ops.ratelimit import over_limit

from .forms import AnswerForm
from .models import Answer, Question

TOO_MANY = "Too many answers from your network just now. Please try again in a little while."


def problem(request, title, text, status):
    return render(request, "research/problem.html", {"title": title, "text": text}, status=status)


def save_answer(subscriber, question, data):
    values = {"question_text": question.text, "option": data.get("option", ""), "text": data["text"].strip()}
    try:
        with transaction.atomic():
            answer, created = Answer.objects.update_or_create(subscriber=subscriber, question=question, defaults=values)
    except IntegrityError:  # the same person answering twice at once: the other request created it
        answer = Answer.objects.get(subscriber=subscriber, question=question)
        Answer.objects.filter(pk=answer.pk).update(**values)
        created = False
    return answer, created


@personal_data
@require_http_methods(["GET", "POST"])
def answer(request, token):
    try:
        subscriber = tokens.read_manage(token)
    except (tokens.TokenExpired, tokens.TokenInvalid):
        return problem(request, "This link isn't valid", "Use the link in a recent email from us.", 400)
    question = Question.objects.current()
    if question is None:
        return problem(request, "No question right now", "Thanks for looking: there's nothing to answer today.", 404)
    existing = Answer.objects.filter(subscriber=subscriber, question=question).first()
    initial = {"option": existing.option, "text": existing.text} if existing else None
    if request.method == "GET":
        form = AnswerForm(question, initial=initial)
        return render(request, "research/answer.html", {"form": form, "question": question, "token": token})
    form = AnswerForm(question, request.POST)
    if over_limit(request, "research.answer", settings.RESEARCH_ANSWER_RATE):
        form.is_valid()
        form.add_error(None, TOO_MANY)
        return render(request, "research/answer.html", {"form": form, "question": question, "token": token}, status=429)
    if not form.is_valid():
        return render(request, "research/answer.html", {"form": form, "question": question, "token": token}, status=400)
    save_answer(subscriber, question, form.cleaned_data)
    return render(request, "research/thanks.html", {"question": question, "token": token, "changed": bool(existing)})
