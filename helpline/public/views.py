"""Public pages: home, articles, PDFs by language, the ask page, get involved."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation

from helpline.answers import pipeline
from helpline.knowledge.models import Locale, Translation
from helpline.knowledge.pdf import render_pdf
from helpline.knowledge.presentation import article_context
from helpline.newsletter.forms import SignUpForm
from helpline.public.forms import AskForm


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def published(locale: str | None = None):  # type: ignore[no-untyped-def]
    """Translations with a published revision: the only ones the public ever sees."""
    qs = Translation.objects.filter(
        published_revision__isnull=False, article__source=""
    ).select_related("article", "published_revision")
    return qs.filter(locale=locale) if locale else qs


def home(request: HttpRequest) -> HttpResponse:
    articles = published(_language()).order_by("published_revision__title")
    return render(request, "public/home.html", {"articles": articles})


def article_list(request: HttpRequest) -> HttpResponse:
    articles = published(_language()).order_by("published_revision__title")
    return render(request, "public/article_list.html", {"articles": articles})


def _find(slug: str) -> tuple[Translation | None, Translation | None]:
    """(the translation in the active language, or None; any published one with this slug)."""
    lang = _language()
    here = published(lang).filter(slug=slug).first()
    if here is not None:
        return here, here
    elsewhere = published().filter(slug=slug).first()
    if elsewhere is None:
        return None, None
    return published(lang).filter(article=elsewhere.article).first(), elsewhere


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    found, any_locale = _find(slug)
    if any_locale is None:
        raise Http404("No such article")
    if found is None:
        # The article exists, but not (yet) in this language: say so and link to it.
        return render(request, "public/article_missing.html", {"other": any_locale}, status=404)
    if found.slug != slug:
        return redirect(found.get_absolute_url())
    context = article_context(found)
    context["alternate_urls"] = _alternates(found, context["other_translations"])
    return render(request, "public/article_detail.html", context)


def _alternates(found: Translation, others: list[Translation]) -> dict[str, str]:
    """The same article in each language, or that language's article list when missing."""
    by_locale = {t.locale: t for t in [found, *others]}
    urls = {}
    for code, _name in settings.LANGUAGES:
        if code in by_locale:
            urls[code] = by_locale[code].get_absolute_url()
        else:
            with translation.override(code):
                urls[code] = reverse("public:articles")
    return urls


def article_pdf(request: HttpRequest, slug: str) -> FileResponse:
    found, _any = _find(slug)
    if found is None or found.slug != slug:
        raise Http404("No such article")
    path = render_pdf(found)
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"{found.slug}-{found.locale}.pdf",
        content_type="application/pdf",
    )


def pdfs(request: HttpRequest) -> HttpResponse:
    by_locale = [
        (code, label, published(code).order_by("published_revision__title"))
        for code, label in Locale.choices
    ]
    return render(request, "public/pdfs.html", {"by_locale": by_locale})


def ask(request: HttpRequest) -> HttpResponse:
    """The ask page: a question in, a cited reviewed extract (or a person) out.

    POST, so that health questions stay out of addresses, histories and server logs.
    """
    form = AskForm(request.POST or None)
    result = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            result = pipeline.answer(form.cleaned_data["question"], _language())
        else:
            status = 400
    return render(request, "public/ask.html", {"form": form, "result": result}, status=status)


def get_involved(request: HttpRequest) -> HttpResponse:
    return render(request, "public/get_involved.html", {"form": SignUpForm()})
