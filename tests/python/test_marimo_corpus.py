"""Every notebook the marimo wheel ships (`marimo_corpus.py`: its tutorials and snippet notebooks)
that marimo 0.25.2 runs to completion headless, Lichen runs to completion too, printing the same
lines.

`bench/bench_corpus.py` prints the shares side by side.
"""

from __future__ import annotations

import re
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from marimo_corpus import Outcome, corpus, first_error, run_in_lichen, run_in_marimo

# Printed values that differ from run to run whoever runs them: times, temporary paths, ids.
_VOLATILE = re.compile(r"\d+(\.\d+)?\s*(s|ms|seconds)\b|/tmp\S*|0x[0-9a-f]+|\d{4}-\d\d-\d\d\S*")


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[str, tuple[Outcome, Outcome | None]]:
    root = tmp_path_factory.mktemp("corpus")
    notebooks = corpus()

    def both(item):
        name, text = item
        folder = name.replace("/", "_")
        theirs = run_in_marimo(text, root / "marimo" / folder)
        ours = run_in_lichen(text, root / "lichen" / folder) if theirs.ok else None
        return name, (theirs, ours)

    with ThreadPoolExecutor(2) as pool:
        return dict(pool.map(both, notebooks.items()))


def test_the_wheel_ships_notebooks_marimo_runs(outcomes):
    assert len(outcomes) >= 100
    assert any(name.startswith("tutorials/") for name in outcomes)
    ran = [name for name, (theirs, _) in outcomes.items() if theirs.ok]
    assert len(ran) >= 80, "marimo itself should run most of its own notebooks offline"


def test_lichen_runs_every_shipped_notebook_marimo_runs(outcomes):
    failed = {name: first_error(ours) for name, (theirs, ours) in outcomes.items()
              if theirs.ok and not ours.ok}
    assert failed == {}


def printed(outcome: Outcome) -> Counter:
    return Counter(_VOLATILE.sub("~", line) for line in outcome.stdout.splitlines())


def test_lichen_prints_what_marimo_prints(outcomes):
    differ = {name: (printed(ours) - printed(theirs), printed(theirs) - printed(ours))
              for name, (theirs, ours) in outcomes.items()
              if theirs.ok and ours.ok and printed(ours) != printed(theirs)}
    assert differ == {}
    assert any(theirs.stdout for theirs, _ in outcomes.values()), "nothing printed: no test"
