"""Customer research: one question for new subscribers, their answers, and the editors' tags on those answers.

A round is one Question row. Rewording an answered question (or asking a new one) starts a new row; the earlier row
is archived (inactive) and keeps its answers, and each answer keeps a copy of the words it answered.
"""

from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

DEFAULT_QUESTION = "What are you hoping this will help you with?"
MAX_ANSWER = 1000
MAX_OPTION = 200


class QuestionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def current(self):
        """The question subscribers are asked now (the newest active one), or None."""
        return self.active().order_by("-created_at", "-pk").first()


class Question(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", "A short text answer"
        CHOICE = "choice", "A choice among options (with an optional comment)"

    text = models.CharField("question", max_length=300, default=DEFAULT_QUESTION)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TEXT)
    options = models.TextField(
        blank=True, help_text="For a choice: one option per line, in the order subscribers see them."
    )
    active = models.BooleanField(
        default=True, help_text="Ask this question now. Only one question is asked at a time: the newest active one."
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = QuestionQuerySet.as_manager()

    panels = [
        HelpPanel(
            content="<p>Changing the words, the kind or the options of a question that has answers starts a new "
            "round: the old question is archived with its answers, and new answers go to the new one.</p>"
        ),
        FieldPanel("text"),
        FieldPanel("kind"),
        FieldPanel("options"),
        FieldPanel("active"),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.text

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.active:  # one question at a time
            Question.objects.active().exclude(pk=self.pk).update(active=False)

    @property
    def option_list(self):
        seen = []
        for line in self.options.splitlines():
            option = line.strip()[:MAX_OPTION]
            if option and option not in seen:
                seen.append(option)
        return seen

    @property
    def is_choice(self):
        return self.kind == self.Kind.CHOICE


class AnswerTag(models.Model):
    """An editor's label for answers ("pricing", "onboarding"), to group them in the report."""

    name = models.CharField(max_length=100, unique=True)

    panels = [FieldPanel("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class AnswerQuerySet(models.QuerySet):
    def for_report(self):
        return (
            self.select_related("subscriber", "subscriber__source_page")
            .prefetch_related("tags")
            .order_by("-created_at", "-pk")
        )

    def between(self, start, end):
        """Answered on the days start..end (dates, both included)."""
        return self.filter(created_at__date__gte=start, created_at__date__lte=end)


class Answer(models.Model):
    subscriber = models.ForeignKey("newsletter.Subscriber", on_delete=models.CASCADE, related_name="research_answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    question_text = models.CharField(max_length=300, help_text="The question's words when this answer was given.")
    option = models.CharField(max_length=MAX_OPTION, blank=True)
    text = models.TextField(max_length=MAX_ANSWER, blank=True)
    tags = models.ManyToManyField(AnswerTag, blank=True, related_name="answers")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "question"], name="research_answer_once_per_question")
        ]

    def __str__(self):
        return self.summary

    @property
    def summary(self):
        return " — ".join(part for part in (self.option, self.text) if part)

    def as_data(self):
        return {
            "question": self.question_text,
            "option": self.option,
            "text": self.text,
            "tags": [tag.name for tag in self.tags.all()],
            "answered_at": self.created_at.isoformat(),
        }


@register_setting(icon="help")
class ResearchSettings(BaseGenericSetting):
    ask_on_confirmation = models.BooleanField(
        default=True, help_text="Show the question on the page people see right after confirming their address."
    )
    ask_in_welcome_email = models.BooleanField(
        default=True, help_text="Add a link to the question to the welcome email."
    )

    panels = [FieldPanel("ask_on_confirmation"), FieldPanel("ask_in_welcome_email")]

    class Meta:
        verbose_name = "customer question"
