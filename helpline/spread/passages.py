"""Answer-engine passages from the spread atlas ("where does X spread / why").

Per primary and locale, two passages built with
:func:`helpline.answers.passages.make_passage`:

* ``atlas-<slug>-<locale>-sites``: "Where <cancer> tends to spread" -- the common sites
  and the routes (blood, with the first capillary bed; lymph; other routes);
* ``atlas-<slug>-<locale>-why``: "Why <cancer> spreads there" -- the reason.

``url`` is ``site_url`` plus the page's path in that locale and an anchor (``#sites``,
``#why``); ``last_revised`` is the atlas's date; bodies are plain text.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from helpline.answers.passages import SUPPORTED_LOCALES, Passage, make_passage
from helpline.spread import atlas as atlas_mod
from helpline.spread.atlas import Atlas, Entry, tr

_CAVEAT = {
    "en": (
        "These patterns describe groups of people, mostly from old autopsy studies; they "
        "cannot tell where one person's cancer will spread. Your doctor can tell you about "
        "your own situation."
    ),
    "es": (
        "Estos patrones describen a grupos de personas, sobre todo de estudios antiguos de "
        "autopsias; no pueden decir adónde se diseminará el cáncer de una persona. Su médico "
        "puede informarle sobre su propia situación."
    ),
}
_ROUTES_INTRO = {"en": "How the cells get there.", "es": "Cómo llegan las células."}


def page_path(entry: Entry, locale: str) -> str:
    """The entry's page path in ``locale`` (e.g. ``/es/how-cancer-spreads/breast/``)."""
    with translation.override(locale):
        return reverse("spread:primary", kwargs={"slug": entry.slug})


def sites_body(entry: Entry, locale: str, atlas: Atlas) -> str:
    parts = [atlas_mod.sites_sentence(entry, locale, atlas)]
    if entry.note:
        parts.append(tr(entry.note.text, locale))
    parts.append(_ROUTES_INTRO[locale])
    for route in entry.routes:
        heading = tr(atlas_mod.ROUTE_LABELS[route.kind], locale)
        parts.append(f"{heading}: {tr(route.text, locale)}")
        if route.first_bed:
            parts.append(atlas_mod.first_bed_sentence(route, locale))
    parts.append(_CAVEAT[locale])
    return " ".join(p.strip() for p in parts if p.strip())


def why_body(entry: Entry, locale: str) -> str:
    return f"{tr(entry.reason.text, locale)} {_CAVEAT[locale]}"


def atlas_passages(site_url: str) -> list[Passage]:
    """Two passages per atlas primary and locale (see the module docstring)."""
    atlas = atlas_mod.load_atlas()
    base = site_url.rstrip("/")
    revised = atlas.last_revised.isoformat()
    out: list[Passage] = []
    for entry in atlas.entries:
        for locale in SUPPORTED_LOCALES:
            url = base + page_path(entry, locale)
            title = atlas_mod.title(entry, locale)
            common = {
                "article_key": entry.article_key,
                "locale": locale,
                "title": title,
                "last_revised": revised,
            }
            out.append(
                make_passage(
                    id=f"{entry.article_key}-{locale}-sites",
                    section=atlas_mod.text_for("sites_title", entry, locale),
                    body=sites_body(entry, locale, atlas),
                    url=f"{url}#sites",
                    **common,
                )
            )
            out.append(
                make_passage(
                    id=f"{entry.article_key}-{locale}-why",
                    section=atlas_mod.text_for("why_title", entry, locale),
                    body=why_body(entry, locale),
                    url=f"{url}#why",
                    **common,
                )
            )
    return out
