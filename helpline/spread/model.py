"""Metastasis spread model: anatomy (blood and lymph routes) x per-site "soil".

For a primary cancer of the diSibio & French (2008) autopsy series the model gives
the share of metastases expected at each site of that series' ``site_std``
vocabulary. It is a group-level description of an autopsy series of mostly
untreated patients (1914-1943), not a prediction for any person.

Organ (non-lymph-node) sites::

    log lambda[p, s] = theta[s] + log h[p, s](phi) + sum_r beta[r] * R_r[p, s] + x[p, s]
                       + gamma * c[p, s]
    share[p, s | organ sites] = lambda[p, s] / sum_s' lambda[p, s']

* ``h`` -- arrival of blood-borne tumour cells, from a small absorbing Markov chain
  over the circulation: the first capillary bed is the lung for caval drainage and
  the liver for portal drainage; cells that pass a bed are delivered by the arteries
  in proportion to ICRP 89 organ blood flow; each capillary bed traps a fraction
  ``phi`` (lung, liver, any other bed) of the cells reaching it.
* ``R_r`` -- 0/1 anatomical routes (same body region, peritoneal or pleural cavity,
  adjacent organ, vertebral venous plexus, other part of the same organ); they depend
  on the primary only through ``data/primary_anatomy.csv``, never through its counts.
* ``x`` -- log of the share of patients who have the organ (sex-specific organs).
* ``theta`` -- the per-site "soil" (log scale).
* ``c`` -- primary-specific compatibility from *other* autopsy series (Budczies 2015,
  Abrams 1950, Bubendorf 2000, Schlageter 2016): a shrunken, centred log-ratio of the
  primary's site frequency in that series over the series' pan-cancer frequency; never
  computed from any diSibio number. ``gamma`` is one fitted weight.

Lymph-node sites get the share that lymph nodes take, among the training primaries,
in primaries draining to the same kind of regional basin.

Everything is fitted by maximum likelihood (Dirichlet-multinomial on the organ-site
counts, so that large series do not swamp the rest) with ``scipy.optimize``; with
``exclude=`` the named primary's row is left out, so its prediction never uses its
own counts. See ``docs/subsystems/spread.md``.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy.optimize import minimize
from scipy.special import digamma, gammaln

DATA_DIR = Path(__file__).resolve().parent / "data"

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

LYMPH_REGIONAL = "lymph_node_regional"
LYMPH_DISTANT = "lymph_node_distant"
LYMPH_SITES = (LYMPH_REGIONAL, LYMPH_DISTANT)

#: Sites lining (or lying free in) the peritoneal cavity: targets of transcoelomic spread.
PERITONEAL_TARGETS = ("peritoneum", "omentum", "diaphragm", "ovary")
#: Serous linings of the chest: targets of pleural / pericardial spread.
PLEURAL_TARGETS = ("pleura", "pericardium", "diaphragm")

#: Organ sites lying in each body region (a site may lie in two).
REGION_SITES: dict[str, tuple[str, ...]] = {
    "head_neck": ("brain", "thyroid"),
    "thorax": ("lung", "pleura", "pericardium", "heart", "breast", "diaphragm"),
    "abdomen": (
        "liver",
        "gallbladder",
        "stomach",
        "small_intestine",
        "large_intestine",
        "pancreas",
        "spleen",
        "omentum",
        "peritoneum",
        "adrenal",
        "kidney",
        "diaphragm",
    ),
    "pelvis": ("bladder", "prostate", "uterus", "ovary", "vagina", "large_intestine", "peritoneum"),
    "none": (),
}

FEMALE_SITES = ("breast", "ovary", "uterus", "vagina")
MALE_SITES = ("prostate", "testis")

#: Other autopsy series that give the primary-specific compatibility term ``c`` (see
#: ``external_compatibility``). Not used: Newton et al. 2012 (its lung row was fitted to
#: the diSibio lung row) and the research folder's ``autopsy_frequencies.csv`` (a stack
#: of these same series plus diSibio itself).
EXTERNAL_SERIES = ("budczies2015", "abrams1950", "bubendorf2000", "schlageter2016")
#: Pseudo-count (patients) shrinking a site fraction of an external series towards that
#: series' pan-cancer fraction before taking the log-ratio.
EXTERNAL_PSEUDO = 10.0
#: Share of patients assumed to have the organs of the other sex (male breast cancer is
#: about 1% of breast cancer; this also absorbs coding errors). Sex "both": one half.
OTHER_SEX_SHARE = 0.01

#: Names of the anatomical route indicators, in the order of the ``beta`` vector.
ROUTES = (
    "same_region",
    "peritoneal_cavity",
    "pleural_cavity",
    "adjacent_organ",
    "vertebral_plexus",
    "same_organ_paired",
    "same_organ_unpaired",
)

#: Names of the trapping fractions, in the order of ``SpreadParams.phi``.
PHI_NAMES = ("lung", "liver", "systemic")

# Gaussian priors (ridge penalties) keeping the fit well posed: soil ~ N(0, 10^2) on
# the log scale, route effects ~ N(0, 2^2).
_RIDGE_SOIL = 0.01
_RIDGE_ROUTE = 0.25  # also the weight gamma of the external compatibility term
# Pseudo-count (metastases) shrinking a lymph-basin group's node share to the overall one.
_LYMPH_PSEUDO = 200.0
_EPS_PHI = 1e-5
_MIN_SHARE = 1e-12
# Largest |gradient| accepted as converged (the objective is ~1e4 log-likelihood units;
# BFGS may stop on "precision loss" with a gradient of ~1e-6, which is converged).
_GTOL_ACCEPT = 1e-3


class UnknownPrimaryError(KeyError):
    """A primary that is not a ``primary`` value of the diSibio table."""

    def __init__(self, primary: str, valid: Sequence[str]) -> None:
        super().__init__(primary)
        self.primary = primary
        self.valid = list(valid)

    def __str__(self) -> str:
        return f"unknown primary {self.primary!r}; valid choices: {', '.join(self.valid)}"


@dataclass(frozen=True)
class PrimaryAnatomy:
    """What the model knows about a primary besides its counts (from anatomy)."""

    primary: str
    organ_site: str  # site_std of the organ itself ("" if none)
    self_kind: str  # "paired", "diffuse", "unpaired" or ""
    portal_fraction: float  # share of the venous outflow that goes to the portal vein
    pulmonary: bool  # lung: cells leave through the pulmonary veins into the arteries
    body_region: str  # "head_neck", "thorax", "abdomen", "pelvis" or "none"
    serous_cavity: str  # "peritoneal", "pleural" or "none"
    adjacent_sites: tuple[str, ...]
    vertebral_plexus: bool
    lymph_basin: str
    sex: str  # "female", "male" or "both"


@dataclass(frozen=True)
class Dataset:
    """Autopsy counts plus anatomy, as loaded from ``helpline/spread/data``."""

    primaries: tuple[str, ...]
    sites: tuple[str, ...]
    counts: FloatArray  # (primaries, sites): autopsies with the site involved
    autopsies: FloatArray  # (primaries,): autopsies of the primary
    anatomy: dict[str, PrimaryAnatomy]
    arterial_fraction: dict[str, FloatArray]  # per sex: share of cardiac output per site
    arterial_to_hepatic: dict[str, float]  # per sex: hepatic artery share of cardiac output
    arterial_lost: dict[str, float]  # per sex: share to tissues that are no site (adipose)
    portal_site: BoolArray  # (sites,): the site's veins drain to the portal vein
    # per external series: (primaries, organ sites) centred log-ratio, NaN = no information;
    # read from the other series' files only, so it does not change with ``counts``
    external: dict[str, FloatArray] = field(default_factory=dict)

    def index(self, primary: str) -> int:
        return self.primaries.index(canonical_primary(primary, self.primaries))

    def with_counts(self, primary: str, counts: Sequence[float] | FloatArray) -> Dataset:
        """A copy with one primary's row of counts replaced (for leakage tests)."""
        new = self.counts.copy()
        new[self.index(primary)] = np.asarray(counts, dtype=np.float64)
        return replace(self, counts=new)

    @property
    def organ_mask(self) -> BoolArray:
        """True for the organ sites (all sites but the two lymph-node sites)."""
        return np.array([s not in LYMPH_SITES for s in self.sites])

    @property
    def organ_sites(self) -> list[str]:
        return [s for s in self.sites if s not in LYMPH_SITES]


@dataclass(frozen=True)
class SpreadParams:
    """Fitted parameters (see the module docstring for the equations)."""

    soil: dict[str, float]  # exp(theta) per organ site; geometric mean 1
    phi: dict[str, float]  # trapping fraction per capillary bed kind (PHI_NAMES)
    beta: dict[str, float]  # route effects, log scale (ROUTES)
    concentration: float  # Dirichlet-multinomial concentration (overdispersion)
    lymph_regional_share: dict[str, float]  # per lymph-basin group
    lymph_distant_share: dict[str, float]
    log_likelihood: float  # Dirichlet-multinomial, training organ-site counts
    converged: bool
    external_weight: float = 0.0  # gamma, weight of the external compatibility term
    external_series: tuple[str, ...] = ()  # series the term was built from (empty: off)


@dataclass(frozen=True)
class SpreadModel:
    """A fitted model; ``excluded`` is the primary left out of the fit (or None)."""

    dataset: Dataset
    params: SpreadParams
    excluded: str | None
    routes: bool
    sex_aware: bool
    theta: FloatArray = field(repr=False)
    beta: FloatArray = field(repr=False)
    external_series: tuple[str, ...] = ()
    gamma: float = 0.0

    def predict(self, primary: str) -> dict[str, float]:
        """Predicted share of metastases per site_std (all 30 sites; sums to 1)."""
        vec = self.predict_vector(primary)
        return {site: float(v) for site, v in zip(self.dataset.sites, vec, strict=True)}

    def predict_vector(self, primary: str) -> FloatArray:
        ds = self.dataset
        i = ds.index(primary)
        basin = ds.anatomy[ds.primaries[i]].lymph_basin
        reg = self.params.lymph_regional_share[basin]
        dist = self.params.lymph_distant_share[basin]
        out = np.zeros(len(ds.sites))
        out[ds.organ_mask] = self.predict_organ_sites(primary) * (1.0 - reg - dist)
        out[ds.sites.index(LYMPH_REGIONAL)] = reg
        out[ds.sites.index(LYMPH_DISTANT)] = dist
        result: FloatArray = out / out.sum()
        return result

    def predict_organ_sites(self, primary: str) -> FloatArray:
        """Shares over the organ sites only (``dataset.organ_sites`` order; sums to 1)."""
        ds = self.dataset
        i = ds.index(primary)
        eta = self.theta + _log_arrival(ds, tuple(self.params.phi.values()))[i]
        if self.routes:
            eta = eta + route_design(ds)[i] @ self.beta
        if self.sex_aware:
            eta = eta + sex_offset(ds)[i]
        if self.external_series:
            eta = eta + self.gamma * external_design(ds, self.external_series)[i]
        return _softmax(eta)


# --------------------------------------------------------------------------- data


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@functools.cache
def load_dataset() -> Dataset:
    """Load the packaged tables (reads only ``helpline/spread/data``)."""
    rows = _read_csv("disibio2008_counts.csv")
    primary_names: list[str] = []
    site_names: set[str] = set()
    for r in rows:
        if r["primary"] not in primary_names:
            primary_names.append(r["primary"])
        site_names.add(r["site_std"])
    site_list = sorted(site_names)
    counts = np.zeros((len(primary_names), len(site_list)))
    autopsies = np.zeros(len(primary_names))
    for r in rows:
        i, j = primary_names.index(r["primary"]), site_list.index(r["site_std"])
        counts[i, j] = float(r["n_with_site"])
        autopsies[i] = float(r["n_autopsies_primary"])

    anatomy: dict[str, PrimaryAnatomy] = {}
    for r in _read_csv("primary_anatomy.csv"):
        adj = tuple(s for s in r["adjacent_sites"].split(";") if s)
        for s in (*adj, r["organ_site"]):
            if s and s not in site_list:
                raise ValueError(f"primary_anatomy.csv: unknown site {s!r}")
        anatomy[r["primary"]] = PrimaryAnatomy(
            primary=r["primary"],
            organ_site=r["organ_site"],
            self_kind=r["self_kind"],
            portal_fraction=float(r["portal_fraction"]),
            pulmonary=r["first_bed"] == "none",
            body_region=r["body_region"],
            serous_cavity=r["serous_cavity"],
            adjacent_sites=adj,
            vertebral_plexus=r["vertebral_plexus"] == "1",
            lymph_basin=r["lymph_basin"],
            sex=r["sex"],
        )
    missing = set(primary_names) - set(anatomy)
    if missing:
        raise ValueError(f"primary_anatomy.csv lacks {sorted(missing)}")

    # Arterial delivery: ICRP 89 resting flow; female column for primaries of women,
    # male column for men, the mean of the two otherwise.
    icrp = _read_csv("organ_blood_flow_icrp89.csv")
    circulation = _read_csv("site_circulation.csv")
    arterial: dict[str, FloatArray] = {}
    hepatic: dict[str, float] = {}
    lost: dict[str, float] = {}
    portal = np.zeros(len(site_list), dtype=bool)
    for sex in ("female", "male", "both"):
        flow = {
            r["tissue"]: (
                float(r["pct_cardiac_output_adult_female"])
                if sex == "female"
                else float(r["pct_cardiac_output_adult_male"])
                if sex == "male"
                else 0.5
                * (
                    float(r["pct_cardiac_output_adult_male"])
                    + float(r["pct_cardiac_output_adult_female"])
                )
            )
            for r in icrp
        }
        art = np.zeros(len(site_list))
        hep = 0.0
        used: set[str] = set()
        for r in circulation:
            j = site_list.index(r["site_std"])
            q = flow[r["icrp_tissue"]] * float(r["share_of_tissue_flow"])
            used.add(r["icrp_tissue"])
            if r["venous_drainage"] == "hepatic_artery":
                hep += q
            else:
                art[j] = q
                portal[j] = r["venous_drainage"] == "portal"
        # liver_total double-counts portal inflow; skeleton sub-rows are in skeleton_total
        parts = {t for t in flow if t.startswith("skeleton_") and t != "skeleton_total"}
        rest = sum(flow[t] for t in set(flow) - used - parts - {"liver_total"})
        total = art.sum() + hep + rest
        arterial[sex], hepatic[sex], lost[sex] = art / total, hep / total, rest / total
    return Dataset(
        primaries=tuple(primary_names),
        sites=tuple(site_list),
        counts=counts,
        autopsies=autopsies,
        anatomy=anatomy,
        arterial_fraction=arterial,
        arterial_to_hepatic=hepatic,
        arterial_lost=lost,
        portal_site=portal,
        external=external_compatibility(
            tuple(primary_names), [s for s in site_list if s not in LYMPH_SITES], anatomy
        ),
    )


# ------------------------------------------------------- other autopsy series

#: (external primary -> {site: (patients with the site, patients examined)})
_SeriesTable = dict[str, dict[str, tuple[float, float]]]


def _pooled_reference(table: _SeriesTable) -> dict[str, float]:
    """Pan-cancer fraction per site: patients with the site / patients, over all primaries."""
    with_site: dict[str, float] = {}
    examined: dict[str, float] = {}
    for sites_ in table.values():
        for s, (k, n) in sites_.items():
            with_site[s] = with_site.get(s, 0.0) + k
            examined[s] = examined.get(s, 0.0) + n
    return {s: with_site[s] / examined[s] for s in with_site if examined[s] > 0}


def _external_tables(
    organ_sites: Sequence[str],
) -> dict[str, tuple[_SeriesTable, dict[str, float]]]:
    """Per external series: its site table (diSibio organ sites only) and its reference.

    * Budczies 2015: fraction of patients with metastasis, times the patients of the
      type (most fractions are heatmap class middles); reference pooled over its 16 types.
    * Abrams 1950: counts over all autopsies of the primary; a site of the series that a
      table does not list counts as 0 (the tables list the sites involved); brain only
      where the number of brains examined is given (breast, lung, stomach). Reference
      pooled over its 8 primaries.
    * Bubendorf 2000 (prostate) and Schlageter 2016 (liver): one primary each, so their
      reference is the Budczies pan-cancer fraction (also a recent series of patients
      with metastasis); sites without a Budczies reference are dropped.

    Only sites whose ``site_std`` is a diSibio organ site are kept (no merging of
    e.g. bone marrow into bone or meninges into brain).
    """
    organ = set(organ_sites)
    budczies: _SeriesTable = {}
    for r in _read_csv("budczies2015_autopsy_site_fractions.csv"):
        if r["site_std"] in organ:
            n = float(r["n_patients_with_metastasis"])
            k = float(r["fraction_of_patients_with_metastasis"]) * n
            budczies.setdefault(r["primary"], {})[r["site_std"]] = (k, n)
    budczies_ref = _pooled_reference(budczies)

    rows = _read_csv("abrams1950_autopsy_counts.csv")
    vocab = {r["site_std"] for r in rows if r["site_std"] in organ and r["site_std"] != "brain"}
    autopsies = {r["primary"]: float(r["n_autopsies_primary"]) for r in rows}
    abrams: _SeriesTable = {p: {s: (0.0, n) for s in vocab} for p, n in autopsies.items()}
    for r in rows:
        s = r["site_std"]
        if s in vocab or (s == "brain" and r["denominator_type"] == "brains_examined"):
            abrams[r["primary"]][s] = (float(r["n_with_site"]), float(r["denominator"]))

    bubendorf: _SeriesTable = {}
    for r in _read_csv("bubendorf2000_prostate_autopsy.csv"):
        if r["site_std"] in organ:
            n = float(r["n_patients_with_hematogenous_metastasis"])
            bubendorf.setdefault(r["primary"], {})[r["site_std"]] = (float(r["n_with_site"]), n)

    schlageter: _SeriesTable = {}
    for r in _read_csv("schlageter2016_hcc_autopsy.csv"):
        if r["site_std"] in organ:
            n = float(r["n_with_extrahepatic_metastasis"])
            k = float(r["fraction_of_patients_with_extrahepatic_metastasis"]) * n
            schlageter.setdefault(r["primary"], {})[r["site_std"]] = (k, n)

    return {
        "budczies2015": (budczies, budczies_ref),
        "abrams1950": (abrams, _pooled_reference(abrams)),
        "bubendorf2000": (bubendorf, budczies_ref),
        "schlageter2016": (schlageter, budczies_ref),
    }


def external_compatibility(
    primary_names: Sequence[str], organ_sites: Sequence[str], anatomy: dict[str, PrimaryAnatomy]
) -> dict[str, FloatArray]:
    """Primary-specific compatibility from other autopsy series, one matrix per series.

    For a diSibio primary ``p`` mapped (``external_primary_map.csv``) to primary ``q`` of
    series ``k``, and a site ``s`` that series reports::

        f~ = (k[q, s] + m * fbar[s]) / (n[q, s] + m)      m = EXTERNAL_PSEUDO patients
        r  = log(f~ / fbar[s]),   c_k[p, s] = r - mean over the covered sites of r

    where ``fbar`` is the series' pan-cancer fraction. Centring removes how many sites a
    primary's patients have in that series (the series' denominators differ), leaving
    how the metastases are distributed. Sex-specific organs (the denominators mix the
    sexes in unknown proportions; the sex offset handles them) and the primary's own
    organ (series count it differently, the same-organ routes handle it) are not
    covered. Returns {series: (primaries, organ sites)} with NaN where not covered.
    Reads only the other series' files, never the diSibio counts.
    """
    tables = _external_tables(organ_sites)
    out = {k: np.full((len(primary_names), len(organ_sites)), np.nan) for k in EXTERNAL_SERIES}
    for r in _read_csv("external_primary_map.csv"):
        series, p = r["study"], r["primary"]
        if p not in primary_names:
            raise ValueError(f"external_primary_map.csv: unknown primary {p!r}")
        table, ref = tables[series]
        observed = table[r["external_primary"]]
        skip = {*FEMALE_SITES, *MALE_SITES, anatomy[p].organ_site}
        cols = [j for j, s in enumerate(organ_sites) if s in observed and ref.get(s, 0.0) > 0]
        cols = [j for j in cols if organ_sites[j] not in skip]
        fbar = np.array([ref[organ_sites[j]] for j in cols])
        k = np.array([observed[organ_sites[j]][0] for j in cols])
        n = np.array([observed[organ_sites[j]][1] for j in cols])
        ratio = np.log((k + EXTERNAL_PSEUDO * fbar) / (n + EXTERNAL_PSEUDO) / fbar)
        out[series][primary_names.index(p), cols] = ratio - ratio.mean()
    return out


def external_design(ds: Dataset, series: Sequence[str] = EXTERNAL_SERIES) -> FloatArray:
    """The compatibility term c[p, s]: mean over the given series that cover (p, s), else 0.

    Shape (primaries, organ sites).
    """
    total = np.zeros((len(ds.primaries), len(ds.organ_sites)))
    covering = np.zeros_like(total)
    for k in series:
        values = ds.external[k]
        total += np.nan_to_num(values, nan=0.0)
        covering += ~np.isnan(values)
    out: FloatArray = np.divide(total, covering, out=np.zeros_like(total), where=covering > 0)
    return out


def external_sources(primary: str) -> list[str]:
    """The external series that inform ``primary``'s compatibility term."""
    ds = load_dataset()
    i = ds.index(primary)
    return [k for k in EXTERNAL_SERIES if not np.isnan(ds.external[k][i]).all()]


def primaries() -> list[str]:
    """The ``primary`` values of the diSibio table, in file order."""
    return list(load_dataset().primaries)


def sites() -> list[str]:
    """The ``site_std`` vocabulary (sorted), including the two lymph-node sites."""
    return list(load_dataset().sites)


def canonical_primary(primary: str, valid: Sequence[str] | None = None) -> str:
    """The diSibio spelling of ``primary`` (matched case-insensitively)."""
    names = list(valid) if valid is not None else primaries()
    key = " ".join(primary.strip().lower().replace("_", " ").split())
    for name in names:
        if name.lower() == key:
            return name
    raise UnknownPrimaryError(primary, names)


# ---------------------------------------------------------------------- anatomy


def hemodynamic_arrival(ds: Dataset, phi: Sequence[float]) -> FloatArray:
    """Share of the cells a primary sheds into its veins that end up trapped at each site.

    Absorbing Markov chain with three transient states: L (lung capillaries, reached
    through the right heart), A (systemic arteries) and H (liver sinusoids, reached
    through the portal vein or the hepatic artery). ``phi = (lung, liver, systemic)``.

    * from L a fraction phi_lung is trapped in the lung, the rest reaches A;
    * from A cells go to each tissue in proportion to its blood flow; a fraction
      phi_systemic is trapped there, the rest drains to H (portal organs) or to L
      (all other organs); the hepatic-artery share goes to H;
    * from H a fraction phi_liver is trapped in the liver, the rest drains to L.

    Caval drainage starts in L, portal drainage in H (``portal_fraction`` mixes the
    two), a lung primary starts in A. Returns (primaries, sites); a row sums to less
    than 1 by the share trapped in tissues that are no site (adipose tissue).
    """
    out = np.zeros((len(ds.primaries), len(ds.sites)))
    start = _start_matrix(ds)
    for sex in ("female", "male", "both"):
        rows = np.array([ds.anatomy[p].sex == sex for p in ds.primaries])
        out[rows] = start[rows] @ _absorption(ds, phi, sex)
    return out


def _start_matrix(ds: Dataset) -> FloatArray:
    """Where cells shed into the primary's veins enter the chain (L, A, H)."""
    start = np.zeros((len(ds.primaries), 3))
    for i, p in enumerate(ds.primaries):
        a = ds.anatomy[p]
        if a.pulmonary:
            start[i] = (0.0, 1.0, 0.0)
        else:
            start[i] = (1.0 - a.portal_fraction, 0.0, a.portal_fraction)
    return start


def _absorption(ds: Dataset, phi: Sequence[float], sex: str) -> FloatArray:
    phi_l, phi_h, phi_s = phi
    lung, liver = ds.sites.index("lung"), ds.sites.index("liver")
    q = ds.arterial_fraction[sex]
    to_h = (1.0 - phi_s) * q[ds.portal_site].sum() + ds.arterial_to_hepatic[sex]
    to_l = (1.0 - phi_s) * (q[~ds.portal_site].sum() + ds.arterial_lost[sex])
    trans = np.array(  # transient states L, A, H
        [
            [0.0, 1.0 - phi_l, 0.0],
            [to_l, 0.0, to_h],
            [1.0 - phi_h, 0.0, 0.0],
        ]
    )
    direct = np.zeros((3, len(ds.sites)))
    direct[0, lung] = phi_l
    direct[1] = phi_s * q
    direct[2, liver] = phi_h
    result: FloatArray = np.linalg.solve(np.eye(3) - trans, direct)
    return result


def _log_arrival(ds: Dataset, phi: Sequence[float]) -> FloatArray:
    """log h over the organ sites, shape (primaries, organ sites)."""
    h = hemodynamic_arrival(ds, phi)[:, ds.organ_mask]
    out: FloatArray = np.log(h)
    return out


def sex_offset(ds: Dataset) -> FloatArray:
    """log(share of patients who have the organ), shape (primaries, organ sites)."""
    organ_sites = ds.organ_sites
    out = np.zeros((len(ds.primaries), len(organ_sites)))
    for i, p in enumerate(ds.primaries):
        sex = ds.anatomy[p].sex
        for j, s in enumerate(organ_sites):
            site_sex = "female" if s in FEMALE_SITES else "male" if s in MALE_SITES else ""
            if site_sex:
                share = 0.5 if sex == "both" else 1.0 if sex == site_sex else OTHER_SEX_SHARE
                out[i, j] = np.log(share)
    return out


def route_design(ds: Dataset) -> FloatArray:
    """Route indicators R[p, s, r], shape (primaries, organ sites, routes)."""
    organ_sites = ds.organ_sites
    out = np.zeros((len(ds.primaries), len(organ_sites), len(ROUTES)))
    for i, p in enumerate(ds.primaries):
        a = ds.anatomy[p]
        for j, s in enumerate(organ_sites):
            same = s == a.organ_site
            flags = (
                not same and s in REGION_SITES[a.body_region],
                a.serous_cavity == "peritoneal" and s in PERITONEAL_TARGETS,
                a.serous_cavity == "pleural" and s in PLEURAL_TARGETS,
                s in a.adjacent_sites,
                a.vertebral_plexus and s == "bone",
                same and a.self_kind in ("paired", "diffuse"),
                same and a.self_kind == "unpaired",
            )
            out[i, j] = np.array(flags, dtype=np.float64)
    return out


# -------------------------------------------------------------------------- fit


def _softmax(eta: FloatArray) -> FloatArray:
    z = np.exp(eta - eta.max(axis=-1, keepdims=True))
    out: FloatArray = z / z.sum(axis=-1, keepdims=True)
    return out


def _expit(x: float) -> float:
    return float(1.0 / (1.0 + np.exp(-x)))


def _dm_loglik(
    counts: FloatArray, share: FloatArray, alpha: float
) -> tuple[float, FloatArray, float]:
    """Dirichlet-multinomial log-likelihood (up to a constant) and its derivatives.

    Returns (ll, d ll / d eta, d ll / d log alpha) where share = softmax(eta).
    """
    n = counts.sum(axis=1)
    a_pi = alpha * np.maximum(share, _MIN_SHARE)
    ll = float(
        (gammaln(alpha) - gammaln(n + alpha)).sum() + (gammaln(counts + a_pi) - gammaln(a_pi)).sum()
    )
    psi_diff = digamma(counts + a_pi) - digamma(a_pi)  # d ll / d (alpha * pi)
    g = alpha * psi_diff  # d ll / d pi
    d_eta = share * (g - (share * g).sum(axis=1, keepdims=True))
    d_alpha = float((digamma(alpha) - digamma(n + alpha)).sum() + (share * psi_diff).sum())
    return ll, d_eta, d_alpha * alpha


def fit(
    exclude: str | None = None,
    dataset: Dataset | None = None,
    *,
    routes: bool = True,
    soil: bool = True,
    sex_aware: bool = True,
    external: bool | Sequence[str] = True,
) -> SpreadModel:
    """Fit by maximum likelihood, leaving the primary ``exclude`` out if given.

    ``routes``, ``soil``, ``sex_aware`` and ``external`` switch parts of the model off;
    with all four off only blood flow and capillary trapping remain (the "blood flow
    alone" baseline). ``external`` is True (all of ``EXTERNAL_SERIES``), False (no
    external compatibility term) or the names of the series to build the term from.
    """
    ds = dataset if dataset is not None else load_dataset()
    excluded = canonical_primary(exclude, ds.primaries) if exclude is not None else None
    train = np.array([p != excluded for p in ds.primaries])
    counts = ds.counts[train][:, ds.organ_mask]
    counts = counts[counts.sum(axis=1) > 0]
    train_idx = [i for i, t in enumerate(train) if t and ds.counts[i, ds.organ_mask].sum() > 0]
    design = route_design(ds)[train_idx]
    if external is True:
        series: tuple[str, ...] = EXTERNAL_SERIES
    elif external is False:
        series = ()
    else:
        series = tuple(external)
        unknown = set(series) - set(EXTERNAL_SERIES)
        if unknown:
            raise ValueError(f"unknown external series {sorted(unknown)}")
    compat = external_design(ds, series)[train_idx] if series else np.zeros(counts.shape)
    sexoff = sex_offset(ds)[train_idx] if sex_aware else np.zeros(counts.shape)
    start = _start_matrix(ds)[train_idx]
    sex_rows = {
        sex: np.array([ds.anatomy[ds.primaries[i]].sex == sex for i in train_idx])
        for sex in ("female", "male", "both")
    }
    organ = ds.organ_mask
    n_sites = counts.shape[1]
    n_soil = n_sites if soil else 0
    n_routes = len(ROUTES) if routes else 0
    i_gamma = n_soil + n_routes  # the external weight, if any, sits before phi
    i_phi = i_gamma + (1 if series else 0)
    i_alpha = i_phi + len(PHI_NAMES)

    def log_h(phi: Sequence[float]) -> FloatArray:
        h = np.zeros((len(train_idx), len(ds.sites)))
        for sex, rows in sex_rows.items():
            h[rows] = start[rows] @ _absorption(ds, phi, sex)
        out: FloatArray = np.log(h[:, organ]) + sexoff
        return out

    def unpack(x: FloatArray) -> tuple[FloatArray, FloatArray, float, tuple[float, ...], float]:
        theta = x[:n_soil] if soil else np.zeros(n_sites)
        beta = x[n_soil:i_gamma] if routes else np.zeros(len(ROUTES))
        gamma = float(x[i_gamma]) if series else 0.0
        phi = tuple(_expit(v) for v in x[i_phi:i_alpha])
        return theta, beta, gamma, phi, float(np.exp(x[i_alpha]))

    def loglik(x: FloatArray, lh: FloatArray) -> tuple[float, FloatArray, float]:
        theta, beta, gamma, _, alpha = unpack(x)
        eta = theta[None, :] + lh + design @ beta + gamma * compat
        return _dm_loglik(counts, _softmax(eta), alpha)

    def objective(x: FloatArray) -> tuple[float, FloatArray]:
        theta, beta, gamma, phi, _ = unpack(x)
        lh = log_h(phi)
        ll, d_eta, d_log_alpha = loglik(x, lh)
        f = -ll
        grad = np.zeros_like(x)
        if soil:
            f += 0.5 * _RIDGE_SOIL * float(theta @ theta)
            grad[:n_soil] = -d_eta.sum(axis=0) + _RIDGE_SOIL * theta
        if routes:
            f += 0.5 * _RIDGE_ROUTE * float(beta @ beta)
            grad[n_soil:i_gamma] = -np.einsum("ps,psr->r", d_eta, design) + _RIDGE_ROUTE * beta
        if series:
            f += 0.5 * _RIDGE_ROUTE * gamma * gamma
            grad[i_gamma] = -float((d_eta * compat).sum()) + _RIDGE_ROUTE * gamma
        for k in range(len(PHI_NAMES)):  # chain rule through a numerical d log h / d phi
            up, dn = list(x[i_phi:i_alpha]), list(x[i_phi:i_alpha])
            up[k] += _EPS_PHI
            dn[k] -= _EPS_PHI
            d_lh = (log_h([_expit(v) for v in up]) - log_h([_expit(v) for v in dn])) / (
                2 * _EPS_PHI
            )
            grad[i_phi + k] = -float((d_eta * d_lh).sum())
        grad[i_alpha] = -d_log_alpha
        return f, grad

    x0 = np.zeros(i_alpha + 1)
    x0[i_alpha] = np.log(100.0)
    if soil:  # start the soil at log(pooled frequency / mean arrival)
        lh0 = log_h([0.5] * len(PHI_NAMES))
        pooled = (counts.sum(axis=0) + 0.5) / (counts.sum() + 0.5 * n_sites)
        theta0 = np.log(pooled) - np.log(np.exp(lh0).mean(axis=0))
        x0[:n_soil] = theta0 - theta0.mean()
    # BFGS (not L-BFGS-B, whose BLAS calls crawl when OpenBLAS threads compete for a
    # loaded CPU); all parameters are unconstrained by construction (logit, log).
    res = minimize(objective, x0, jac=True, method="BFGS", options={"gtol": 1e-5, "maxiter": 5000})
    theta, beta, gamma, phi, alpha = unpack(res.x)
    theta = theta - theta.mean()  # the softmax does not see a common shift
    ll_final, _, _ = loglik(res.x, log_h(phi))

    reg_share, dist_share = _lymph_shares(ds, excluded)
    params = SpreadParams(
        soil={s: float(np.exp(t)) for s, t in zip(ds.organ_sites, theta, strict=True)},
        phi=dict(zip(PHI_NAMES, phi, strict=True)),
        beta={r: float(b) for r, b in zip(ROUTES, beta, strict=True)} if routes else {},
        concentration=alpha,
        lymph_regional_share=reg_share,
        lymph_distant_share=dist_share,
        log_likelihood=ll_final,
        converged=bool(res.success or np.abs(res.jac).max() < _GTOL_ACCEPT),
        external_weight=gamma,
        external_series=series,
    )
    return SpreadModel(
        dataset=ds,
        params=params,
        excluded=excluded,
        routes=routes,
        sex_aware=sex_aware,
        theta=np.asarray(theta, dtype=np.float64),
        beta=np.asarray(beta, dtype=np.float64),
        external_series=series,
        gamma=gamma,
    )


def _lymph_shares(ds: Dataset, excluded: str | None) -> tuple[dict[str, float], dict[str, float]]:
    """Regional and distant lymph-node share of metastases per lymph-basin group.

    Pooled over the training primaries of the group and shrunk towards the pooled
    share of all training primaries with a pseudo-count of ``_LYMPH_PSEUDO`` metastases.
    """
    keep = [i for i, p in enumerate(ds.primaries) if p != excluded]
    counts = ds.counts[keep]
    groups = [ds.anatomy[ds.primaries[i]].lymph_basin for i in keep]
    reg_j, dist_j = ds.sites.index(LYMPH_REGIONAL), ds.sites.index(LYMPH_DISTANT)
    total = counts.sum(axis=1)
    overall_reg = counts[:, reg_j].sum() / total.sum()
    overall_dist = counts[:, dist_j].sum() / total.sum()
    reg: dict[str, float] = {}
    dist: dict[str, float] = {}
    for basin in sorted({a.lymph_basin for a in ds.anatomy.values()}):
        rows = np.array([g == basin for g in groups])
        n = float(total[rows].sum())
        reg[basin] = float(
            (counts[rows, reg_j].sum() + _LYMPH_PSEUDO * overall_reg) / (n + _LYMPH_PSEUDO)
        )
        dist[basin] = float(
            (counts[rows, dist_j].sum() + _LYMPH_PSEUDO * overall_dist) / (n + _LYMPH_PSEUDO)
        )
    return reg, dist


@functools.cache
def fitted(exclude: str | None = None) -> SpreadModel:
    """``fit(exclude)`` on the packaged data, memoised for the process."""
    return fit(exclude)
