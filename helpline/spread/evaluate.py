"""Leave-one-primary-out validation of the spread model against two baselines.

For every primary with at least ``MIN_AUTOPSIES`` autopsies the model is refitted
without that primary's row and its prediction is compared with the primary's own
counts over the organ sites (lymph-node sites excluded):

* Spearman rank correlation between predicted shares and observed counts;
* top-3 overlap: |top 3 predicted sites & top 3 observed sites| / 3, ties broken by
  the alphabetical order of ``site_std`` (the same rule for both lists);
* the noise-adjusted R^2 of Font-Clos, Zapperi & La Porta (iScience 2020), see
  :func:`noise_adjusted_r2`.

The baselines, in the same run and with the same primary left out, are the
pan-cancer site frequency (pooled counts of all other primaries) and blood flow
alone (the model's circulation chain with no soil, routes, sex offset or external
term; its three trapping fractions fitted on the other primaries). The same run also
fits the model without the external compatibility term (the ablation that shows
what the other autopsy series add) and, as a sensitivity check, with the term built
without Abrams et al. 1950 (the one external series from the same era as diSibio).
"""

from __future__ import annotations

import csv
import functools
import math
from dataclasses import dataclass, field

import numpy as np
from scipy.stats import linregress, spearmanr

from helpline.spread import model as spread_model
from helpline.spread.model import DATA_DIR, Dataset, FloatArray

MIN_AUTOPSIES = 40
TARGETS = {"spearman": 0.80, "top3": 0.85, "r2_adjusted": 0.39}
METHODS = ("model", "model_no_external", "pan_cancer", "blood_flow")
METHOD_LABELS = {
    "model": "model",
    "model_no_external": "model without the external term",
    "pan_cancer": "pan-cancer baseline",
    "blood_flow": "blood-flow baseline",
}
#: Sensitivity variants (means only): name -> external series used.
SERIES_ABBREVIATIONS = {
    "budczies2015": "B",
    "abrams1950": "A",
    "bubendorf2000": "P",
    "schlageter2016": "S",
}
SENSITIVITY = {
    "external term without Abrams 1950": ("budczies2015", "bubendorf2000", "schlageter2016"),
}


def font_clos_reference_r2() -> float:
    """Mean noise-adjusted R^2 of the blood-flow model over Font-Clos et al.'s 7 cancers."""
    with (DATA_DIR / "fontclos2020_flow_variance_explained.csv").open(encoding="utf-8") as fh:
        values = [float(r["flow_explained_fraction_R2_adjusted"]) for r in csv.DictReader(fh)]
    return sum(values) / len(values)


@dataclass(frozen=True)
class R2Result:
    """Variance decomposition of Font-Clos et al. 2020 (``compute_explained_variance``)."""

    r2: float  # (S2 - E2) / S2
    r2_adjusted: float  # (S2 - E2) / (S2 - e2)
    s2: float  # variance of log observed fraction
    e2: float  # variance of the residuals of the log-log regression
    noise2: float  # mean squared relative binomial error of the observed fractions
    slope: float
    n_sites: int  # sites with observed and predicted value > 0


@dataclass(frozen=True)
class Scores:
    spearman: float
    top3: float
    r2: R2Result

    @property
    def r2_adjusted(self) -> float:
        return self.r2.r2_adjusted


@dataclass(frozen=True)
class PrimaryEvaluation:
    primary: str
    n_autopsies: int
    n_metastases: int  # at organ sites
    observed: FloatArray  # counts per organ site
    predictions: dict[str, FloatArray]  # method -> shares per organ site
    scores: dict[str, Scores]  # method -> scores


@dataclass(frozen=True)
class Evaluation:
    sites: list[str]  # organ sites, order of the vectors above
    rows: list[PrimaryEvaluation]
    # sensitivity variant -> metric -> mean over the primaries (see SENSITIVITY)
    sensitivity: dict[str, dict[str, float]] = field(default_factory=dict)

    def mean(self, method: str, metric: str) -> float:
        return float(np.mean([getattr(r.scores[method], metric) for r in self.rows]))

    def median(self, method: str, metric: str) -> float:
        return float(np.median([getattr(r.scores[method], metric) for r in self.rows]))

    def mean_plain_r2(self, method: str) -> float:
        return float(np.mean([r.scores[method].r2.r2 for r in self.rows]))


# ---------------------------------------------------------------------- metrics


def spearman(predicted: FloatArray, observed: FloatArray) -> float:
    """Spearman rank correlation (average ranks for ties); nan if either is constant."""
    if np.ptp(predicted) == 0 or np.ptp(observed) == 0:
        return math.nan
    return float(spearmanr(predicted, observed)[0])


def top_k(values: FloatArray, k: int = 3) -> list[int]:
    """Indices of the k largest values; ties go to the earlier (alphabetical) site."""
    return [int(i) for i in np.argsort(-np.asarray(values), kind="stable")[:k]]


def top3_overlap(predicted: FloatArray, observed: FloatArray) -> float:
    return len(set(top_k(predicted)) & set(top_k(observed))) / 3.0


def noise_adjusted_r2(
    observed_fraction: FloatArray, n_patients: float, predicted: FloatArray
) -> R2Result:
    """Noise-adjusted R^2 of Font-Clos, Zapperi & La Porta, iScience 2020;23:101073.

    Follows ``compute_explained_variance`` in their code (ComplexityBiosystems/CTC-model,
    ``code/manuscript.py``): keep sites where both the observed fraction ``p`` and the
    predicted value are > 0; regress y = log p on x = log(predicted) by least squares;

        S2 = var(y),  E2 = var(y - (a + b x)),  R2 = (S2 - E2) / S2,
        e2 = mean over sites of (sigma_p / p)^2 with sigma_p^2 = p (1 - p) / N,
        R2_adjusted = (S2 - E2) / (S2 - e2)

    (population variances). ``e2`` is the part of the variance of log p expected from
    binomial sampling noise alone, so R2_adjusted is the share of the non-noise variance
    that the prediction explains. It is not bounded to [0, 1]: with few patients e2 can
    come close to (or exceed) S2. As in their analysis the prediction's scale does not
    matter (shares or fractions give the same value).
    """
    p = np.asarray(observed_fraction, dtype=np.float64)
    f = np.asarray(predicted, dtype=np.float64)
    keep = (p > 0) & (f > 0)
    y, x, pk = np.log(p[keep]), np.log(f[keep]), p[keep]
    fit = linregress(x, y)
    resid = y - (fit.intercept + fit.slope * x)
    s2 = float(np.var(y))
    e2 = float(np.var(resid))
    noise2 = float(np.mean((1.0 - pk) / (n_patients * pk)))
    return R2Result(
        r2=(s2 - e2) / s2,
        r2_adjusted=(s2 - e2) / (s2 - noise2),
        s2=s2,
        e2=e2,
        noise2=noise2,
        slope=float(fit.slope),
        n_sites=int(keep.sum()),
    )


def score(predicted: FloatArray, observed: FloatArray, n_autopsies: float) -> Scores:
    return Scores(
        spearman=spearman(predicted, observed),
        top3=top3_overlap(predicted, observed),
        r2=noise_adjusted_r2(observed / n_autopsies, n_autopsies, predicted),
    )


# -------------------------------------------------------------------- baselines


def pan_cancer_baseline(ds: Dataset, exclude: str) -> FloatArray:
    """Pooled organ-site counts of all primaries but ``exclude``, as shares."""
    i = ds.index(exclude)
    others = [k for k in range(len(ds.primaries)) if k != i]
    pooled = ds.counts[others][:, ds.organ_mask].sum(axis=0)
    out: FloatArray = pooled / pooled.sum()
    return out


@functools.cache
def _variant_model(exclude: str, external: tuple[str, ...]) -> spread_model.SpreadModel:
    return spread_model.fit(exclude, external=external)


def model_without_external(exclude: str) -> FloatArray:
    """The model without the external compatibility term, fitted without ``exclude``."""
    return _variant_model(exclude, ()).predict_organ_sites(exclude)


@functools.cache
def _blood_flow_model(exclude: str) -> spread_model.SpreadModel:
    return spread_model.fit(exclude, routes=False, soil=False, sex_aware=False, external=False)


def blood_flow_baseline(exclude: str) -> FloatArray:
    """Blood flow and capillary trapping alone, fitted without ``exclude``."""
    return _blood_flow_model(exclude).predict_organ_sites(exclude)


# ------------------------------------------------------------------- evaluation


def evaluation_primaries(ds: Dataset, min_autopsies: int = MIN_AUTOPSIES) -> list[str]:
    return [p for p, n in zip(ds.primaries, ds.autopsies, strict=True) if n >= min_autopsies]


@functools.cache
def evaluate(min_autopsies: int = MIN_AUTOPSIES) -> Evaluation:
    """Leave-one-primary-out evaluation on the packaged data (memoised)."""
    ds = spread_model.load_dataset()
    rows: list[PrimaryEvaluation] = []
    for primary in evaluation_primaries(ds, min_autopsies):
        i = ds.index(primary)
        observed = ds.counts[i, ds.organ_mask]
        n = float(ds.autopsies[i])
        predictions = {
            "model": spread_model.fitted(primary).predict_organ_sites(primary),
            "model_no_external": model_without_external(primary),
            "pan_cancer": pan_cancer_baseline(ds, primary),
            "blood_flow": blood_flow_baseline(primary),
        }
        rows.append(
            PrimaryEvaluation(
                primary=primary,
                n_autopsies=int(n),
                n_metastases=int(observed.sum()),
                observed=observed,
                predictions=predictions,
                scores={m: score(v, observed, n) for m, v in predictions.items()},
            )
        )
    sensitivity: dict[str, dict[str, float]] = {}
    for name, series in SENSITIVITY.items():
        scores = []
        for r in rows:
            shares = _variant_model(r.primary, series).predict_organ_sites(r.primary)
            scores.append(score(shares, r.observed, r.n_autopsies))
        sensitivity[name] = {
            metric: float(np.mean([getattr(sc, metric) for sc in scores]))
            for metric in ("spearman", "top3", "r2_adjusted")
        }
    return Evaluation(sites=ds.organ_sites, rows=rows, sensitivity=sensitivity)


def format_table(ev: Evaluation) -> str:
    """The per-primary table, the means and the targets, as plain text."""
    head = (
        f"{'primary':<18} {'N':>4} {'mets':>5} {'ext':<3} | "
        + " | ".join(f"{m:^20}" for m in ("model", "no external term", "pan-cancer", "blood flow"))
        + "\n"
        + f"{'':<18} {'':>4} {'':>5} {'':<3} | "
        + " | ".join(f"{'rho':>6} {'top3':>5} {'R2adj':>7}" for _ in METHODS)
    )
    lines = [
        "Leave-one-primary-out validation, diSibio & French 2008 autopsy counts",
        f"(primaries with >= {MIN_AUTOPSIES} autopsies: {len(ev.rows)}; "
        f"{len(ev.sites)} organ sites, lymph nodes excluded)",
        "ext = other autopsy series behind the primary's compatibility term: "
        + ", ".join(f"{v} {k}" for k, v in SERIES_ABBREVIATIONS.items())
        + ", - none",
        "",
        head,
        "-" * len(head.splitlines()[0]),
    ]
    for r in ev.rows:
        cells = " | ".join(
            f"{r.scores[m].spearman:6.3f} {r.scores[m].top3:5.2f} {r.scores[m].r2_adjusted:7.2f}"
            for m in METHODS
        )
        ext = "".join(SERIES_ABBREVIATIONS[k] for k in spread_model.external_sources(r.primary))
        lines.append(
            f"{r.primary:<18} {r.n_autopsies:>4} {r.n_metastases:>5} {ext or '-':<3} | {cells}"
        )
    lines.append("-" * len(head.splitlines()[0]))
    means = " | ".join(
        f"{ev.mean(m, 'spearman'):6.3f} {ev.mean(m, 'top3'):5.3f} {ev.mean(m, 'r2_adjusted'):7.3f}"
        for m in METHODS
    )
    medians = " | ".join(
        f"{ev.median(m, 'spearman'):6.3f} {ev.median(m, 'top3'):5.3f} "
        f"{ev.median(m, 'r2_adjusted'):7.3f}"
        for m in METHODS
    )
    plain = " | ".join(f"{'':6} {'':5} {ev.mean_plain_r2(m):7.3f}" for m in METHODS)
    lines += [
        f"{'mean':<18} {'':>4} {'':>5} {'':<3} | {means}",
        f"{'median':<18} {'':>4} {'':>5} {'':<3} | {medians}",
        f"{'mean plain R2':<18} {'':>4} {'':>5} {'':<3} | {plain}",
        "",
        _gain_line(ev),
        *(
            f"Sensitivity, {name}: Spearman {v['spearman']:.3f}, top-3 {v['top3']:.3f}, "
            f"R2adj {v['r2_adjusted']:.3f}"
            for name, v in ev.sensitivity.items()
        ),
        "",
        "Targets for the model (means): "
        + ", ".join(
            f"{name} >= {goal:.2f}: {ev.mean('model', metric):.3f} "
            f"({'met' if ev.mean('model', metric) >= goal else 'NOT met'})"
            for name, metric, goal in (
                ("Spearman", "spearman", TARGETS["spearman"]),
                ("top-3", "top3", TARGETS["top3"]),
                ("noise-adjusted R2", "r2_adjusted", TARGETS["r2_adjusted"]),
            )
        ),
        f"Font-Clos et al. 2020, blood flow alone, mean R2adj over 7 cancers: "
        f"{font_clos_reference_r2():.2f} (different site set and data; for orientation only)",
    ]
    return "\n".join(lines)


def external_gain(ev: Evaluation, metric: str = "spearman") -> FloatArray:
    """Per primary: model minus model without the external term, for ``metric``."""
    out: FloatArray = np.array(
        [
            getattr(r.scores["model"], metric) - getattr(r.scores["model_no_external"], metric)
            for r in ev.rows
        ]
    )
    return out


def _gain_line(ev: Evaluation) -> str:
    gain = external_gain(ev)
    se = float(gain.std(ddof=1) / math.sqrt(len(gain)))
    return (
        f"External term: mean Spearman gain {gain.mean():+.3f} (standard error over primaries "
        f"{se:.3f}); better for {int((gain > 0).sum())}, worse for {int((gain < 0).sum())} "
        f"of {len(gain)} primaries; top-3 gain {external_gain(ev, 'top3').mean():+.3f}"
    )
