"""The ``mkdossier`` command: the engine without MkDocs.

``mkdossier check`` validates a knowledge base and prints every problem;
``mkdossier render`` writes the generated Markdown to a folder (for
inspection, or for another site generator).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__, pipeline
from .render import Settings


def _report(problems, stream) -> None:
    for problem in problems:
        print(problem, file=stream)
    count = len(problems)
    print(f"{count} problem{'s' if count != 1 else ''} found.", file=stream)


def _check(args) -> int:
    result = pipeline.check(args.data, root=args.root)
    if result.problems:
        _report(result.problems, sys.stdout)
        return 1
    counts = {}
    for record in result.graph.records.values():
        counts[record.type] = counts.get(record.type, 0) + 1
    summary = ", ".join(f"{n} {t}" for t, n in sorted(counts.items()))
    print(f"OK: {len(result.graph.records)} records ({summary}).")
    return 0


def _render(args) -> int:
    result = pipeline.build(args.data, Settings(site_name=args.site_name), root=args.root)
    if result.problems:
        _report(result.problems, sys.stdout)
        return 1
    out = Path(args.out).resolve()
    for path, markdown in result.pages.items():
        target = (out / path).resolve()
        if out not in target.parents:  # never write outside the output folder
            print(f"refusing to write outside {out}: {path}", file=sys.stderr)
            return 1
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown, encoding="utf-8")
    print(f"Wrote {len(result.pages)} pages to {out}.")
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="mkdossier", description=__doc__.split("\n\n")[0])
    main.add_argument("--version", action="version", version=f"mkdossier {__version__}")
    commands = main.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate the knowledge base and list every problem")
    render = commands.add_parser("render", help="write the generated Markdown pages to a folder")
    render.add_argument("--out", required=True, help="folder to write the pages into")
    render.add_argument("--site-name", default="Knowledge base")
    for command in (check, render):
        command.add_argument("--data", default="data", help="the data folder (default: data)")
        command.add_argument("--root", default=None,
                             help="folder that file names are shown relative to (default: the data folder's parent)")
    check.set_defaults(run=_check)
    render.set_defaults(run=_render)
    return main


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
