"""Question understanding, question types and text normalisation (pure rules, no model).

Run alone with ``.venv/bin/pytest -p no:django --noconftest tests/answers/test_understanding.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpline.answers.qtypes import (
    QTYPE_HEADINGS,
    QTYPE_HEADINGS_ES,
    heading_for,
    heading_qtype,
    qtype_affinity,
)
from helpline.answers.text import analyse, fold, truncate
from helpline.answers.understanding import (
    CANCERS,
    cancer_affinity,
    classify_heading,
    detect_cancers,
    detect_qtype,
    expansion_terms,
    understand,
    without_cancer_mentions,
)

MEDQUAD_QA = Path("/work/shared/data/medquad-cancergov/qa.jsonl")


@pytest.mark.parametrize(
    ("question", "cancer"),
    [
        ("I have a hoarse voice, could it be cancer of the voice box?", "laryngeal"),
        ("what are the first signs of womb cancer", "uterine"),
        ("my dad has bowel cancer", "colorectal"),
        ("bleeding from the back passage", "colorectal"),
        ("is colon cancer curable", "colorectal"),
        ("what are the symptoms of blood cancer", "blood"),
        ("is skin cancer dangerous", "skin"),
        ("cancer de pecho en hombres", "breast"),
        ("tengo un bulto, ¿es cáncer de seno?", "breast"),
        ("síntomas del cáncer de mama", "breast"),
        ("cáncer de matriz", "uterine"),
        ("cancer de pulmon", "lung"),
        ("What is (are) Adult Acute Myeloid Leukemia ?", "acute_myeloid_leukemia"),
        ("linfoma no Hodgkin", "non_hodgkin_lymphoma"),
        ("Hodgkin's lymphoma", "hodgkin_lymphoma"),
        ("How to diagnose Non-Small Cell Lung Cancer ?", "non_small_cell_lung"),
        ("Kaposi's sarcoma", "kaposi"),
        ("tumour of the brain", "brain"),
    ],
)
def test_it_recognises_cancers_including_lay_names(question: str, cancer: str) -> None:
    assert understand(question).cancer == cancer


def test_it_takes_the_primary_cancer_not_the_site_it_spread_to() -> None:
    assert detect_cancers("Has my breast cancer spread to the lungs?") == ("breast",)
    assert detect_cancers("¿Mi cáncer de próstata se ha extendido a los huesos?") == ("prostate",)


def test_it_does_not_see_cancers_where_there_are_none() -> None:
    for text in (
        "best pizza in town",
        "el año pasado me operaron de la rodilla",  # año folds to ano
        "pain in my chest",
        "my breast feels sore after running",
        "gall bladder stones",
    ):
        assert detect_cancers(text) == (), text


def test_it_knows_blood_cancer_covers_leukemia_lymphoma_and_myeloma() -> None:
    for title in ("Leukemia", "Adult Hodgkin Lymphoma", "Multiple myeloma"):
        assert cancer_affinity("blood", detect_cancers(title)) == pytest.approx(0.8)
    assert cancer_affinity("melanoma", detect_cancers("Skin cancer")) == pytest.approx(0.6)
    assert cancer_affinity("melanoma", detect_cancers("Melanoma")) == 1.0
    assert cancer_affinity("breast", detect_cancers("Lung cancer")) == 0.0
    assert cancer_affinity(None, detect_cancers("Lung cancer")) == 0.0


@pytest.mark.parametrize(
    ("question", "qtype"),
    [
        ("What are the symptoms of Melanoma ?", "symptoms"),
        ("how would I know if I had ovarian cancer", "symptoms"),
        ("¿Cuáles son los síntomas del cáncer de colon?", "symptoms"),
        ("What are the treatments for Breast Cancer ?", "treatment"),
        ("how is prostate cancer treated", "treatment"),
        ("¿Cómo se trata la leucemia?", "treatment"),
        ("How to diagnose Lip and Oral Cavity Cancer ?", "exams and tests"),
        ("what tests will I have", "exams and tests"),
        ("¿Qué pruebas se hacen para detectar el cáncer de mama?", "exams and tests"),
        ("What is the outlook for Prostate Cancer ?", "outlook"),
        ("what is the survival rate of pancreatic cancer", "outlook"),
        ("¿Cuál es el pronóstico del cáncer de hígado?", "outlook"),
        ("What are the stages of Endometrial Cancer ?", "stages"),
        ("¿Cuáles son los estadios del cáncer de pulmón?", "stages"),
        ("Who is at risk for Hairy Cell Leukemia? ?", "susceptibility"),
        ("what are the risk factors for bladder cancer", "susceptibility"),
        ("What causes Childhood Ependymoma ?", "causes"),
        ("How to prevent Skin Cancer ?", "prevention"),
        ("¿Cómo puedo prevenir el cáncer de piel?", "prevention"),
        ("what research (or clinical trials) is being done for Penile Cancer ?", "research"),
        ("¿Hay ensayos clínicos para el cáncer de páncreas?", "research"),
        ("Where does breast cancer spread?", "spread"),
        ("¿A dónde se disemina el cáncer de próstata?", "spread"),
        ("can bowel cancer metastasize to the liver", "spread"),
        ("Is Breast Cancer inherited ?", "inheritance"),
        ("¿Es hereditario el cáncer de ovario?", "inheritance"),
        (
            "What are the genetic changes related to Chronic Myelogenous Leukemia ?",
            "genetic changes",
        ),
        ("How many people are affected by hereditary diffuse gastric cancer ?", "frequency"),
        ("What is (are) Melanoma ?", "information"),
        ("What is metastatic breast cancer?", "information"),
        ("¿Qué es el mieloma múltiple?", "information"),
        ("What is (are) hereditary leiomyomatosis and renal cell cancer ?", "information"),
    ],
)
def test_it_recognises_the_question_type(question: str, qtype: str) -> None:
    assert detect_qtype(question) == qtype


def test_it_leaves_the_question_type_open_when_there_is_no_cue() -> None:
    assert detect_qtype("best pizza in town") is None
    assert understand("best pizza in town").oncology is False


def test_it_classifies_section_headings() -> None:
    assert classify_heading("") == "information"
    assert classify_heading("Signs and symptoms") == "symptoms"
    assert classify_heading("How is it diagnosed?") == "exams and tests"
    assert classify_heading("Where breast cancer spreads") == "spread"
    assert classify_heading("Tratamiento") == "treatment"
    assert classify_heading("Metástasis") == "spread"
    assert classify_heading("Acknowledgements") is None


def test_it_maps_every_medquad_qtype_to_a_heading_and_back() -> None:
    qtypes = {json.loads(line)["qtype"] for line in MEDQUAD_QA.open()}
    qtypes |= {"frequency", "considerations"}  # found in the other MedQuAD subsets
    for qtype in qtypes:
        assert heading_qtype(heading_for(qtype, "en")) == qtype
        assert heading_qtype(heading_for(qtype, "es")) == qtype
    assert QTYPE_HEADINGS["exams and tests"] == "Tests and diagnosis"
    assert QTYPE_HEADINGS["susceptibility"] == "Risk factors"
    assert set(QTYPE_HEADINGS) == set(QTYPE_HEADINGS_ES)
    assert heading_qtype("  tests AND diagnosis ") == "exams and tests"


def test_it_scores_related_question_types_partially() -> None:
    assert qtype_affinity("spread", "spread") == 1.0
    assert 0 < qtype_affinity("spread", "stages") < 1
    assert qtype_affinity("symptoms", "treatment") == 0.0
    assert qtype_affinity(None, "treatment") == 0.0


def test_it_folds_accents_and_stems_both_spellings_alike() -> None:
    assert fold("Metástasis CÁNCER") == "metastasis cancer"
    assert analyse("metástasis", "es") == analyse("metastasis", "es")
    assert analyse("cirugía", "es") == analyse("cirugia", "es")
    assert analyse("Metastases", "en") == analyse("metastases", "en")
    assert analyse("tumour leukaemia", "en") == analyse("tumor leukemia", "en")


def test_it_drops_stopwords_of_both_languages() -> None:
    assert analyse("what are the symptoms", "en") == analyse("symptoms", "en")
    assert analyse("¿cuáles son los síntomas?", "es") == analyse("síntomas", "es")


def test_it_blanks_cancer_names_out_of_the_rest_of_the_question() -> None:
    rest = without_cancer_mentions("What are the symptoms of cancer of the voice box?")
    assert "symptoms" in rest
    assert "voice" not in rest and "box" not in rest
    assert without_cancer_mentions("¿Síntomas del cáncer de pecho?") == "sintomas del"


def test_it_expands_lay_names_to_article_names() -> None:
    terms = expansion_terms(understand("cancer of the voice box symptoms"), "en")
    assert "laryngeal" in terms and "larynx" in terms and "Symptoms" in terms
    es_to_en = expansion_terms(understand("¿síntomas de la leucemia en niños?"), "en", "niños")
    assert "leukemia" in es_to_en and "childhood" in es_to_en


def test_it_truncates_at_a_word_boundary() -> None:
    assert truncate("short", 10) == "short"
    cut = truncate("one two three four five six seven", 20)
    assert len(cut) <= 20 and not cut.endswith(" ") and "three" in cut


def test_it_has_a_consistent_cancer_hierarchy() -> None:
    for cancer in CANCERS.values():
        for patterns in (cancer.names, cancer.organs, cancer.es_organs, cancer.parents):
            assert isinstance(patterns, tuple), cancer.id
        for parent in cancer.parents:
            assert cancer.id in CANCERS[parent].children


def test_it_reads_the_question_not_the_story_before_it() -> None:
    story = "My son was diagnosed with leukaemia last week. What treatments are there?"
    assert detect_qtype(story) == "treatment"
    historia = "A mi madre le diagnosticaron cáncer de mama. ¿Cuál es el pronóstico?"
    assert detect_qtype(historia) == "outlook"
    assert detect_qtype("Tengo un bulto en el pecho, ¿puede ser cáncer?") == "symptoms"


def test_it_conflates_word_forms_the_stemmer_keeps_apart() -> None:
    assert analyse("treatment", "en") == analyse("treated", "en")
    assert analyse("diagnosis", "en") == analyse("diagnosed", "en")
    assert analyse("metastasis", "en") == analyse("metastases", "en")
    assert analyse("tratamiento", "es") == analyse("tratar", "es")


@pytest.mark.parametrize(
    ("question", "cancers", "destinations"),
    [
        ("How does cancer spread to the liver?", (), ("liver",)),
        ("¿Cómo llega el cáncer al hígado?", (), ("liver",)),
        ("has my breast cancer spread to the bones?", ("breast",), ("bone",)),
        ("liver metastases", (), ("liver",)),
        ("where does liver cancer spread?", ("liver",), ()),
        ("my dad has an appointment at the liver clinic", (), ()),
        ("is his cancer going to the liver clinic next week?", (), ()),
    ],
)
def test_it_tells_where_cancer_goes_from_where_it_starts(question, cancers, destinations):
    u = understand(question)
    assert (u.cancers, u.destinations) == (cancers, destinations)
    if destinations:
        assert u.qtype == "spread"
