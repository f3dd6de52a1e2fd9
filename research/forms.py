from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm

from ops.params import parse_int

from .models import MAX_ANSWER, AnswerTag, Question

WORDING = ("text", "kind", "options")


class QuestionForm(WagtailAdminModelForm):
    """Rewording an answered question starts a new round: a new row, the old one archived with its answers."""

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("kind") == Question.Kind.CHOICE
            and len(Question(options=cleaned.get("options", "")).option_list) < 2
        ):
            self.add_error("options", "A choice needs at least two options, one per line.")
        return cleaned

    def save(self, commit=True):
        question = self.instance
        if question.pk and set(self.changed_data) & set(WORDING) and question.answers.exists():
            Question.objects.filter(pk=question.pk).update(active=False)
            question.pk = None
            question.created_at = timezone.now()
        return super().save(commit=commit)


class AnswerForm(forms.Form):
    option = forms.ChoiceField(label="Pick the closest", widget=forms.RadioSelect, required=False)
    text = forms.CharField(
        label="Your answer",
        max_length=MAX_ANSWER,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_ANSWER}),
    )

    def __init__(self, question, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        if question.is_choice:
            self.fields["option"].choices = [(option, option) for option in question.option_list]
            self.fields["text"].label = "Anything to add? (optional)"
        else:
            del self.fields["option"]

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("option") and not cleaned.get("text", "").strip():
            raise ValidationError(
                "Pick an option or write a few words." if self.question.is_choice else "Write a few words first."
            )
        return cleaned


class AnswerIdsField(forms.ModelMultipleChoiceField):
    """Answer ids through ops.params.parse_int: anything but a database id is simply not an answer."""

    def clean(self, value):
        ids = [str(number) for number in {parse_int(str(item)) for item in value or []} - {None}]
        if value and not ids:
            raise ValidationError("Select some answers first.")
        return super().clean(ids)


class BulkTagForm(forms.Form):
    answers = AnswerIdsField(queryset=None, error_messages={"required": "Select some answers first."})
    tag = forms.CharField(max_length=100, label="Tag", error_messages={"required": "Type a tag."})
    remove = forms.BooleanField(required=False)

    def __init__(self, answers, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answers"].queryset = answers

    def clean_tag(self):
        name = " ".join(self.cleaned_data["tag"].split())
        if not name:
            raise ValidationError("Type a tag.")
        return name

    def apply(self):
        name = self.cleaned_data["tag"]
        answers = list(self.cleaned_data["answers"])
        if self.cleaned_data["remove"]:
            tag = AnswerTag.objects.filter(name__iexact=name).first()
            if tag:
                tag.answers.remove(*answers)
            return len(answers), name
        tag = AnswerTag.objects.filter(name__iexact=name).first() or AnswerTag.objects.create(name=name)
        tag.answers.add(*answers)
        return len(answers), tag.name
