from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import path, reverse, reverse_lazy
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from newsletter import tokens
from newsletter.emails import absolute
from ops.permissions import PolicyMenuItem

from . import report
from .forms import AnswerForm, QuestionForm
from .links import answer_url
from .models import DEFAULT_QUESTION, Answer, AnswerTag, Question, ResearchSettings
from .permissions import answer_permissions, answer_tag_permissions, question_permissions


class QuestionViewSet(SnippetViewSet):
    model = Question
    permission_policy = question_permissions
    # Rewording an answered question starts a new round (QuestionForm.save).
    edit_handler = ObjectList(Question.panels, base_form_class=QuestionForm)
    icon = "help"
    menu_label = "Questions"
    list_display = [
        "text",
        "kind",
        "active",
        "created_at",
        Column("answer_count", label="Answers"),
    ]
    ordering = ["-created_at"]

    def get_queryset(self, request):
        return Question.objects.annotate(answer_count=Count("answers"))


class AnswerTagViewSet(SnippetViewSet):
    model = AnswerTag
    permission_policy = answer_tag_permissions
    icon = "tag"
    menu_label = "Answer tags"
    list_display = ["name"]
    search_fields = ["name"]


class ResearchGroup(SnippetViewSetGroup):
    """One "Research" entry in the sidebar: the answers report, the questions (rounds) and the tags."""

    menu_label = "Research"
    menu_icon = "help"
    menu_order = 320
    items = (QuestionViewSet, AnswerTagViewSet)

    def get_submenu_items(self):
        report_item = PolicyMenuItem(
            "Answers report",
            reverse_lazy("research_report"),
            icon_name="list-ul",
            order=0,
            policy=answer_permissions,
            action="report",
        )
        return [report_item, *super().get_submenu_items()]


register_snippet(ResearchGroup)


@hooks.register("register_admin_urls")
def research_admin_urls():
    return [path("research/report/", report.report, name="research_report")]


@hooks.register("register_permissions")
def research_section_permissions():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__app_label="research", codename__in=["view_answer", "change_answer"])


# --- What the subscriber sees -----------------------------------------------------------------


@hooks.register("confirmation_page_sections")
def question_on_confirmation_page(request, subscriber):
    question = Question.objects.current()
    if question is None or not ResearchSettings.load(request_or_site=request).ask_on_confirmation:
        return []
    if Answer.objects.filter(subscriber=subscriber, question=question).exists():
        return []
    context = {"form": AnswerForm(question), "question": question, "token": tokens.manage_token(subscriber)}
    html = render_to_string("research/confirmation_section.html", context, request=request)
    return [{"heading": "One optional question", "html": html, "order": 20}]


@hooks.register("welcome_email_sections")
def question_in_welcome_email(subscriber):
    question = Question.objects.current()
    if question is None or not ResearchSettings.load().ask_in_welcome_email:
        return ""
    return render_to_string("research/welcome_section.html", {"question": question, "url": answer_url(subscriber)})


# --- What editors see -------------------------------------------------------------------------


@hooks.register("subscriber_profile_sections")
def research_answer_on_profile(request, subscriber):
    if not answer_permissions.user_has_permission(request.user, "report"):
        return []
    answers = subscriber.research_answers.select_related("question").prefetch_related("tags")
    html = render_to_string(
        "research/profile_section.html", {"answers": answers, "report_url": reverse("research_report")}
    )
    return [{"heading": "Customer question", "html": html, "order": 60}]


@hooks.register("subscriber_data")
def research_answers_data(subscriber):
    return {"research_answers": [answer.as_data() for answer in subscriber.research_answers.prefetch_related("tags")]}


@hooks.register("weekly_digest_sections")
def new_answers_in_digest(start, end):
    answers = Answer.objects.between(start, end).order_by("-created_at", "-pk")
    count = answers.count()
    if not count:
        return []
    url = absolute(reverse("research_report"))
    items = [{"text": f"{count} new answer{'s' if count != 1 else ''} to your customer question", "url": url}]
    items += [{"text": f"“{answer.summary[:140]}”", "url": url} for answer in answers[:3]]
    return [{"heading": "New answers to your question", "items": items}]


@hooks.register("launch_checklist_items")
def question_checklist_item(request):
    """Done once a question is asked that the editor has made their own (reworded from the default), or that people
    have started answering: either way someone is listening. The default question alone, unanswered, is not done."""
    question = Question.objects.current()
    done = question is not None and (question.text != DEFAULT_QUESTION or question.answers.exists())
    url = reverse("research_report") if done else reverse("wagtailsnippets_research_question:list")
    return [{"key": "customer_question", "label": "Customer question set", "done": done, "url": url, "order": 80}]


@hooks.register("load_demo_content", order=90)
def load_demo_research(home_page):
    from .demo import load_research

    load_research(home_page)
