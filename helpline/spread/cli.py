"""``helpline spread`` sub-commands: ``predict`` and ``evaluate``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from helpline.spread import model as spread_model

FOOTER = (
    "These are group-level shares from a model fitted to an autopsy series "
    "(diSibio & French 2008; patients autopsied 1914-1943, mostly untreated) "
    "and adjusted with the site patterns of other autopsy series, "
    "not a personal prediction. Please ask your doctor about your own situation."
)


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``spread`` sub-command (with ``predict`` and ``evaluate``)."""
    spread = subparsers.add_parser(
        "spread",
        help="metastasis spread model (autopsy-fitted, group level)",
        description="Metastasis spread model fitted to the diSibio & French 2008 autopsy "
        "counts. Group-level figures, not a personal prediction.",
    )
    commands = spread.add_subparsers(dest="spread_command", metavar="{predict,evaluate}")
    spread.set_defaults(func=lambda _args: _usage(spread))

    predict = commands.add_parser(
        "predict",
        help="predicted share of metastases per site for a primary cancer",
        description="Predicted share of metastases per site_std for PRIMARY "
        "(a 'primary' of the diSibio table, any letter case).",
    )
    predict.add_argument("primary", metavar="PRIMARY", help="e.g. breast, lung, 'skin (body)'")
    predict.add_argument(
        "--leave-out",
        action="store_true",
        help="fit the model without PRIMARY's own autopsy counts",
    )
    predict.add_argument("--json", action="store_true", help="print JSON")
    predict.set_defaults(func=run_predict)

    evaluate = commands.add_parser(
        "evaluate",
        help="leave-one-primary-out validation against two baselines",
        description="Leave-one-primary-out validation (primaries with >= 40 autopsies, "
        "lymph-node sites excluded) of the model and the pan-cancer and blood-flow baselines.",
    )
    evaluate.add_argument(
        "--plots", metavar="DIR", type=Path, help="write one observed-vs-predicted SVG per primary"
    )
    evaluate.set_defaults(func=run_evaluate)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_usage(sys.stderr)
    print("spread: choose a sub-command: predict or evaluate", file=sys.stderr)
    return 2


def run_predict(args: argparse.Namespace) -> int:
    try:
        primary = spread_model.canonical_primary(args.primary)
    except spread_model.UnknownPrimaryError as err:
        print(
            f"spread predict: unknown primary {args.primary!r}. "
            f"Valid choices: {', '.join(err.valid)}",
            file=sys.stderr,
        )
        return 2
    fitted = spread_model.fitted(primary if args.leave_out else None)
    shares = fitted.predict(primary)
    if args.json:
        print(json.dumps({"primary": primary, "shares": shares}, indent=2))
        return 0
    n_train = len(fitted.dataset.primaries) - (1 if fitted.excluded else 0)
    fitted_on = f"fitted on {n_train} primaries"
    if fitted.excluded:
        fitted_on += f", without {primary!r}'s own counts"
    sources = spread_model.external_sources(primary)
    print(f"Predicted share of metastases by site: {primary} ({fitted_on})")
    print(
        "Site patterns of other autopsy series used for this primary: "
        + (", ".join(sources) if sources else "none")
    )
    print()
    width = max(len(s) for s in shares)
    for site, share in sorted(shares.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {site:<{width}}  {100 * share:5.1f}%")
    print()
    print(FOOTER)
    return 0


def run_evaluate(args: argparse.Namespace) -> int:
    from helpline.spread.evaluate import evaluate, format_table

    ev = evaluate()
    print(format_table(ev))
    if args.plots is not None:
        from helpline.spread.plots import write_plots

        written = write_plots(ev, args.plots)
        print(f"\nWrote {len(written)} SVG charts to {args.plots}")
    return 0
