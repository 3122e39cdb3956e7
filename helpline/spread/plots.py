"""Observed-versus-predicted charts as hand-written SVG (no plotting library)."""

from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np

from helpline.spread.evaluate import Evaluation, PrimaryEvaluation

_BAR_H = 7
_ROW_H = 20
_LEFT = 130
_WIDTH = 640
_PLOT_W = 400
_TOP = 64
_OBSERVED = "#33415c"
_PREDICTED = "#e07a5f"
_PAN = "#9a9a9a"


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def primary_svg(row: PrimaryEvaluation, sites: list[str]) -> str:
    """Paired horizontal bars per organ site: observed share vs left-out model prediction."""
    observed = row.observed / max(row.observed.sum(), 1.0)
    predicted = row.predictions["model"]
    pan = row.predictions["pan_cancer"]
    order = np.lexsort((np.arange(len(sites)), -predicted, -observed))
    top = float(max(observed.max(), predicted.max(), pan.max(), 1e-9))
    scale = _PLOT_W / top
    height = _TOP + _ROW_H * len(sites) + 40
    s = row.scores["model"]
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{height}" '
        f'viewBox="0 0 {_WIDTH} {height}" font-family="sans-serif" font-size="11">',
        f'<rect width="{_WIDTH}" height="{height}" fill="white"/>',
        f'<text x="10" y="18" font-size="14" font-weight="bold">{escape(row.primary)}: '
        f"observed vs predicted share of metastases (lymph nodes excluded)</text>",
        f'<text x="10" y="34">{row.n_autopsies} autopsies, {row.n_metastases} organ-site '
        f"metastases; model fitted without this primary: Spearman {s.spearman:.2f}, "
        f"top-3 {s.top3:.2f}, R2adj {s.r2_adjusted:.2f}</text>",
        f'<rect x="10" y="44" width="10" height="8" fill="{_OBSERVED}"/>'
        f'<text x="24" y="52">observed (diSibio &amp; French 2008)</text>',
        f'<rect x="230" y="44" width="10" height="8" fill="{_PREDICTED}"/>'
        f'<text x="244" y="52">model, left out</text>',
        f'<rect x="360" y="46" width="10" height="3" fill="{_PAN}"/>'
        f'<text x="374" y="52">pan-cancer baseline</text>',
    ]
    for k, j in enumerate(order):
        y = _TOP + k * _ROW_H
        out.append(
            f'<text x="{_LEFT - 6}" y="{y + 12}" text-anchor="end">{escape(sites[j])}</text>'
        )
        wo, wp, wb = observed[j] * scale, predicted[j] * scale, pan[j] * scale
        out.append(
            f'<rect x="{_LEFT}" y="{y + 2}" width="{wo:.1f}" height="{_BAR_H}" fill="{_OBSERVED}"/>'
        )
        out.append(
            f'<rect x="{_LEFT}" y="{y + 2 + _BAR_H}" width="{wp:.1f}" height="{_BAR_H}" '
            f'fill="{_PREDICTED}"/>'
        )
        out.append(
            f'<rect x="{_LEFT + wb - 1:.1f}" y="{y + 1}" width="2" height="{2 * _BAR_H + 2}" '
            f'fill="{_PAN}"/>'
        )
        out.append(
            f'<text x="{_LEFT + max(wo, wp, wb) + 5:.1f}" y="{y + 12}" fill="#555">'
            f"{100 * observed[j]:.1f}% / {100 * predicted[j]:.1f}%</text>"
        )
    axis_y = _TOP + _ROW_H * len(sites) + 4
    out.append(
        f'<line x1="{_LEFT}" y1="{axis_y}" x2="{_LEFT + _PLOT_W}" y2="{axis_y}" stroke="#999"/>'
    )
    for frac in (0.0, 0.5, 1.0):
        x = _LEFT + frac * _PLOT_W
        out.append(
            f'<text x="{x:.1f}" y="{axis_y + 14}" text-anchor="middle" fill="#555">'
            f"{100 * frac * top:.0f}%</text>"
        )
    out.append(
        f'<text x="10" y="{height - 6}" fill="#555">Group-level shares from an autopsy-fitted '
        "model (patients autopsied 1914-1943); not a personal prediction.</text>"
    )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def write_plots(ev: Evaluation, directory: Path) -> list[Path]:
    """Write one SVG per evaluated primary into ``directory`` (created if needed)."""
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for row in ev.rows:
        path = directory / f"spread-{_slug(row.primary)}.svg"
        path.write_text(primary_svg(row, ev.sites), encoding="utf-8")
        written.append(path)
    return written
