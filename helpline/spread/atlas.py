"""The spread atlas: where each kind of cancer tends to spread, how, and why.

The content lives in ``atlas_data/atlas.yaml`` (reviewed content, English and Spanish,
every fact with references); this module loads and checks it, and adds the numbers:

* ``atlas_data/nci_common_sites.csv`` -- the NCI list of common sites for 13 cancers;
* ``atlas_data/disibio2008_counts.csv`` -- the diSibio & French (2008) autopsy counts
  (observed share of metastases per site);
* the fitted spread model of :mod:`helpline.spread.model` (``fit()`` once per process).

Pages (``views.py``), the diagram (``diagram.py``) and the answer passages
(``passages.py``) are built from what this module returns. See docs/subsystems/atlas.md.
"""

from __future__ import annotations

import csv
import datetime
import functools
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from helpline.spread import model as spread_model

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "atlas_data"
ATLAS_FILE = DATA_DIR / "atlas.yaml"
LANGUAGES = ("en", "es")
#: diSibio primaries with at least this many autopsies must have an atlas entry.
MIN_AUTOPSIES = 40

ROUTE_KINDS = (
    "blood",
    "lymph",
    "peritoneal",
    "pleural",
    "perineural",
    "vertebral_plexus",
    "direct",
    "within_lung",
    "in_transit",
)
FIRST_BEDS = ("lungs", "liver", "arteries", "mixed", "unknown")
SEXES = ("female", "male", "both")

#: How each route is named (page headings and passages).
ROUTE_LABELS: dict[str, dict[str, str]] = {
    "blood": {"en": "Through the blood", "es": "Por la sangre"},
    "lymph": {"en": "Through the lymph system", "es": "Por el sistema linfático"},
    "peritoneal": {
        "en": "Across the belly (peritoneal spread)",
        "es": "A través del abdomen (diseminación peritoneal)",
    },
    "pleural": {
        "en": "Across the chest lining (pleural spread)",
        "es": "A través de la pleura (diseminación pleural)",
    },
    "perineural": {
        "en": "Along nerves (perineural spread)",
        "es": "A lo largo de los nervios (diseminación perineural)",
    },
    "vertebral_plexus": {
        "en": "Through the veins along the spine (vertebral venous plexus)",
        "es": "Por las venas de la columna (plexo venoso vertebral)",
    },
    "direct": {"en": "Into nearby tissue", "es": "Hacia los tejidos vecinos"},
    "within_lung": {"en": "Within the lungs", "es": "Dentro de los pulmones"},
    "in_transit": {
        "en": "Through the skin's lymph vessels (in-transit spread)",
        "es": "Por los vasos linfáticos de la piel (metástasis en tránsito)",
    },
}

#: The first fine filter (capillary bed) that cells shed into the blood meet.
FIRST_BED_LABELS: dict[str, dict[str, str]] = {
    "lungs": {"en": "the lungs", "es": "los pulmones"},
    "liver": {"en": "the liver (through the portal vein)", "es": "el hígado (por la vena porta)"},
    "arteries": {
        "en": "none: the blood goes straight into the arteries",
        "es": "ninguno: la sangre va directamente a las arterias",
    },
    "mixed": {
        "en": "the lungs or the liver, depending on the part of the organ",
        "es": "los pulmones o el hígado, según la parte del órgano",
    },
    "unknown": {"en": "unknown", "es": "desconocido"},
}

_TEMPLATES: dict[str, dict[str, str]] = {
    "title": {"en": "How cancer spreads: {name}", "es": "Cómo se disemina el cáncer: {name}"},
    "sites_title": {
        "en": "Where {phrase} tends to spread",
        "es": "Dónde tiende a diseminarse {phrase}",
    },
    "why_title": {
        "en": "Why {phrase} spreads there",
        "es": "Por qué {phrase} se disemina a esos lugares",
    },
    "sites_sentence": {
        "en": "{Phrase} most often spreads to {sites}.",
        "es": "Los lugares adonde se disemina con más frecuencia {phrase} son {sites}.",
    },
    "first_bed": {
        "en": "First filter for cells in the blood: {bed}.",
        "es": "Primer filtro para las células que viajan por la sangre: {bed}.",
    },
}

Localized = dict[str, str]


class AtlasError(ValueError):
    """The atlas data file is incomplete or inconsistent."""


@dataclass(frozen=True)
class Reference:
    key: str
    authors: str
    title: str
    source: str
    year: int | None
    doi: str
    url: str
    data: str  # the project data table the facts were taken from ("" if none)
    detail: Localized  # what in the source is used (may be empty)

    @property
    def link(self) -> str:
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return self.url


@dataclass(frozen=True)
class SiteName:
    key: str
    label: Localized  # list and table entry
    phrase: Localized  # inside a sentence ("the bones")
    short: Localized  # diagram label


@dataclass(frozen=True)
class Site:
    site: str  # site_std
    refs: tuple[str, ...]
    note: Localized | None


@dataclass(frozen=True)
class Route:
    kind: str
    text: Localized
    refs: tuple[str, ...]
    first_bed: str | None  # blood routes only


@dataclass(frozen=True)
class Note:
    text: Localized
    refs: tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    slug: str
    disibio: str | None  # primary of the diSibio table (and of the spread model)
    nci: str | None  # primary of the NCI list
    budczies: str | None
    sex: str
    primary_shapes: tuple[str, ...]
    regional_nodes: tuple[str, ...]
    name: Localized
    phrase: Localized
    sites: tuple[Site, ...]
    routes: tuple[Route, ...]
    reason: Note
    note: Note | None

    @property
    def article_key(self) -> str:
        return f"atlas-{self.slug}"

    def site_keys(self) -> list[str]:
        return [s.site for s in self.sites]

    def blood_route(self) -> Route | None:
        return next((r for r in self.routes if r.kind == "blood"), None)


@dataclass(frozen=True)
class Atlas:
    last_revised: datetime.date
    reviewed_by: str
    references: dict[str, Reference]
    site_names: dict[str, SiteName]
    entries: tuple[Entry, ...]

    def entry(self, slug: str) -> Entry | None:
        return next((e for e in self.entries if e.slug == slug), None)

    def by_disibio(self, primary: str) -> Entry | None:
        return next((e for e in self.entries if e.disibio == primary), None)

    def site_label(self, site: str, lang: str) -> str:
        name = self.site_names.get(site)
        return tr(name.label, lang) if name else site.replace("_", " ")


# ----------------------------------------------------------------------- loading


def tr(text: Mapping[str, str] | None, lang: str) -> str:
    """The text in ``lang`` (English if ``lang`` is not an atlas language)."""
    if not text:
        return ""
    return text.get(lang) or text.get("en", "")


def _localized(raw: Any, where: str, *, required: bool = True) -> Localized:
    if raw is None and not required:
        return {}
    if not isinstance(raw, dict):
        raise AtlasError(f"{where}: expected a mapping with {'/'.join(LANGUAGES)} texts")
    out = {lang: str(raw.get(lang) or "").strip() for lang in LANGUAGES}
    missing = [lang for lang, value in out.items() if not value]
    if missing:
        raise AtlasError(f"{where}: missing text in {', '.join(missing)}")
    return out


def _refs(raw: Any, where: str, known: Iterable[str]) -> tuple[str, ...]:
    refs = tuple(str(r) for r in (raw or []))
    if not refs:
        raise AtlasError(f"{where}: no references")
    unknown = sorted(set(refs) - set(known))
    if unknown:
        raise AtlasError(f"{where}: unknown references {unknown}")
    return refs


def _optional(raw: Any) -> str | None:
    return None if raw is None or raw == "" else str(raw)


def parse_atlas(raw: Mapping[str, Any]) -> Atlas:
    """Build and check an :class:`Atlas` from the parsed YAML document."""
    last = raw.get("last_revised")
    if isinstance(last, str):
        last = datetime.date.fromisoformat(last)
    if not isinstance(last, datetime.date):
        raise AtlasError("last_revised: expected an ISO date")
    if "reviewed_by" not in raw:
        raise AtlasError("reviewed_by: missing (use an empty string until reviewed)")

    references: dict[str, Reference] = {}
    for key, r in (raw.get("references") or {}).items():
        if not r.get("authors") or not r.get("title"):
            raise AtlasError(f"references.{key}: authors and title are required")
        year = r.get("year")
        references[key] = Reference(
            key=key,
            authors=str(r["authors"]),
            title=str(r["title"]),
            source=str(r.get("source") or ""),
            year=int(year) if year else None,
            doi=str(r.get("doi") or ""),
            url=str(r.get("url") or ""),
            data=str(r.get("data") or ""),
            detail=_localized(r.get("detail"), f"references.{key}.detail", required=False),
        )

    site_names = {
        key: SiteName(
            key=key,
            label=_localized(v.get("label"), f"sites.{key}.label"),
            phrase=_localized(v.get("phrase"), f"sites.{key}.phrase"),
            short=_localized(v.get("short"), f"sites.{key}.short"),
        )
        for key, v in (raw.get("sites") or {}).items()
    }

    entries: list[Entry] = []
    for i, e in enumerate(raw.get("primaries") or []):
        slug = str(e.get("slug") or "")
        where = f"primaries[{i}] ({slug or '?'})"
        if not slug or slug != slug.lower() or " " in slug:
            raise AtlasError(f"{where}: slug must be a lower-case slug")
        sex = str(e.get("sex") or "both")
        if sex not in SEXES:
            raise AtlasError(f"{where}: sex must be one of {SEXES}")
        sites: list[Site] = []
        for s in e.get("sites") or []:
            key = str(s.get("site"))
            if key not in site_names:
                raise AtlasError(f"{where}: site {key!r} has no entry under 'sites'")
            sites.append(
                Site(
                    site=key,
                    refs=_refs(s.get("refs"), f"{where}.sites.{key}", references),
                    note=_localized(s.get("note"), f"{where}.sites.{key}.note", required=False)
                    or None,
                )
            )
        if not sites:
            raise AtlasError(f"{where}: no sites")
        if len({s.site for s in sites}) != len(sites):
            raise AtlasError(f"{where}: a site is listed twice")
        routes: list[Route] = []
        for j, r in enumerate(e.get("routes") or []):
            kind = str(r.get("kind"))
            if kind not in ROUTE_KINDS:
                raise AtlasError(f"{where}.routes[{j}]: kind must be one of {ROUTE_KINDS}")
            bed = _optional(r.get("first_bed"))
            if kind == "blood" and bed not in FIRST_BEDS:
                raise AtlasError(f"{where}: the blood route needs first_bed in {FIRST_BEDS}")
            routes.append(
                Route(
                    kind=kind,
                    text=_localized(r.get("text"), f"{where}.routes[{j}].text"),
                    refs=_refs(r.get("refs"), f"{where}.routes[{j}]", references),
                    first_bed=bed,
                )
            )
        kinds = [r.kind for r in routes]
        if "blood" not in kinds or "lymph" not in kinds:
            raise AtlasError(f"{where}: a blood route and a lymph route are required")
        reason = e.get("reason") or {}
        note = e.get("note")
        entries.append(
            Entry(
                slug=slug,
                disibio=_optional(e.get("disibio")),
                nci=_optional(e.get("nci")),
                budczies=_optional(e.get("budczies")),
                sex=sex,
                primary_shapes=tuple(e.get("primary_shapes") or ()),
                regional_nodes=tuple(e.get("regional_nodes") or ()),
                name=_localized(e.get("name"), f"{where}.name"),
                phrase=_localized(e.get("phrase"), f"{where}.phrase"),
                sites=tuple(sites),
                routes=tuple(routes),
                reason=Note(
                    text=_localized(reason, f"{where}.reason"),
                    refs=_refs(reason.get("refs"), f"{where}.reason", references),
                ),
                note=Note(
                    text=_localized(note, f"{where}.note"),
                    refs=_refs(note.get("refs"), f"{where}.note", references),
                )
                if note
                else None,
            )
        )
    slugs = [e.slug for e in entries]
    if len(set(slugs)) != len(slugs):
        raise AtlasError("two primaries share a slug")
    return Atlas(
        last_revised=last,
        reviewed_by=str(raw.get("reviewed_by") or "").strip(),
        references=references,
        site_names=site_names,
        entries=tuple(entries),
    )


@functools.cache
def load_atlas(path: Path = ATLAS_FILE) -> Atlas:
    """The atlas (parsed and checked once per process)."""
    with path.open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    if not isinstance(raw, dict):
        raise AtlasError(f"{path}: expected a mapping")
    return parse_atlas(raw)


def entries_sorted(lang: str) -> list[Entry]:
    """All entries, alphabetical by their name in ``lang``."""
    return sorted(load_atlas().entries, key=lambda e: _sort_key(tr(e.name, lang)))


def _sort_key(text: str) -> str:
    table = str.maketrans("áéíóúüñÁÉÍÓÚÜÑ", "aeiouunAEIOUUN")
    return text.translate(table).casefold()


# -------------------------------------------------------------------- the numbers


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@functools.cache
def nci_sites() -> dict[str, tuple[str, ...]]:
    """NCI primary -> its common sites (site_std, in the NCI list's order, no repeats)."""
    out: dict[str, list[str]] = {}
    for row in _read_csv("nci_common_sites.csv"):
        sites = out.setdefault(row["primary"], [])
        if row["site_std"] not in sites:
            sites.append(row["site_std"])
    return {k: tuple(v) for k, v in out.items()}


@dataclass(frozen=True)
class AutopsySeries:
    """One primary's row of the diSibio & French (2008) autopsy counts."""

    primary: str
    autopsies: int  # autopsies of people with this primary
    metastases: int  # all metastases counted for them (sum over sites)
    counts: dict[str, int]  # site_std -> autopsies with that site involved

    def fraction_of_autopsies(self, site: str) -> float:
        return self.counts.get(site, 0) / self.autopsies if self.autopsies else 0.0

    def share_of_metastases(self, site: str) -> float:
        return self.counts.get(site, 0) / self.metastases if self.metastases else 0.0


@functools.cache
def disibio_series() -> dict[str, AutopsySeries]:
    rows = _read_csv("disibio2008_counts.csv")
    counts: dict[str, dict[str, int]] = {}
    autopsies: dict[str, int] = {}
    for row in rows:
        counts.setdefault(row["primary"], {})[row["site_std"]] = int(row["n_with_site"])
        autopsies[row["primary"]] = int(row["n_autopsies_primary"])
    return {
        p: AutopsySeries(primary=p, autopsies=autopsies[p], metastases=sum(c.values()), counts=c)
        for p, c in counts.items()
    }


def disibio_primaries(min_autopsies: int = MIN_AUTOPSIES) -> list[str]:
    """diSibio primaries with at least ``min_autopsies`` autopsies, largest first."""
    series = sorted(disibio_series().values(), key=lambda s: -s.autopsies)
    return [s.primary for s in series if s.autopsies >= min_autopsies]


@functools.cache
def _fitted_model() -> spread_model.SpreadModel:
    return spread_model.fit()


def fitted_model() -> spread_model.SpreadModel | None:
    """The spread model fitted on all primaries, once per process (None if it fails)."""
    try:
        return _fitted_model()
    except Exception:  # the page must still show the reviewed content
        logger.exception("the spread model could not be fitted")
        return None


@dataclass(frozen=True)
class ComparisonRow:
    site: str
    observed: float  # share of all metastases found at the site in the autopsies
    predicted: float  # the model's share
    n_with_site: int


@dataclass(frozen=True)
class Comparison:
    primary: str
    autopsies: int
    metastases: int
    rows: tuple[ComparisonRow, ...]
    other_observed: float  # sites below the threshold, added up
    other_predicted: float


def model_comparison(entry: Entry, min_share: float = 0.02) -> Comparison | None:
    """Observed autopsy share next to the fitted model's share, per site.

    Rows are the sites where either share is at least ``min_share``, by observed share;
    the other sites are added up. None if the entry is not in the diSibio series or
    the model is unavailable.
    """
    if entry.disibio is None:
        return None
    series = disibio_series().get(entry.disibio)
    fitted = fitted_model()
    if series is None or fitted is None:
        return None
    try:
        predicted = fitted.predict(entry.disibio)
    except KeyError:
        logger.warning("the spread model knows no primary %r", entry.disibio)
        return None
    sites = sorted(set(series.counts) | set(predicted))
    rows = [
        ComparisonRow(
            site=s,
            observed=series.share_of_metastases(s),
            predicted=float(predicted.get(s, 0.0)),
            n_with_site=series.counts.get(s, 0),
        )
        for s in sites
    ]
    shown = [r for r in rows if max(r.observed, r.predicted) >= min_share]
    rest = [r for r in rows if r not in shown]
    shown.sort(key=lambda r: (-r.observed, -r.predicted, r.site))
    return Comparison(
        primary=entry.disibio,
        autopsies=series.autopsies,
        metastases=series.metastases,
        rows=tuple(shown),
        other_observed=sum(r.observed for r in rest),
        other_predicted=sum(r.predicted for r in rest),
    )


# ------------------------------------------------------------------------ wording


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def join_list(items: list[str], lang: str) -> str:
    """'a, b and c' / 'a, b y c' (Spanish 'e' before an /i/ sound)."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if lang == "es":
        last = items[-1].lower()
        starts_i = last.startswith(("i", "hi", "í", "hí")) and not last.startswith(("hie", "hia"))
        word = "e" if starts_i else "y"
    else:
        word = "and"
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def text_for(key: str, entry: Entry, lang: str, **extra: str) -> str:
    template = _TEMPLATES[key].get(lang) or _TEMPLATES[key]["en"]
    phrase = tr(entry.phrase, lang)
    return template.format(
        name=_lower_first(tr(entry.name, lang)),
        phrase=phrase,
        Phrase=_upper_first(phrase),
        **extra,
    )


def title(entry: Entry, lang: str) -> str:
    """'How cancer spreads: breast cancer' / 'Cómo se disemina el cáncer: cáncer de mama'."""
    return text_for("title", entry, lang)


def site_phrases(entry: Entry, lang: str, atlas: Atlas | None = None) -> list[str]:
    atlas = atlas or load_atlas()
    out = []
    for s in entry.sites:
        phrase = tr(atlas.site_names[s.site].phrase, lang)
        if s.note:
            phrase = f"{phrase} ({tr(s.note, lang)})"
        out.append(phrase)
    return out


def sites_sentence(entry: Entry, lang: str, atlas: Atlas | None = None) -> str:
    return text_for(
        "sites_sentence", entry, lang, sites=join_list(site_phrases(entry, lang, atlas), lang)
    )


def first_bed_sentence(route: Route, lang: str) -> str:
    if route.first_bed is None:
        return ""
    template = _TEMPLATES["first_bed"].get(lang) or _TEMPLATES["first_bed"]["en"]
    return template.format(bed=tr(FIRST_BED_LABELS[route.first_bed], lang))
