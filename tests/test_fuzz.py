"""Property-based tests: whatever a pull request puts in data/, the engine
answers with pages or with positioned problems, never with an exception."""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO, with_value, yaml_paths
from mkdossier import pipeline
from mkdossier.yamlsource import TextDatesLoader

REAL = sorted((REPO / "data").rglob("*.yaml"))
FUZZ = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def kb(tmp_path_factory) -> Path:
    """One copy of the real knowledge base; each example changes one file and puts it back."""
    root = tmp_path_factory.mktemp("kb")
    shutil.copytree(REPO / "data", root / "data")
    return root / "data"


@contextmanager
def _replaced(kb: Path, source: Path, content: bytes):
    target = kb / source.relative_to(REPO / "data")
    original = target.read_bytes()
    target.write_bytes(content)
    try:
        yield
    finally:
        target.write_bytes(original)

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=40),
    st.sampled_from(["2023-02-30", "2023-09-10/2023-09-13", "../..", "[[kim-jong-un]]", "[[nobody]]",
                     "javascript:alert(1)", "<script>x</script>", "sergei-shoigu", "asserts", "", "\u0000"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=12), inner, max_size=3)), max_leaves=8)


def _assert_answered(data: Path) -> None:
    result = pipeline.build(data)  # must not raise
    if result.problems:
        for problem in result.problems:
            assert problem.file.startswith("data/") and problem.line >= 1 and problem.col >= 1
            assert problem.message
    else:
        assert result.pages


@FUZZ
@given(st.data())
def test_mutated_real_records_get_pages_or_problems(kb, data):
    source = data.draw(st.sampled_from(REAL))
    record = yaml.load(source.read_text(encoding="utf-8"), Loader=TextDatesLoader)
    path = data.draw(st.sampled_from(list(yaml_paths(record))))
    mutated = with_value(record, path, data.draw(values))
    with _replaced(kb, source, yaml.safe_dump(mutated, allow_unicode=True).encode("utf-8")):
        _assert_answered(kb)


@FUZZ
@given(st.data())
def test_arbitrary_bytes_get_pages_or_problems(kb, data):
    source = data.draw(st.sampled_from(REAL))
    original = source.read_bytes()
    cut = data.draw(st.integers(0, len(original)))
    noise = data.draw(st.binary(max_size=30) | st.text(max_size=30).map(str.encode))
    with _replaced(kb, source, original[:cut] + noise + original[cut:]):
        _assert_answered(kb)
