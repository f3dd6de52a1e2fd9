"""The answers report: one round (question) at a time, grouped by option, by editor tag and by frequent words and
phrases, each answer with the source, campaign and landing page of the subscriber who gave it.

All of a round's answers are read in three queries (answers with their subscribers, their tags, the rounds), however
many there are; the grouping happens in Python (research.words explains the words-and-phrases method).
"""

from collections import defaultdict

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode

from newsletter.permissions import subscriber_permissions
from ops import csvexport
from ops.params import parse_int

from .forms import BulkTagForm
from .models import Question
from .permissions import answer_permissions
from .words import frequent_terms, terms

EXAMPLES = 5
PER_PAGE = 100
NO_OPTION = "(no option chosen)"
CSV_FIELDS = [
    "question",
    "answered_at",
    "option",
    "text",
    "tags",
    "source",
    "landing_page",
    "referrer",
    "utm_source",
    "utm_medium",
    "utm_campaign",
]


def chosen_round(request):
    pk = parse_int(request.GET.get("question"))
    rounds = Question.objects.all()
    question = rounds.filter(pk=pk).first() if pk else None
    return question or Question.objects.current() or rounds.first()


def by_option(question, answers):
    groups = defaultdict(list)
    for answer in answers:
        groups[answer.option or NO_OPTION].append(answer)
    order = [*question.option_list, *sorted(set(groups) - set(question.option_list) - {NO_OPTION}), NO_OPTION]
    return [group(name, groups.get(name, []), "option", name) for name in order if name in groups or question.is_choice]


def by_tag(answers):
    groups = defaultdict(list)
    for answer in answers:
        for tag in answer.tags.all():
            groups[tag.name].append(answer)
    return sorted((group(name, found, "tag", name) for name, found in groups.items()), key=lambda g: -g["count"])


def group(label, answers, key, value):
    return {"label": label, "count": len(answers), "examples": answers[:EXAMPLES], "filter": urlencode({key: value})}


def matching(answers, request):
    """The answers the listing's filter asks for (an option, a tag, or a word or phrase)."""
    option, tag, term = (request.GET.get(key, "")[:200] for key in ("option", "tag", "term"))
    if option:
        answers = [a for a in answers if (a.option or NO_OPTION) == option]
    if tag:
        answers = [a for a in answers if tag in {t.name for t in a.tags.all()}]
    if term:
        answers = [a for a in answers if term.lower() in terms(a.text)]
    return answers, {"option": option, "tag": tag, "term": term}


def landing_page(subscriber):
    if subscriber.source_path:
        return subscriber.source_path
    return subscriber.source_page.url_path if subscriber.source_page else ""


def csv_response(question, answers):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="answers-round-{question.pk}.csv"'
    writer = csvexport.DictWriter(response, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for answer in answers:
        subscriber = answer.subscriber
        writer.writerow(
            {
                "question": answer.question_text,
                "answered_at": answer.created_at.isoformat(),
                "option": answer.option,
                "text": answer.text,
                "tags": ", ".join(tag.name for tag in answer.tags.all()),
                "source": subscriber.get_source_display(),
                "landing_page": landing_page(subscriber),
                "referrer": subscriber.referrer,
                "utm_source": subscriber.utm_source,
                "utm_medium": subscriber.utm_medium,
                "utm_campaign": subscriber.utm_campaign,
            }
        )
    return response


def bulk_tag(request, question):
    answer_permissions.check(request, "tag")
    form = BulkTagForm(question.answers.all(), request.POST)
    if form.is_valid():
        count, name = form.apply()
        verb = "Removed" if form.cleaned_data["remove"] else "Tagged"
        messages.success(request, f"{verb} “{name}” on {count} answer{'s' if count != 1 else ''}.")
    else:
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
    return redirect(f"{reverse('research_report')}?{request.GET.urlencode()}")


@answer_permissions.require("report")
def report(request):
    question = chosen_round(request)
    if question is None:
        return TemplateResponse(request, "research/admin/report.html", {"question": None})
    if request.method == "POST":
        return bulk_tag(request, question)
    answers = list(question.answers.for_report())
    shown, filters = matching(answers, request)
    if request.GET.get("format") == "csv":
        return csv_response(question, shown)
    page = Paginator(shown, PER_PAGE).get_page(parse_int(request.GET.get("page"), default=1))
    context = {
        "question": question,
        "rounds": Question.objects.all(),
        "total": len(answers),
        "options": by_option(question, answers) if question.is_choice else [],
        "tags": by_tag(answers),
        "terms": frequent_terms(answers),
        "page": page,
        "shown_count": len(shown),
        "filters": filters,
        "filtered": any(filters.values()),
        "may_tag": answer_permissions.user_has_permission(request.user, "tag"),
        "may_see_subscribers": subscriber_permissions.user_has_permission(request.user, "view"),
        "csv_query": urlencode({"question": question.pk, **filters, "format": "csv"}),
        "round_query": urlencode({"question": question.pk}),
    }
    return TemplateResponse(request, "research/admin/report.html", context)
