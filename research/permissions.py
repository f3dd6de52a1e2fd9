"""The research section's permissions.

Questions: Wagtail's add/change/view on Question. Answers: "report" (view_answer) opens the report and its CSV;
"tag" (change_answer) tags answers there. Answer tags: their own add/change/delete.
"""

from ops.permissions import SectionPermissionPolicy

from .models import Answer, AnswerTag, Question

question_permissions = SectionPermissionPolicy(Question)
answer_permissions = SectionPermissionPolicy(Answer, {"report": "view_answer", "tag": "change_answer"})
answer_tag_permissions = SectionPermissionPolicy(AnswerTag)
