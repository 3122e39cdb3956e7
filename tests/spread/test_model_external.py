"""The compatibility term built from other autopsy series (never from diSibio)."""

from __future__ import annotations

import numpy as np
import pytest

from helpline.spread import evaluate as ev
from helpline.spread import model


def test_it_builds_the_term_without_reading_the_disibio_counts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ds = model.load_dataset()
    read = model._read_csv

    def guarded(name: str) -> list[dict[str, str]]:
        assert "disibio" not in name.lower(), name
        return read(name)

    monkeypatch.setattr(model, "_read_csv", guarded)
    again = model.external_compatibility(ds.primaries, ds.organ_sites, ds.anatomy)
    assert set(again) == set(model.EXTERNAL_SERIES)
    for series in model.EXTERNAL_SERIES:
        np.testing.assert_array_equal(again[series], ds.external[series], strict=True)


def test_it_uses_no_series_derived_from_disibio() -> None:
    assert set(model.EXTERNAL_SERIES) == {
        "budczies2015",
        "abrams1950",
        "bubendorf2000",
        "schlageter2016",
    }
    packaged = {p.name for p in model.DATA_DIR.iterdir()}
    assert not any(name.startswith("newton2012") for name in packaged)
    assert "autopsy_frequencies.csv" not in packaged


def test_it_centres_the_term_and_leaves_unmapped_primaries_alone() -> None:
    ds = model.load_dataset()
    for series, values in ds.external.items():
        covered = ~np.isnan(values).all(axis=1)
        assert covered.any(), series
        np.testing.assert_allclose(np.nanmean(values[covered], axis=1), 0.0, atol=1e-12)
    design = model.external_design(ds)
    for primary in ("skin (upper face)", "thyroid", "unknown primary", "uterus"):
        assert model.external_sources(primary) == []
        assert not design[ds.index(primary)].any()


def test_it_skips_sex_organs_and_the_own_organ() -> None:
    ds = model.load_dataset()
    design = model.external_design(ds)
    sex_sites = [ds.organ_sites.index(s) for s in (*model.FEMALE_SITES, *model.MALE_SITES)]
    assert not design[:, sex_sites].any()
    for primary in ("lung", "kidney", "pancreas", "liver"):
        own = ds.organ_sites.index(ds.anatomy[primary].organ_site)
        assert design[ds.index(primary), own] == 0.0, primary


def test_it_reads_the_other_series_as_expected() -> None:
    ds = model.load_dataset()
    prostate = ds.index("prostate")
    bone = ds.organ_sites.index("bone")
    # bone is prostate cancer's most over-represented site in Budczies and in Bubendorf
    for series in ("budczies2015", "bubendorf2000"):
        row = ds.external[series][prostate]
        assert np.nanargmax(row) == bone, series
    assert model.external_sources("prostate") == ["budczies2015", "bubendorf2000"]
    assert model.external_sources("liver") == ["budczies2015", "schlageter2016"]
    assert model.external_sources("skin (body)") == ["budczies2015"]


def test_it_can_switch_the_term_off_or_choose_series() -> None:
    off = model.fit("ovary", external=False)
    assert off.external_series == () and off.gamma == 0.0
    assert off.params.external_weight == 0.0
    only = model.fit("ovary", external=("budczies2015",))
    assert only.external_series == ("budczies2015",)
    with pytest.raises(ValueError, match="unknown external series"):
        model.fit("ovary", external=("newton2012",))
    baseline = ev._blood_flow_model("ovary")
    assert baseline.external_series == () and not baseline.routes and not baseline.sex_aware
