"""The specialist's wrap-up of a finished chat."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from helpline.chat.models import CallerType, Outcome


class WrapUpForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *Outcome.choices])
    caller_type = forms.ChoiceField(
        label=_("Caller type"),
        choices=[("", _("Not known")), *CallerType.choices],
        required=False,
    )
    topics = forms.CharField(
        label=_("Topics (separate with commas)"), required=False, max_length=500
    )
    referrals = forms.CharField(
        label=_("Referrals"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def topic_list(self) -> list[str]:
        raw: str = self.cleaned_data.get("topics") or ""
        return [t.strip() for t in raw.replace("\n", ",").split(",") if t.strip()]

    def error_message(self) -> str:
        """One sentence for the person who filled the form."""
        parts: list[str] = []
        for name, errors in self.errors.items():
            field: Any = self.fields.get(name)
            label = str(field.label) if field is not None else name
            parts.append(f"{label}: {' '.join(str(e) for e in errors)}")
        return " ".join(parts)
