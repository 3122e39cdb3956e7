from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django import forms
from django.utils.translation import gettext_lazy as _

from helpline.knowledge.actions import RevisionContent
from helpline.knowledge.content_files import ContentError, ReferenceData, parse_reference


class RevisionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    body = forms.CharField(
        label=_("Text (Markdown; start each section with '## ')"),
        widget=forms.Textarea(attrs={"rows": 24}),
    )
    review_by = forms.DateField(
        label=_("Review by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    references = forms.CharField(
        label=_("References (YAML list: authors, title, source, year, doi or url, accessed)"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
    )

    def clean_references(self) -> list[ReferenceData]:
        text = self.cleaned_data.get("references") or ""
        try:
            raw = yaml.safe_load(text) if text.strip() else []
        except yaml.YAMLError as exc:
            raise forms.ValidationError(_("The references are not valid YAML: %s") % exc) from None
        if not isinstance(raw, list):
            raise forms.ValidationError(_("The references must be a YAML list."))
        try:
            return [parse_reference(Path("references"), i, r) for i, r in enumerate(raw, start=1)]
        except ContentError as exc:
            raise forms.ValidationError(exc.problem) from None

    def content(self) -> RevisionContent:
        data = self.cleaned_data
        return RevisionContent(
            title=data["title"],
            body=data["body"],
            summary=data["summary"],
            review_by=data["review_by"],
            references=data["references"],
        )

    @staticmethod
    def initial_from(content: RevisionContent) -> dict[str, Any]:
        refs = [
            {k: v for k, v in r.__dict__.items() if v not in (None, "")} for r in content.references
        ]
        return {
            "title": content.title,
            "summary": content.summary,
            "body": content.body,
            "review_by": content.review_by,
            "references": yaml.safe_dump(refs, sort_keys=False, allow_unicode=True) if refs else "",
        }


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
