"""Retrieval core on a small hand-written bilingual corpus (no Django needed).

Run alone with ``.venv/bin/pytest -p no:django --noconftest tests/answers/test_retrieval.py``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from helpline.answers.passages import Passage, make_passage
from helpline.answers.ranking import DEFAULT_MIN_CONFIDENCE
from helpline.answers.retrieval import Index, RetrievalResult

# (id, article_key, locale, title, section); bodies below.
_TEXTS: list[tuple[str, str, str, str, str]] = [
    ("breast-symptoms-en", "breast-cancer", "en", "Breast cancer", "Symptoms"),
    ("breast-treatment-en", "breast-cancer", "en", "Breast cancer", "Treatment"),
    ("breast-spread-en", "breast-cancer", "en", "Breast cancer", "Where breast cancer spreads"),
    ("larynx-symptoms-en", "laryngeal-cancer", "en", "Laryngeal cancer", "Symptoms"),
    ("bowel-symptoms-en", "colorectal-cancer", "en", "Colorectal cancer", "Signs and symptoms"),
    ("womb-overview-en", "endometrial-cancer", "en", "Endometrial cancer", ""),
    ("leukemia-overview-en", "leukemia", "en", "Leukemia", "What is leukemia?"),
    ("prostate-outlook-en", "prostate-cancer", "en", "Prostate cancer", "Outlook"),
    ("breast-symptoms-es", "breast-cancer", "es", "Cáncer de mama", "Síntomas"),
    ("breast-spread-es", "breast-cancer", "es", "Cáncer de mama", "Metástasis"),
]

_BODIES: dict[str, str] = {
    "breast-symptoms-en": (
        "The most common sign is a new lump or thickening in the breast or armpit. Other "
        "signs are a change in the size or shape of the breast, dimpled or puckered skin, "
        "a nipple that turns inward, fluid leaking from the nipple, and redness or scaling "
        "of the nipple. Most lumps are not cancer, but a doctor should check any change."
    ),
    "breast-treatment-en": (
        "Treatment depends on the stage and type. Surgery removes the tumour, either the "
        "lump and some tissue around it (lumpectomy) or the whole breast (mastectomy). "
        "Radiotherapy, chemotherapy, hormone therapy and targeted drugs such as trastuzumab "
        "may be given before or after surgery."
    ),
    "breast-spread-en": (
        "When breast cancer spreads beyond the breast and nearby lymph nodes it is called "
        "metastatic breast cancer. The metastasis most often reaches the bones, the liver, "
        "the lungs and the brain. It is still breast cancer and is treated as such."
    ),
    "larynx-symptoms-en": (
        "The larynx holds the vocal cords. A hoarse voice that lasts more than three weeks "
        "is the most common symptom, together with a lasting sore throat, pain or difficulty "
        "when swallowing, a lump in the neck, a cough that does not go away and ear pain."
    ),
    "bowel-symptoms-en": (
        "Bleeding from the rectum or blood in the stool, a change in bowel habit such as "
        "diarrhoea or constipation that lasts several weeks, tummy pain, bloating, losing "
        "weight without trying and feeling very tired because of anaemia."
    ),
    "womb-overview-en": (
        "Endometrial cancer starts in the lining of the uterus, the endometrium. It is the "
        "most common cancer of the uterus and is usually found early because it causes "
        "abnormal vaginal bleeding, especially after the menopause."
    ),
    "leukemia-overview-en": (
        "Leukemia is a cancer of the blood-forming tissue in the bone marrow. The marrow "
        "makes too many abnormal white blood cells, which crowd out healthy blood cells. "
        "It can be acute or chronic, lymphoblastic or myeloid."
    ),
    "prostate-outlook-en": (
        "Most prostate cancers grow slowly. When found early almost all men live at least "
        "five years, and many never die of it. The outlook depends on the stage, the Gleason "
        "grade and the PSA level."
    ),
    "breast-symptoms-es": (
        "El signo más frecuente es un bulto nuevo en la mama o en la axila. También pueden "
        "aparecer cambios de tamaño o de forma del seno, piel con hoyuelos, un pezón hundido, "
        "secreción por el pezón o enrojecimiento. La mayoría de los bultos no son cáncer."
    ),
    "breast-spread-es": (
        "Cuando el cáncer de mama se disemina fuera de la mama y de los ganglios cercanos se "
        "llama cáncer de mama metastásico. La metástasis llega sobre todo a los huesos, el "
        "hígado, los pulmones y el cerebro."
    ),
}


def corpus(ids: list[str] | None = None) -> list[Passage]:
    out = []
    for pid, key, locale, title, section in _TEXTS:
        if ids is not None and pid not in ids:
            continue
        out.append(
            make_passage(
                id=pid,
                article_key=key,
                locale=locale,
                title=title,
                section=section,
                body=_BODIES[pid],
                url=f"https://example.org/{locale}/{key}",
                last_revised="2025-01-01",
            )
        )
    return out


@cache
def index() -> Index:
    return Index.build(corpus())


def top(question: str, locale: str = "en") -> tuple[str, RetrievalResult]:
    result = index().search(question, locale, k=5)
    assert result.hits
    return result.hits[0].passage.id, result


def test_it_puts_the_symptoms_section_first_for_a_symptom_question() -> None:
    pid, result = top("What are the signs of breast cancer?")
    assert pid == "breast-symptoms-en"
    assert result.cancer == "breast"
    assert result.qtype == "symptoms"
    assert result.confidence >= DEFAULT_MIN_CONFIDENCE


def test_it_puts_the_treatment_section_first_for_a_treatment_question() -> None:
    pid, result = top("How is breast cancer treated?")
    assert pid == "breast-treatment-en"
    assert result.qtype == "treatment"


def test_it_puts_the_spread_section_first_for_a_spread_question() -> None:
    pid, result = top("Where does breast cancer spread to?")
    assert pid == "breast-spread-en"
    assert result.qtype == "spread"


def test_it_understands_voice_box_as_laryngeal_cancer() -> None:
    pid, result = top("What are the symptoms of cancer of the voice box?")
    assert pid == "larynx-symptoms-en"
    assert result.cancer == "laryngeal"


def test_it_understands_womb_as_endometrial_cancer() -> None:
    pid, result = top("what is womb cancer")
    assert pid == "womb-overview-en"
    assert result.cancer == "uterine"


def test_it_understands_back_passage_and_bowel_as_colorectal_cancer() -> None:
    pid, result = top("bleeding from the back passage, is that a sign of bowel cancer?")
    assert pid == "bowel-symptoms-en"
    assert result.cancer == "colorectal"


def test_it_understands_blood_cancer_as_leukemia() -> None:
    pid, result = top("what is blood cancer")
    assert pid == "leukemia-overview-en"
    assert result.cancer == "blood"


def test_it_understands_pecho_as_breast_in_spanish() -> None:
    pid, result = top("¿Cuáles son los síntomas del cáncer de pecho?", "es")
    assert pid == "breast-symptoms-es"
    assert result.locale_used == "es"
    assert not result.fell_back
    assert result.cancer == "breast"


def test_it_folds_accents_metastasis_matches_metástasis() -> None:
    with_accent, r1 = top("¿A dónde llega la metástasis del cáncer de mama?", "es")
    without, r2 = top("a donde llega la metastasis del cancer de mama", "es")
    assert with_accent == without == "breast-spread-es"
    assert not r1.fell_back and not r2.fell_back


def test_it_falls_back_to_english_when_spanish_has_no_answer() -> None:
    pid, result = top("¿Cuáles son los síntomas del cáncer de laringe?", "es")
    assert result.fell_back
    assert result.locale_used == "en"
    assert pid == "larynx-symptoms-en"
    assert result.confidence >= DEFAULT_MIN_CONFIDENCE


def test_it_falls_back_to_english_for_a_locale_without_passages() -> None:
    result = index().search("prostate cancer outlook", "fr")
    assert result.fell_back
    assert result.locale_used == "en"
    assert result.hits[0].passage.id == "prostate-outlook-en"


def test_it_gives_low_confidence_off_topic() -> None:
    for question, locale in (
        ("best pizza in town", "en"),
        ("how do I renew my passport", "en"),
        ("¿dónde puedo aparcar el coche?", "es"),
    ):
        result = index().search(question, locale)
        assert result.confidence < DEFAULT_MIN_CONFIDENCE, question
        assert 0.0 <= result.confidence <= 1.0


def test_it_keeps_confidence_in_range_and_hits_sorted() -> None:
    result = index().search("prostate cancer survival", "en", k=3)
    assert len(result.hits) == 3
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True)
    assert 0.0 <= result.confidence <= 1.0
    assert result.hits[0].passage.id == "prostate-outlook-en"


def test_it_reuses_the_vector_cache_on_rebuild(tmp_path: Path) -> None:
    passages = corpus(["larynx-symptoms-en", "prostate-outlook-en", "breast-spread-es"])
    first = Index.build(passages, cache_dir=tmp_path)
    assert first.embedded == len(passages)
    second = Index.build(passages, cache_dir=tmp_path)
    assert second.embedded == 0
    third = Index.build(passages[:-1], cache_dir=tmp_path)
    assert third.embedded == 0  # a passage that was cached, in a smaller corpus
    fourth = Index.build(passages, cache_dir=tmp_path)
    assert fourth.embedded == 1  # the pruned passage is embedded again
    assert second.search("hoarse voice", "en").hits[0].passage.id == "larynx-symptoms-en"


def test_it_handles_an_empty_index_and_empty_question() -> None:
    empty = Index.build([])
    result = empty.search("breast cancer symptoms", "en")
    assert result.hits == []
    assert result.confidence == 0.0
    blank = index().search("", "en")
    assert blank.confidence < DEFAULT_MIN_CONFIDENCE


def test_it_matches_a_cancer_named_in_a_section_heading_of_a_general_article() -> None:
    general = [
        make_passage(
            id=f"spread-{i}",
            article_key="how-cancer-spreads",
            locale="en",
            title="How cancer spreads",
            section=heading,
            body=body,
        )
        for i, (heading, body) in enumerate(
            [
                ("", "Cancer that spreads keeps the name of the place where it started."),
                (
                    "Where breast cancer spreads",
                    "Breast cancer most often spreads to the bones, liver, lungs and brain.",
                ),
                (
                    "Where prostate cancer spreads",
                    "Prostate cancer most often spreads to the bones and the lymph nodes.",
                ),
            ]
        )
    ]
    result = Index.build(general).search("Where does prostate cancer spread?", "en")
    assert result.hits[0].passage.id == "spread-2"
    assert result.confidence >= DEFAULT_MIN_CONFIDENCE
