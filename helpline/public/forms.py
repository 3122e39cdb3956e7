from django import forms
from django.utils.translation import gettext_lazy as _

from helpline.answers.pipeline import MAX_QUESTION_CHARS


class AskForm(forms.Form):
    question = forms.CharField(
        label=_("Your question"),
        max_length=MAX_QUESTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Please write a question.")},
    )
