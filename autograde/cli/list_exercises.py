"""``autograde list``: the exercises, their points and misconception ids."""

from __future__ import annotations

import argparse
import json


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = sub.add_parser("list", help="list the exercises")
    parser.add_argument("--json", action="store_true", help="one JSON array on stdout")
    return parser


def run(args: argparse.Namespace) -> int:
    from autograde.catalog.exercises import EXERCISES

    entries = [
        {"id": ex.id, "signature": ex.signature, "functions": ex.function_names,
         "max_score": ex.max_score, "misconceptions": [m.id for m in ex.misconceptions]}
        for ex in EXERCISES.values()
    ]
    if args.json:
        print(json.dumps(entries, ensure_ascii=False))
        return 0
    from autograde.cli.console import print_table

    print_table(["id", "signature", "points", "misconceptions"],
                [[e["id"], e["signature"], f"{e['max_score']:g}", str(len(e["misconceptions"]))]
                 for e in entries], right=(2, 3))
    return 0
