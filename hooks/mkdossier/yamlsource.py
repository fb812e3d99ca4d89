"""Safe YAML parsing that remembers where every value came from.

Data files arrive through pull requests, so parsing is ``SafeLoader``-level
only, anchors and aliases are refused (no alias bombs), nesting is bounded,
and dates stay strings (EDTF is parsed later, with its own errors). The
positions let every problem point at file:line:col.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

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
    """For untrusted files: also refuses anchors and aliases."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError(
                problem=ALIASES_REFUSED,
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


STR_TAG = "tag:yaml.org,2002:str"
PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")}


class _FastLoader(getattr(yaml, "CSafeLoader", TextDatesLoader)):
    """libyaml's parser: about 40 times faster than the pure-Python one on a
    large knowledge base (profiled). It cannot refuse aliases while
    composing, so ``_to_python`` refuses a node met twice; on any error the
    file is parsed again by ``_Loader`` for its (tested) messages."""


_FastLoader.yaml_implicit_resolvers = TextDatesLoader.yaml_implicit_resolvers


def _flow_depth(text: str) -> int:
    """A quick upper bound of bracket nesting: deep files take the pure-Python
    path, whose recursion is guarded, instead of libyaml's C recursion."""
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


@dataclass
class Parsed:
    """A parsed document: plain data plus the position of each value and key."""

    data: object = None
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    errors: list[tuple[int, int, str]] = field(default_factory=list)  # line, col, message
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


def _mark(node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Unsure(Exception):
    """The quick path met something only ``parse`` reports well."""


class _DataLoader(_FastLoader):
    """libyaml without the position bookkeeping, for the usual clean file.

    Values are plain as in ``parse``; anything ``parse`` would refuse or
    report (other tags, keys that are not text, duplicate keys) makes it
    give up, and anchors are looked for in the text beforehand."""

    yaml_constructors = {
        **{tag: c for tag, c in _FastLoader.yaml_constructors.items() if tag in PLAIN_TAGS},
        None: yaml.SafeLoader.construct_undefined,
    }

    def construct_mapping(self, node, deep=False):
        self.flatten_mapping(node)
        out = {}
        for key_node, value_node in node.value:
            if key_node.tag != STR_TAG or not isinstance(key_node, yaml.ScalarNode) or key_node.value in out:
                raise _Unsure
            out[key_node.value] = self.construct_object(value_node, deep=deep)
        return out


# An anchor or a tag starts a token: after a line start, a space or a flow indicator.
_ANCHOR_OR_TAG = re.compile(r"(?:^|[\s\[{,])[&!]\S", re.MULTILINE)
UNSURE = object()


def _too_deep(value, depth: int = 0) -> bool:
    """Whether a value sits deeper than ``parse`` allows (it counts scalars too)."""
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    if depth == MAX_DEPTH:
        return bool(items)
    return any(_too_deep(item, depth + 1) for item in items if isinstance(item, (dict, list)))


def parse_data(text: str, size: int):
    """The values of a document without their positions, or ``UNSURE``.

    Most files are clean: their positions are only needed if a problem is
    found, so ``load`` reads data this way (about twice as fast as ``parse``,
    and a fraction of the memory) and parses again with ``parse`` on demand.
    ``UNSURE`` means: use ``parse`` (errors, anchors, tags, odd keys, depth)."""
    if (_FastLoader is TextDatesLoader or size > MAX_BYTES or "\x00" in text or _ANCHOR_OR_TAG.search(text)
            or (text.count("[") + text.count("{") > MAX_DEPTH and _flow_depth(text) > MAX_DEPTH)):
        return UNSURE
    loader = _DataLoader(text)
    try:
        data = loader.get_single_data()
    except (yaml.YAMLError, _Unsure, RecursionError):
        return UNSURE
    finally:
        loader.dispose()
    return UNSURE if _too_deep(data) else data


def parse(text: str) -> Parsed:
    """Parse one YAML document; syntax errors become ``errors``, never raise."""
    brackets = text.count("[") + text.count("{")
    if _FastLoader is not TextDatesLoader and (brackets <= MAX_DEPTH or _flow_depth(text) <= MAX_DEPTH):
        parsed = _parse(text, _FastLoader)
        if not parsed.errors:
            return parsed
    return _parse(text, _Loader)


def _parse(text: str, loader_class) -> Parsed:
    parsed = Parsed(text=text)
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        parsed.errors.append((1, 1, f"file is larger than {MAX_BYTES // 1000} kB; split it"))
        return parsed
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        parsed.errors.append((line, 1, "file contains a NUL byte"))
        return parsed
    loader = None
    try:
        loader = loader_class(text)
        node = loader.get_single_node()
        if node is not None:
            parsed.data = _to_python(loader, node, (), parsed, 0, set())
    except yaml.MarkedYAMLError as error:
        # "while scanning a quoted scalar" and the like: point where it starts.
        mark = error.context_mark or error.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(filter(None, [error.context, error.problem]))
        if error.context_mark and error.problem_mark and error.problem_mark.line != error.context_mark.line:
            message += f" (at line {error.problem_mark.line + 1})"
        parsed.errors.append((line, col, f"YAML syntax: {message}"))
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        col = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        parsed.errors.append((line, col, f"character {error.character:#06x} is not allowed in YAML"))
    except yaml.YAMLError as error:
        parsed.errors.append((1, 1, f"YAML syntax: {error}"))
    except RecursionError:
        parsed.errors.append((1, 1, f"nesting deeper than {MAX_DEPTH} levels"))
    finally:
        if loader is not None:
            loader.dispose()
    return parsed




def _to_python(loader, node, path, parsed: Parsed, depth: int, seen: set):
    if id(node) in seen:  # an alias: the same node a second time
        raise yaml.MarkedYAMLError(problem=ALIASES_REFUSED, problem_mark=node.start_mark)
    seen.add(id(node))
    parsed.values[path] = _mark(node)
    parsed.spans[path] = (node.start_mark.index, node.end_mark.index)
    if node.tag not in PLAIN_TAGS:
        raise yaml.MarkedYAMLError(
            problem=f"the tag '{node.tag}' is not allowed; write plain values", problem_mark=node.start_mark
        )
    if depth > MAX_DEPTH:
        raise yaml.MarkedYAMLError(
            problem=f"nesting deeper than {MAX_DEPTH} levels", problem_mark=node.start_mark
        )
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        out = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.MarkedYAMLError(
                    problem="a key must be plain text", problem_mark=key_node.start_mark
                )
            key = loader.construct_object(key_node)
            if not isinstance(key, str):
                key = str(key)
            if key in out:
                parsed.errors.append((*_mark(key_node), f"duplicate key '{key}'"))
            parsed.keys[path + (key,)] = _mark(key_node)
            out[key] = _to_python(loader, value_node, path + (key,), parsed, depth + 1, seen)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [
            _to_python(loader, item, path + (index,), parsed, depth + 1, seen)
            for index, item in enumerate(node.value)
        ]
    if node.tag == STR_TAG:  # most values: no need for the constructor's bookkeeping
        return node.value
    return loader.construct_object(node)
