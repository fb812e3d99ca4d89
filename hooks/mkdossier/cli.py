"""The ``mkdossier`` command: the engine without MkDocs.

``mkdossier check`` validates a knowledge base and prints every problem (as
text, GitHub annotations or JSON); ``mkdossier render`` writes the generated
Markdown to a folder; ``mkdossier new`` starts a record; ``mkdossier diff``
tells what a change does to the knowledge graph; ``mkdossier schema`` writes
the JSON Schema editors use.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__, create, json_schema, parallel, pipeline, report, scaffold, synth
from .load import load


def _record_counts(graph) -> dict[str, int]:
    counts: dict[str, int] = {}
    for record in graph.records.values():
        counts[record.type] = counts.get(record.type, 0) + 1
    return counts


def _check(args) -> int:
    result = pipeline.check(args.data, root=args.root)
    counts = None if result.problems else _record_counts(result.graph)
    colour = args.format == "text" and report.use_colour(args.color, sys.stdout)
    print(report.check_output(result.problems, counts, args.format, colour))
    return 1 if result.problems else 0


def _render(args) -> int:
    from .render import Settings, figures  # imported by the commands that render: `check` starts faster

    result = pipeline.build(args.data, Settings(site_name=args.site_name), root=args.root, workers=parallel.cores())
    if result.problems:
        print("\n".join(report.text_lines(result.problems)))
        return 1
    out = Path(args.out).resolve()
    # The figures go into the Markdown here: another generator gets whole pages.
    written = {path: figures.fill(markdown, result.figures).encode("utf-8") for path, markdown in result.pages.items()}
    try:
        pipeline.write_files({**written, **result.files}, out)
    except pipeline.OutsideFolder as error:
        print(report.printable_lines(error), file=sys.stderr)
        return 1
    print(f"Wrote {len(result.pages)} pages and {len(result.files)} export files to {out}.")
    return 0


# -- new ----------------------------------------------------------------------------


def _new_parser(model, record_type) -> argparse.ArgumentParser:
    """The options of ``mkdossier new TYPE``: one per field of the type, from the model."""
    parser = argparse.ArgumentParser(
        prog=f"mkdossier new {record_type.name}",
        description=f"Write a new {record_type.label.lower()} record to data/{record_type.folder}/<id>.yaml "
                    "and print its path. The id is made from the "
                    f"{record_type.title_field} (transliterated to Latin letters) unless --id is given. "
                    "An existing file is never overwritten.",
    )
    parser.add_argument("title", metavar=record_type.title_field.upper(),
                        help=record_type.fields[record_type.title_field].doc)
    parser.add_argument("--id", dest="record_id", help="the record's id (the file name), if not the one made from "
                        f"the {record_type.title_field}")
    _data_options(parser)
    fields = parser.add_argument_group("fields", "Each field of the record can be given here; "
                                       "the rest are written as comments to fill in.")
    for name, spec in scaffold.option_fields(record_type).items():
        flags = [f"--{name}"] + ([f"--{name.replace('_', '-')}"] if "_" in name else [])
        fields.add_argument(*flags, dest=f"field:{name}", metavar=scaffold.metavar(spec),
                            action="append" if spec.type == "list" else "store",
                            help=scaffold.option_help(spec, model))
    return parser


def _article(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def _new(args) -> int:
    where = argparse.ArgumentParser(add_help=False)
    _data_options(where)
    known, _rest = where.parse_known_args(args.rest)
    model = load(known.data, known.root).model
    try:
        record_type = scaffold.find_type(model, args.type)
    except scaffold.ScaffoldError as error:
        print(f"mkdossier new: error: {report.printable_lines(error)}", file=sys.stderr)
        return 2
    parser = _new_parser(model, record_type)
    options = parser.parse_args(args.rest)
    values = {}
    try:
        for name, spec in scaffold.option_fields(record_type).items():
            raw = getattr(options, f"field:{name}")
            if raw is not None:
                values[name] = scaffold.value_from_option(spec, raw, f"--{name}")
    except scaffold.ScaffoldError as error:
        parser.error(str(error))
    missing = scaffold.missing_required(record_type, values)
    if missing:
        parser.error(f"{_article(record_type.name)} also needs " + ", ".join(
            f"--{n} {scaffold.metavar(record_type.fields[n])}" for n in missing)
            + f" (see: mkdossier new {record_type.name} --help)")
    try:
        created = create.create(options.data, record_type.name, options.title, values,
                                  options.record_id, options.root)
    except scaffold.ScaffoldError as error:
        print(f"mkdossier new: error: {report.printable_lines(error)}", file=sys.stderr)
        return 1
    for note in created.notes:
        print(report.printable(note), file=sys.stderr)
    print(report.printable(created.shown))
    return 0


# -- diff and schema -------------------------------------------------------------------


def _diff(args) -> int:
    from . import graph_diff

    try:
        diff = graph_diff.diff_against(args.data, args.revision, args.root)
    except graph_diff.DiffError as error:
        print(f"mkdossier diff: error: {report.printable_lines(error)}", file=sys.stderr)
        return 1
    print(graph_diff.json_text(diff) if args.format == "json" else graph_diff.markdown(diff))
    return 0


def _schema(args) -> int:
    loaded = load(args.data, args.root)
    model_problems = [p for p in loaded.problems if Path(p.file).name == "model.yaml"]
    if model_problems:
        print("\n".join(report.text_lines(model_problems)))
        return 1
    out = Path(args.out)
    if args.check:
        stale = json_schema.stale_files(loaded.model, out)
        for name in stale:
            print(f"{out / name}: out of date with the record model.", file=sys.stderr)
        if stale:
            print(f"Run: mkdossier schema --out {out}", file=sys.stderr)
            return 1
        print(f"{out}: up to date.")
        return 0
    written = json_schema.write_schemas(loaded.model, out)
    print(f"Wrote {len(written)} schemas to {out}.")
    return 0


# -- import ----------------------------------------------------------------------------


def _import_ftm(args) -> int:
    from . import import_ftm

    try:
        result = import_ftm.run(args.file, args.data, root=args.root, dry_run=args.dry_run,
                                published=args.published or "")
    except import_ftm.ImportError_ as error:
        print(f"mkdossier import ftm: error: {report.printable_lines(error)}", file=sys.stderr)
        return 1
    print("\n".join(report.printable(line) for line in result.lines()))
    return 0


# -- the command line -------------------------------------------------------------------


def _data_options(parser) -> None:
    parser.add_argument("--data", default="data", help="the data folder (default: data)")
    parser.add_argument("--root", default=None,
                        help="folder that file names are shown relative to (default: the data folder's parent)")


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="mkdossier", description=__doc__.split("\n\n")[0])
    main.add_argument("--version", action="version", version=f"mkdossier {__version__}")
    commands = main.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="validate the knowledge base and list every problem")
    check.add_argument("--format", choices=report.FORMATS, default="text",
                       help="text (default), github (workflow annotations) or json")
    check.add_argument("--color", "--colour", choices=("auto", "always", "never"), default="auto",
                       help="colour the text format (default: auto, on a terminal unless NO_COLOR is set)")
    _data_options(check)
    check.set_defaults(run=_check)

    render = commands.add_parser("render", help="write the generated Markdown pages to a folder")
    render.add_argument("--out", required=True, help="folder to write the pages into")
    render.add_argument("--site-name", default="Knowledge base")
    _data_options(render)
    render.set_defaults(run=_render)

    new = commands.add_parser(
        "new", help="write a new record file that passes check, and print its path",
        description="Write a new record and print its path. Every field is an option, e.g. "
                    "mkdossier new incident \"Title\" --date 2023-09-13 --sources SOURCE-ID. "
                    "See the options of one type with: mkdossier new TYPE --help",
    )
    new.add_argument("type", help="the record type (person, organization, place, source, incident, claim)")
    new.add_argument("rest", nargs=argparse.REMAINDER, help="the name or title, then the field options")
    new.set_defaults(run=_new)

    diff = commands.add_parser("diff", help="the knowledge-graph change between a git revision and the working tree")
    diff.add_argument("revision", help="a branch, tag or commit, e.g. origin/main")
    diff.add_argument("--format", choices=("markdown", "json"), default="markdown",
                      help="markdown (default, for a pull-request comment) or json")
    _data_options(diff)
    diff.set_defaults(run=_diff)

    schema = commands.add_parser("schema", help="write the JSON Schema of every record type (for editors)")
    schema.add_argument("--out", default=json_schema.FOLDER, help="folder to write into (default: schema)")
    schema.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if the files in --out are out of date")
    _data_options(schema)
    schema.set_defaults(run=_schema)

    importing = commands.add_parser("import", help="read records from another format into the data folder")
    formats = importing.add_subparsers(dest="format", required=True)
    ftm = formats.add_parser(
        "ftm", help="a FollowTheMoney entity stream (OpenSanctions, Aleph, entities.ftm.json)",
        description="Read FollowTheMoney entities (JSON lines, or one JSON array) into records and relations, "
                    "mapped through the ftm: declarations of the record model. Entities imported before "
                    "(identifiers.ftm) are updated, not duplicated. What the model cannot carry is reported.")
    ftm.add_argument("file", help="the entity file")
    ftm.add_argument("--dry-run", action="store_true", help="write nothing; report what would be written")
    ftm.add_argument("--published", metavar="EDTF",
                     help="when the file was published (default: the day of its modification time); "
                          "the date of the source record cited where an entity names no source")
    _data_options(ftm)
    ftm.set_defaults(run=_import_ftm)

    synthetic = commands.add_parser("synth", help="write a deterministic synthetic knowledge base (for benchmarks)")
    synth.add_arguments(synthetic)
    synthetic.set_defaults(run=synth.run)
    return main


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


def run() -> None:
    """The console command. It leaves without freeing the knowledge base
    object by object, which took two seconds of ``check`` at 100,000
    records (measured); like mypy, it flushes its output and exits."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)


if __name__ == "__main__":
    run()
