"""Pages of the spread atlas: an index of primary cancers and one page per primary.

The atlas texts come from ``atlas_data/atlas.yaml`` (English and Spanish); the few
fixed labels of these pages are in :data:`LABELS` below, keyed by language, so that
they are right in Spanish without touching the gettext catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from helpline.spread import atlas as atlas_mod
from helpline.spread import diagram
from helpline.spread.atlas import Atlas, Entry, tr

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "index_title": "Where cancer spreads: an atlas",
        "index_intro": (
            "Choose a type of cancer to see the places it most often spreads to, the routes "
            "its cells take to get there, and why, with a simple body diagram. Each fact "
            "shows where it comes from: autopsy studies, the US National Cancer Institute "
            "and standard anatomy."
        ),
        "index_list": "Types of cancer",
        "index_sites": "Often spreads to",
        "page_title": "{name}: where it spreads and why",
        "sites": "Common sites of spread",
        "sites_intro": "These are the places where {phrase} most often spreads:",
        "routes": "Routes: how the cells get there",
        "why": "Why it spreads there",
        "numbers": "What the numbers say",
        "honest_title": "About these numbers",
        "honest": (
            "The figures come from autopsy series of people who died decades ago, most of "
            "them without modern treatment (the main series: 1914 to 1943, no chemotherapy "
            "or radiotherapy), and from a statistical model fitted to those autopsies. They "
            "describe groups of people, not you: they cannot tell whether or where one "
            "person's cancer will spread, and treatment has changed these patterns since. "
            "Please ask your doctor what applies to you."
        ),
        "table_caption": (
            "{name}: share of all metastases found at each site in {autopsies} autopsies "
            "(diSibio and French, 2008), next to the share the Helpline model gives it"
        ),
        "th_site": "Site",
        "th_observed": "Found in the autopsies",
        "th_model": "Model",
        "other_sites": "All other sites",
        "table_note": (
            "The model combines the routes of blood and lymph with a 'soil' factor for each "
            "organ. It was fitted to these same autopsies, so close agreement is expected."
        ),
        "no_model": (
            "This cancer was not a separate group in the 1914-1943 autopsy series, so there "
            "are no model figures for it."
        ),
        "model_unavailable": "The model figures are not available at the moment.",
        "diagram_caption": (
            "Where {phrase} tends to spread. Solid shape with a star: where it started. "
            "Striped shapes: common places of spread. The same places are listed in the text."
        ),
        "references": "References",
        "data_file": "Helpline data file",
        "last_revised": "Last revised",
        "reviewed_by": "Medically reviewed by {name}.",
        "awaiting_review": "This atlas is awaiting medical review.",
        "doctor_note": (
            "This page gives general information about groups of people. It cannot tell "
            "you where your own cancer will or will not spread. Please talk to your doctor "
            "or care team about your situation."
        ),
        "back": "All cancers in the atlas",
        "more": "More about how cancer spreads in our articles",
        "first_bed": "First filter",
    },
    "es": {
        "index_title": "Hacia dónde se disemina el cáncer: un atlas",
        "index_intro": (
            "Elija un tipo de cáncer para ver los lugares adonde se disemina con más "
            "frecuencia, las vías por las que llegan sus células y por qué, con un dibujo "
            "sencillo del cuerpo. Cada dato indica de dónde procede: estudios de autopsias, "
            "el Instituto Nacional del Cáncer de EE. UU. (NCI) y la anatomía clásica."
        ),
        "index_list": "Tipos de cáncer",
        "index_sites": "Se disemina a menudo a",
        "page_title": "{name}: hacia dónde se disemina y por qué",
        "sites": "Lugares frecuentes de diseminación",
        "sites_intro": "Estos son los lugares adonde se disemina con más frecuencia {phrase}:",
        "routes": "Vías: cómo llegan las células",
        "why": "Por qué se disemina a esos lugares",
        "numbers": "Qué dicen las cifras",
        "honest_title": "Sobre estas cifras",
        "honest": (
            "Las cifras proceden de series de autopsias de personas que fallecieron hace "
            "décadas, la mayoría sin los tratamientos actuales (la serie principal: de 1914 "
            "a 1943, sin quimioterapia ni radioterapia), y de un modelo estadístico ajustado "
            "a esas autopsias. Describen a grupos de personas, no a usted: no pueden decir "
            "si el cáncer de una persona se diseminará ni adónde, y los tratamientos han "
            "cambiado estos patrones desde entonces. Pregunte a su médico qué se aplica en "
            "su caso."
        ),
        "table_caption": (
            "{name}: porcentaje del total de metástasis encontrado en cada lugar en "
            "{autopsies} autopsias (diSibio y French, 2008), junto al porcentaje que le "
            "asigna el modelo de Helpline"
        ),
        "th_site": "Lugar",
        "th_observed": "Encontrado en las autopsias",
        "th_model": "Modelo",
        "other_sites": "Todos los demás lugares",
        "table_note": (
            "El modelo combina las vías de la sangre y de la linfa con un factor de "
            "«terreno» para cada órgano. Se ajustó a estas mismas autopsias, así que es de "
            "esperar que coincida bastante con ellas."
        ),
        "no_model": (
            "Este cáncer no formaba un grupo aparte en la serie de autopsias de 1914-1943, "
            "así que no hay cifras del modelo para él."
        ),
        "model_unavailable": "Las cifras del modelo no están disponibles en este momento.",
        "diagram_caption": (
            "Dónde tiende a diseminarse {phrase}. Forma lisa con una estrella: dónde empezó. "
            "Formas con rayas: lugares frecuentes de diseminación. Los mismos lugares "
            "aparecen en el texto."
        ),
        "references": "Referencias",
        "data_file": "Archivo de datos de Helpline",
        "last_revised": "Última revisión",
        "reviewed_by": "Revisión médica: {name}.",
        "awaiting_review": "Este atlas está pendiente de revisión médica.",
        "doctor_note": (
            "Esta página ofrece información general sobre grupos de personas. No puede "
            "decirle adónde se diseminará o no su propio cáncer. Hable con su médico o su "
            "equipo de atención sobre su situación."
        ),
        "back": "Todos los tipos de cáncer del atlas",
        "more": "Más información sobre cómo se disemina el cáncer en nuestros artículos",
        "first_bed": "Primer filtro",
    },
}


def _language() -> str:
    lang = translation.get_language() or settings.LANGUAGE_CODE
    lang = lang.split("-")[0]
    return lang if lang in LABELS else "en"


def _alternates(viewname: str, **kwargs: str) -> dict[str, str]:
    """This page's address in each site language (for the language switch)."""
    urls = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls[code] = reverse(viewname, kwargs=kwargs or None)
    return urls


def _percent(value: float, lang: str) -> str:
    pct = value * 100
    text = "<1" if 0 < pct < 0.5 else f"{pct:.0f}"
    return f"{text}\u00a0%" if lang == "es" else f"{text}%"


class _Numbering:
    """Reference numbers in order of first use on a page."""

    def __init__(self) -> None:
        self.order: list[str] = []

    def __call__(self, keys: Iterable[str]) -> list[int]:
        nums = []
        for key in keys:
            if key not in self.order:
                self.order.append(key)
            nums.append(self.order.index(key) + 1)
        return sorted(set(nums))


def index(request: HttpRequest) -> HttpResponse:
    lang = _language()
    atlas = atlas_mod.load_atlas()
    items = []
    for entry in atlas_mod.entries_sorted(lang):
        sites = [tr(atlas.site_names[s.site].short, lang) for s in entry.sites[:5]]
        items.append(
            {
                "name": tr(entry.name, lang),
                "url": reverse("spread:primary", kwargs={"slug": entry.slug}),
                "sites": ", ".join(_lower_first(s) for s in sites),
                "slug": entry.slug,
            }
        )
    context = {
        "labels": LABELS[lang],
        "lang": lang,
        "items": items,
        "atlas": atlas,
        "reviewed_note": _review_note(atlas, lang),
        "alternate_urls": _alternates("spread:index"),
    }
    return render(request, "spread/index.html", context)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def primary(request: HttpRequest, slug: str) -> HttpResponse:
    lang = _language()
    atlas = atlas_mod.load_atlas()
    entry = atlas.entry(slug)
    if entry is None:
        raise Http404("No such primary cancer in the atlas")
    context = primary_context(entry, atlas, lang)
    context["alternate_urls"] = _alternates("spread:primary", slug=slug)
    return render(request, "spread/primary.html", context)


def primary_context(entry: Entry, atlas: Atlas, lang: str) -> dict[str, Any]:
    """Everything the primary page shows, in ``lang``."""
    labels = LABELS[lang]
    number = _Numbering()
    phrase = tr(entry.phrase, lang)
    name = tr(entry.name, lang)
    note = (
        {"text": tr(entry.note.text, lang), "refs": number(entry.note.refs)} if entry.note else None
    )
    sites = [
        {
            "label": atlas.site_label(s.site, lang),
            "note": tr(s.note, lang),
            "refs": number(s.refs),
        }
        for s in entry.sites
    ]
    routes = [
        {
            "kind": r.kind,
            "heading": tr(atlas_mod.ROUTE_LABELS[r.kind], lang),
            "text": tr(r.text, lang),
            "first_bed": tr(atlas_mod.FIRST_BED_LABELS[r.first_bed], lang) if r.first_bed else "",
            "refs": number(r.refs),
        }
        for r in entry.routes
    ]
    reason = {"text": tr(entry.reason.text, lang), "refs": number(entry.reason.refs)}

    comparison = atlas_mod.model_comparison(entry) if entry.disibio else None
    table = None
    if comparison is not None:
        table = {
            "caption": labels["table_caption"].format(
                name=name,
                autopsies=f"{comparison.autopsies:,}".replace(",", "\u00a0")
                if lang == "es"
                else f"{comparison.autopsies:,}",
            ),
            "rows": [
                {
                    "site": atlas.site_label(r.site, lang),
                    "observed": _percent(r.observed, lang),
                    "predicted": _percent(r.predicted, lang),
                }
                for r in comparison.rows
            ],
            "other": {
                "observed": _percent(comparison.other_observed, lang),
                "predicted": _percent(comparison.other_predicted, lang),
            },
            "refs": number(["disibio2008", "helpline_model"]),
        }
    references = [
        {
            "n": i + 1,
            "ref": atlas.references[key],
            "detail": tr(atlas.references[key].detail, lang),
        }
        for i, key in enumerate(number.order)
    ]
    return {
        "labels": labels,
        "lang": lang,
        "entry": entry,
        "name": name,
        "page_title": labels["page_title"].format(name=name),
        "head_title": atlas_mod.title(entry, lang),
        "sites_intro": labels["sites_intro"].format(phrase=phrase),
        "diagram_caption": labels["diagram_caption"].format(phrase=phrase),
        "svg": mark_safe(diagram.entry_svg(entry, lang, atlas)),  # built and escaped in diagram.py
        "note": note,
        "sites": sites,
        "routes": routes,
        "reason": reason,
        "in_disibio": entry.disibio is not None,
        "table": table,
        "references": references,
        "atlas": atlas,
        "reviewed_note": _review_note(atlas, lang),
    }


def _review_note(atlas: Atlas, lang: str) -> str:
    labels = LABELS[lang]
    if atlas.reviewed_by:
        return labels["reviewed_by"].format(name=atlas.reviewed_by)
    return labels["awaiting_review"]
