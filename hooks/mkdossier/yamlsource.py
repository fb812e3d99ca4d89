"""Safe YAML parsing that remembers where every value came from.

Data files arrive through pull requests, so parsing is ``SafeLoader``-level
only, values are built from the parser's events (anchors and aliases are
refused as the parser meets them: no alias bombs), nesting is bounded
without recursion, text holds no character an export cannot carry, and
dates stay strings (EDTF is parsed later, with its own errors). The
positions let every problem point at file:line:col.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

import yaml

from .problems import field_path

MAX_DEPTH = 20
ALIASES_REFUSED = "anchors and aliases (&name, *name) are not allowed; write the value out"
MAX_BYTES = 1_000_000

Path_ = tuple  # a field path such as ("participants", 0, "id")


class TextDatesLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text (EDTF is parsed later, with its own errors)."""


TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Loader(TextDatesLoader):
    """The pure-Python parser: the exact (tested) message for every syntax error."""


STR_TAG = "tag:yaml.org,2002:str"
MERGE_TAG = "tag:yaml.org,2002:merge"
PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")}


class _FastLoader(getattr(yaml, "CSafeLoader", TextDatesLoader)):
    """libyaml's parser: about 40 times faster than the pure-Python one on a
    large knowledge base (profiled). On any error the file is parsed again
    by ``_Loader`` for its messages."""


_FastLoader.yaml_implicit_resolvers = TextDatesLoader.yaml_implicit_resolvers

# Characters no text may hold, though YAML escapes ("\ud800", "\x01",
# "\uffff") can write them: lone surrogates have no UTF-8 form (the build
# would crash writing them); XML 1.0, and so the Atom feed, cannot carry
# control characters other than tab and line breaks, nor U+FFFE/U+FFFF;
# terminals and spreadsheets act on controls. Non-characters are refused
# with them: no text needs one. One character class: linear time.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(17))
    + "]"
)
# YAML's named escapes for the forbidden characters they can write.
_NAMED_ESCAPES = {0x00: "\\0", 0x07: "\\a", 0x08: "\\b", 0x0B: "\\v", 0x0C: "\\f", 0x1B: "\\e", 0x85: "\\N"}


def character_name(char: str) -> str:
    """``U+D800 (a lone surrogate)``: which character, in words."""
    point = ord(char)
    if 0xD800 <= point <= 0xDFFF:
        kind = "a lone surrogate"
    elif point < 0x20 or 0x7F <= point <= 0x9F:
        kind = "a control character"
    else:
        kind = "a Unicode non-character"
    return f"U+{point:04X} ({kind})"


def _written_at(text: str, start: int, end: int, char: str) -> int:
    """Where in the file ``char`` of a value is written: itself, or the
    escape that wrote it; the value's start if neither is found."""
    found = text.find(char, start, end)
    if found >= 0:
        return found
    point, lowered = ord(char), text[start:end].lower()
    candidates = [lowered.find(f"\\x{point:02x}"), lowered.find(f"\\u{point:04x}"), lowered.find(f"\\u{point:08x}")]
    if point in _NAMED_ESCAPES:
        candidates.append(text[start:end].find(_NAMED_ESCAPES[point]))
    found = [offset for offset in candidates if offset >= 0]
    return start + min(found) if found else start


class SyntaxProblem(NamedTuple):
    """A problem the parser finds: where, what (in words), the fix, and the
    field it is in when known (else the file as a whole)."""

    line: int
    col: int
    message: str
    hint: str = ""
    field: str = ""


@dataclass
class Parsed:
    """A parsed document: plain data plus the position of each value and key."""

    data: object = None
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    errors: list[SyntaxProblem] = field(default_factory=list)
    text: str = ""
    spans: dict[Path_, tuple[int, int]] = field(default_factory=dict)  # value's start, end in text

    def raw(self, path: Path_) -> str:
        """The value as written in the file (quotes and all)."""
        start, end = self.spans.get(tuple(path), (0, 0))
        return self.text[start:end]

    def locate(self, path: Path_, needle: str, occurrence: int = 0) -> tuple[int, int]:
        """Line and column of a piece of a text value, as written in the file
        (folding, quoting and indentation make value offsets useless)."""
        start, end = self.spans.get(tuple(path), (0, 0))
        index = start - 1
        for _ in range(occurrence + 1):
            index = self.text.find(needle, index + 1, end)
            if index < 0:
                return self.position(path)
        line = self.text.count("\n", 0, index) + 1
        return line, index - (self.text.rfind("\n", 0, index) + 1) + 1

    def line(self, number: int) -> str:
        lines = self.text.splitlines()
        return lines[number - 1] if 0 < number <= len(lines) else ""

    def position(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """Where ``path`` is written; the nearest written ancestor otherwise."""
        path = tuple(path)
        table = self.keys if key else self.values
        if path in table:
            return table[path]
        while path:
            path = path[:-1]
            if path in self.values:
                return self.values[path]
        return (1, 1)


class _Unsure(Exception):
    """The quick path met something only ``parse`` reports well."""


UNSURE = object()


class _Refused(yaml.MarkedYAMLError):
    """What this module refuses in a document that YAML itself allows."""

    def __init__(self, problem: str, mark):
        super().__init__(problem=problem, problem_mark=mark)


class _Builder:
    """Plain values straight from the parser's events, never from a node
    graph: an anchor or an alias is refused the moment the parser reports
    it, before anything is built from it (no alias bomb, however it is
    written), and nesting is counted on an explicit stack (no recursion).

    ``parsed`` collects positions; without it (the quick path) anything
    ``parse`` would report raises ``_Unsure`` instead."""

    def __init__(self, loader, parsed: Parsed | None):
        self.loader = loader
        self.parsed = parsed
        self.text = parsed.text if parsed is not None else ""

    def document(self):
        loader = self.loader
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            loader.get_event()
            return None
        document = loader.get_event()
        value = self._value()
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            event = loader.get_event()
            raise yaml.composer.ComposerError("expected a single document in the stream", document.start_mark,
                                              "but found another document", event.start_mark)
        loader.get_event()
        return value

    def _refuse(self, message: str, mark):
        if self.parsed is None:
            raise _Unsure
        raise _Refused(message, mark)

    def _tag(self, event, kind) -> str:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(kind, getattr(event, "value", None), event.implicit)
        return tag

    def _scalar(self, event, path, tag: str):
        """The scalar's value; text is checked for forbidden characters."""
        if tag == STR_TAG:
            value = event.value
            bad = FORBIDDEN.search(value)
            if bad is not None:
                self._forbidden(event, path, bad.group())
            return value
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        return self.loader.yaml_constructors[tag](self.loader, node)

    def _forbidden(self, event, path, char: str) -> None:
        if self.parsed is None:
            raise _Unsure
        offset = _written_at(self.text, event.start_mark.index, event.end_mark.index, char)
        line = self.text.count("\n", 0, offset) + 1
        col = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        self.parsed.errors.append(SyntaxProblem(line, col, f"character {character_name(char)} is not allowed in text",
                                                "Remove it, or write the character itself.", field_path(path)))

    def _value(self):
        """One node's value, iteratively: a stack of open mappings and lists."""
        get, parsed = self.loader.get_event, self.parsed
        root = None
        # Each open collection: [value, path, start index, key (mappings; None
        # while a key is awaited)].
        stack: list[list] = []
        while True:
            event = get()
            kind = type(event)
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                frame = stack.pop()
                if parsed is not None:
                    parsed.spans[frame[1]] = (frame[2], event.end_mark.index)
                if not stack:
                    return root
                continue
            if kind is yaml.AliasEvent or event.anchor is not None:
                self._refuse(ALIASES_REFUSED, event.start_mark)
            top = stack[-1] if stack else None
            if top is not None and type(top[0]) is dict and top[3] is None:
                self._key(event, top)
                continue
            if top is None:
                path = ()
            elif type(top[0]) is dict:
                path = top[1] + (top[3],)
            else:
                path = top[1] + (len(top[0]),)
            if len(stack) > MAX_DEPTH:
                self._refuse(f"nesting deeper than {MAX_DEPTH} levels", event.start_mark)
            mark = event.start_mark
            if parsed is not None:
                parsed.values[path] = (mark.line + 1, mark.column + 1)
            if kind is yaml.ScalarEvent:
                tag = self._tag(event, yaml.ScalarNode)
                if tag not in PLAIN_TAGS:
                    self._refuse(f"the tag '{tag}' is not allowed; write plain values", mark)
                if parsed is not None:
                    parsed.spans[path] = (mark.index, event.end_mark.index)
                value = self._scalar(event, path, tag)
            else:
                node_kind = yaml.MappingNode if kind is yaml.MappingStartEvent else yaml.SequenceNode
                tag = self._tag(event, node_kind)
                if tag not in PLAIN_TAGS:
                    self._refuse(f"the tag '{tag}' is not allowed; write plain values", mark)
                value = {} if kind is yaml.MappingStartEvent else []
            if top is None:
                root = value
            elif type(top[0]) is dict:
                top[0][top[3]] = value
                top[3] = None
            else:
                top[0].append(value)
            if kind is not yaml.ScalarEvent:
                stack.append([value, path, mark.index, None])
            elif top is None:  # the whole document is one scalar
                return root

    def _key(self, event, frame) -> None:
        """A mapping's key: plain text, met once."""
        mark = event.start_mark
        if type(event) is not yaml.ScalarEvent:
            self._refuse("a key must be plain text", mark)
        tag = self._tag(event, yaml.ScalarNode)
        if tag == MERGE_TAG:  # no anchors, so nothing to merge: '<<' is a key like any other
            tag = STR_TAG
        if tag != STR_TAG and self.parsed is None:
            raise _Unsure
        if tag not in PLAIN_TAGS:
            self._refuse(f"the tag '{tag}' is not allowed; write plain values", mark)
        key = self._scalar(event, frame[1], tag)
        if not isinstance(key, str):
            key = str(key)
        if key in frame[0]:
            if self.parsed is None:
                raise _Unsure
            first = self.parsed.keys.get(frame[1] + (key,), (0, 0))[0]
            self.parsed.errors.append(SyntaxProblem(
                mark.line + 1, mark.column + 1, f"duplicate key '{key}': it is already on line {first}",
                "Keep one of the two (a later one would silently replace the first).", field_path(frame[1] + (key,))))
        if self.parsed is not None:
            self.parsed.keys[frame[1] + (key,)] = (mark.line + 1, mark.column + 1)
        frame[3] = key


def parse_data(text: str, size: int):
    """The values of a document without their positions, or ``UNSURE``.

    Most files are clean: their positions are only needed if a problem is
    found, so ``load`` reads data this way (about twice as fast as ``parse``,
    and a fraction of the memory) and parses again with ``parse`` on demand.
    ``UNSURE`` means: use ``parse`` (errors, anchors, tags, odd keys, depth,
    forbidden characters)."""
    if _FastLoader is TextDatesLoader or size > MAX_BYTES or "\x00" in text:
        return UNSURE
    loader = _FastLoader(text)
    try:
        return _Builder(loader, None).document()
    except (yaml.YAMLError, _Unsure):
        return UNSURE
    finally:
        loader.dispose()


def parse(text: str) -> Parsed:
    """Parse one YAML document; syntax errors become ``errors``, never raise."""
    if _FastLoader is not TextDatesLoader:
        parsed = _parse(text, _FastLoader)
        if not parsed.errors:
            return parsed
    return _parse(text, _Loader)


def _parse(text: str, loader_class) -> Parsed:
    parsed = Parsed(text=text)
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        parsed.errors.append(SyntaxProblem(1, 1, f"file is larger than {MAX_BYTES // 1000} kB", "Split it."))
        return parsed
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        parsed.errors.append(SyntaxProblem(line, 1, "file contains a NUL byte", "Remove it; save the file as UTF-8 text."))
        return parsed
    loader = None
    try:
        loader = loader_class(text)
        parsed.data = _Builder(loader, parsed).document()
    except yaml.MarkedYAMLError as error:
        parsed.errors.append(syntax_problem(text, error))
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        col = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        parsed.errors.append(SyntaxProblem(line, col, f"character {error.character:#06x} is not allowed in YAML",
                                           "Remove it, or write it as an escape inside double quotes."))
    except yaml.YAMLError as error:
        parsed.errors.append(SyntaxProblem(1, 1, f"YAML syntax: {error}"))
    finally:
        if loader is not None:
            loader.dispose()
    return parsed



# -- syntax errors, in words ---------------------------------------------------
#
# The parser says where it gave up, in its own terms ("mapping values are not
# allowed here"); the usual causes are few, and each is told by the parser's
# message and the text of the line it points at. Each is reported at the
# line where the fix goes, with the fix. String methods only: linear time.


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _previous_line(lines: list[str], number: int) -> int:
    """The number of the last non-blank, non-comment line before line ``number`` (0 if none)."""
    for index in range(number - 2, -1, -1):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#"):
            return index + 1
    return 0


def syntax_problem(text: str, error) -> SyntaxProblem:
    """A parser error as a problem: the common causes in words, with their fix."""
    lines = text.split("\n")
    problem, context = error.problem or "", error.context or ""
    at, start = error.problem_mark, error.context_mark
    line_no, col = (at.line + 1, at.column + 1) if at else (1, 1)
    line = lines[line_no - 1] if 0 < line_no <= len(lines) else ""
    if isinstance(error, _Refused):
        refused, _, fix = problem.partition("; ")
        return SyntaxProblem(line_no, col, f"YAML syntax: {refused}", f"{fix[:1].upper()}{fix[1:]}." if fix else "")
    if "'\\t'" in problem or "\t" in problem:
        tab = line.find("\t")
        return SyntaxProblem(line_no, tab + 1 if tab >= 0 else col, "YAML syntax: a tab in the indentation",
                             "Indent with spaces: YAML does not allow tabs there.")
    if problem == "mapping values are not allowed here":
        key, colon, value = line.partition(": ")
        if colon and ": " in value.strip() and not value.lstrip().startswith(("'", '"', "[", "{")):
            name, value = key.strip(), value.strip()
            quoted = value.replace("\\", "\\\\").replace('"', '\\"')
            top_level = not line.startswith((" ", "-")) and " " not in name  # else its path is not known here
            return SyntaxProblem(line_no, len(key) + 3, "YAML syntax: a colon followed by a space inside an "
                                 "unquoted value starts a new key", f'Put the value in quotes: {name}: "{quoted}".',
                                 name if top_level else "")
        above = _previous_line(lines, line_no)
        if above and _indent(line) > _indent(lines[above - 1]):
            indent = _indent(lines[above - 1])
            return SyntaxProblem(line_no, 1, f"YAML syntax: this line is indented under line {above}, "
                                 "which already has a value",
                                 f"Indent it by {indent} space{'s' if indent != 1 else ''}, like line {above}.")
    if "found unexpected end of stream" in problem and "quoted scalar" in context and start is not None:
        quote = lines[start.line][start.column] if start.column < len(lines[start.line]) else '"'
        return SyntaxProblem(start.line + 1, start.column + 1, f"YAML syntax: the quote ({quote}) opened here is never closed",
                             f"Add the closing {quote} at the end of the value.")
    if context.startswith("while parsing a flow") and start is not None:
        opening = lines[start.line][start.column] if start.column < len(lines[start.line]) else "["
        closing = {"[": "]", "{": "}"}.get(opening, "]")
        return SyntaxProblem(start.line + 1, start.column + 1,
                             f"YAML syntax: the '{opening}' opened here is not closed where expected",
                             f"Close it with '{closing}' at the end of the value, and separate items with ', '.")
    if "expected <block end>" in problem or "did not find expected" in problem:
        found = problem.rpartition("but found ")[2]
        stripped = line.lstrip(" ")
        if found in ("'-'", "'<block sequence start>'") and stripped.startswith("-"):
            above = _previous_line(lines, line_no)
            above_text = lines[above - 1] if above else ""
            if above and above_text.lstrip(" ").startswith("-"):
                indent = _indent(above_text)
                return SyntaxProblem(line_no, 1, "YAML syntax: this list item is indented differently from "
                                     f"the one on line {above}",
                                     f"Indent it by {indent} space{'s' if indent != 1 else ''}, like line {above}.")
            return SyntaxProblem(line_no, 1, "YAML syntax: a list item ('- ') among the fields of a mapping",
                                 "Put it under the key of its list, indented (e.g. 'sources:' then '  - report'), "
                                 "or write it as 'key: value'.")
        if found == "'<block mapping start>'":
            above = _previous_line(lines, line_no)
            indent = _indent(lines[above - 1]) if above else 0
            return SyntaxProblem(line_no, 1, f"YAML syntax: this line is indented differently from line {above}",
                                 f"Indent it by {indent} space{'s' if indent != 1 else ''}, like line {above}.")
        if found in ("']'", "'}'"):
            return SyntaxProblem(line_no, col, f"YAML syntax: {found} closes nothing", f"Remove the {found}.")
        if found == "'<scalar>'" and "'" in stripped:
            return SyntaxProblem(line_no, line.find("'") + 1, "YAML syntax: an apostrophe inside a value in single quotes ends it",
                                 "Write the apostrophe twice (it''s), or put the value in double quotes.")
    # Otherwise the parser's own words, where it started reading the piece it could not finish.
    mark = start or at
    where = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    message = " ".join(filter(None, [context, problem]))
    if start and at and at.line != start.line:
        message += f" (at line {at.line + 1})"
    return SyntaxProblem(*where, f"YAML syntax: {message}")
