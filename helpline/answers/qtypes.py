"""Question types and the section headings that answer them.

MedQuAD (and similar outside QA sets) label every question-answer pair with a
``qtype`` such as ``"symptoms"`` or ``"exams and tests"``. When such a set is
imported as articles, each pair becomes a section whose heading is
``QTYPE_HEADINGS[qtype]`` (English) or ``QTYPE_HEADINGS_ES[qtype]`` (Spanish).

The reverse direction, recognising which kind of question a section heading
answers, is ``heading_qtype``: exact headings from these maps first, then the
general heading patterns of :mod:`helpline.answers.understanding`.

Besides the MedQuAD qtypes, the helpline knows one question type of its own,
``"spread"`` (metastasis: where a cancer spreads), which has no MedQuAD
counterpart.
"""

from __future__ import annotations

from typing import Final

from helpline.answers.text import fold

# Every qtype value found in the MedQuAD CancerGov subset and in the cancer
# pairs of the other MedQuAD subsets, mapped to a readable English heading.
QTYPE_HEADINGS: Final[dict[str, str]] = {
    "information": "Overview",
    "symptoms": "Symptoms",
    "exams and tests": "Tests and diagnosis",
    "treatment": "Treatment",
    "outlook": "Outlook",
    "stages": "Stages",
    "susceptibility": "Risk factors",
    "research": "Research and clinical trials",
    "prevention": "Prevention",
    "causes": "Causes",
    "inheritance": "Inheritance",
    "genetic changes": "Genetic changes",
    "frequency": "How common it is",
    "considerations": "Other considerations",
}

# The same headings in Spanish, for Spanish imports and for recognising
# Spanish section headings.
QTYPE_HEADINGS_ES: Final[dict[str, str]] = {
    "information": "Información general",
    "symptoms": "Síntomas",
    "exams and tests": "Pruebas y diagnóstico",
    "treatment": "Tratamiento",
    "outlook": "Pronóstico",
    "stages": "Estadios",
    "susceptibility": "Factores de riesgo",
    "research": "Investigación y ensayos clínicos",
    "prevention": "Prevención",
    "causes": "Causas",
    "inheritance": "Herencia",
    "genetic changes": "Cambios genéticos",
    "frequency": "Frecuencia",
    "considerations": "Otras consideraciones",
}

# The helpline's own question types that MedQuAD lacks, with their headings.
EXTRA_HEADINGS: Final[dict[str, tuple[str, str]]] = {
    "spread": ("How it spreads", "Cómo se disemina"),
}

ALL_QTYPES: Final[tuple[str, ...]] = (*QTYPE_HEADINGS, *EXTRA_HEADINGS)

# Reverse map: folded heading -> qtype, for both languages.
HEADING_QTYPES: Final[dict[str, str]] = {
    **{fold(h): q for q, h in QTYPE_HEADINGS.items()},
    **{fold(h): q for q, h in QTYPE_HEADINGS_ES.items()},
    **{fold(en): q for q, (en, _) in EXTRA_HEADINGS.items()},
    **{fold(es): q for q, (_, es) in EXTRA_HEADINGS.items()},
    "": "information",
    "introduction": "information",
    "introduccion": "information",
}

# Question types that partly answer each other (score multiplier for a heading
# of the second kind when the question is of the first kind).
RELATED_QTYPES: Final[dict[str, dict[str, float]]] = {
    "susceptibility": {"causes": 0.7, "prevention": 0.5, "inheritance": 0.5},
    "causes": {"susceptibility": 0.7, "genetic changes": 0.5, "prevention": 0.4},
    "prevention": {"susceptibility": 0.6, "causes": 0.4},
    "inheritance": {"genetic changes": 0.7, "susceptibility": 0.5, "causes": 0.4},
    "genetic changes": {"inheritance": 0.7, "causes": 0.5},
    "spread": {"stages": 0.7, "information": 0.3, "outlook": 0.3},
    "stages": {"spread": 0.6},
    "outlook": {"stages": 0.3, "frequency": 0.3},
    "frequency": {"information": 0.4, "outlook": 0.3},
    "exams and tests": {"stages": 0.2},
    "symptoms": {"exams and tests": 0.2, "information": 0.2},
    "information": {"frequency": 0.2},
    "research": {"treatment": 0.3},
    "treatment": {"research": 0.3},
}


def heading_for(qtype: str, locale: str = "en") -> str:
    """The section heading an imported pair of ``qtype`` gets (KeyError if unknown)."""
    if qtype in EXTRA_HEADINGS:
        en, es = EXTRA_HEADINGS[qtype]
        return es if locale == "es" else en
    table = QTYPE_HEADINGS_ES if locale == "es" else QTYPE_HEADINGS
    return table[qtype]


def heading_qtype(heading: str) -> str | None:
    """Which qtype a section heading answers, or None when it is not recognised."""
    folded = " ".join(fold(heading).replace("?", " ").replace(":", " ").split())
    found = HEADING_QTYPES.get(folded)
    if found is not None:
        return found
    # Local import: understanding imports this module.
    from helpline.answers.understanding import classify_heading

    return classify_heading(heading)


def qtype_affinity(question_qtype: str | None, heading_kind: str | None) -> float:
    """How well a section of ``heading_kind`` answers a ``question_qtype`` question (0..1)."""
    if question_qtype is None or heading_kind is None:
        return 0.0
    if question_qtype == heading_kind:
        return 1.0
    return RELATED_QTYPES.get(question_qtype, {}).get(heading_kind, 0.0)
