"""``helpline spread`` sub-commands, driven through a parser built here."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from helpline.spread import model
from helpline.spread.cli import FOOTER, add_parser


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="helpline")
    add_parser(parser.add_subparsers())
    args = parser.parse_args(argv)
    result: int = args.func(args)
    return result


def test_it_prints_json_with_primary_and_shares(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["spread", "predict", "Breast", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"primary", "shares"}
    assert out["primary"] == "breast"
    assert list(out["shares"]) == model.sites()
    assert sum(out["shares"].values()) == pytest.approx(1.0)


def test_it_prints_a_table_sorted_by_share_with_a_footer(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["spread", "predict", "prostate"]) == 0
    out = capsys.readouterr().out
    rows = [line.split() for line in out.splitlines() if line.startswith("  ")]
    shares = [float(r[1].rstrip("%")) for r in rows]
    assert len(rows) == len(model.sites())
    assert shares == sorted(shares, reverse=True)
    assert out.rstrip().endswith(FOOTER)
    assert "not a personal prediction" in FOOTER and "doctor" in FOOTER


def test_it_can_leave_the_primary_out(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["spread", "predict", "SKIN (BODY)", "--leave-out", "--json"]) == 0
    left_out = json.loads(capsys.readouterr().out)
    assert left_out["primary"] == "skin (body)"
    assert left_out["shares"] == model.fit("skin (body)").predict("skin (body)")
    assert run(["spread", "predict", "skin (body)", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["shares"] != left_out["shares"]


def test_it_rejects_an_unknown_primary(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["spread", "predict", "melanoma"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "melanoma" in captured.err
    assert "breast" in captured.err and "skin (body)" in captured.err
    assert "Traceback" not in captured.err


def test_it_prints_the_evaluation_and_writes_svg_charts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    plots = tmp_path / "charts" / "spread"
    assert run(["spread", "evaluate", "--plots", str(plots)]) == 0
    out = capsys.readouterr().out
    for needle in ("breast", "unknown primary", "mean", "pan-cancer", "blood flow", "Targets"):
        assert needle in out
    svgs = sorted(plots.glob("*.svg"))
    assert len(svgs) == 21
    text = (plots / "spread-skin-body.svg").read_text(encoding="utf-8")
    assert text.startswith("<svg") and text.rstrip().endswith("</svg>")
    assert "http" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_it_needs_a_sub_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["spread"]) == 2
    assert "predict" in capsys.readouterr().err
