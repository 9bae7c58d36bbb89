"""CONTRACT (being written): per-cell analysis.

@dataclass(frozen=True)
class Problem:
    kind: str          # "syntax" | "import-star"
    message: str       # one line, says what is wrong and what to do
    line: int          # 1-based, within the cell's code
    column: int        # 1-based

@dataclass(frozen=True)
class CellFacts:
    defs: frozenset[str]        # globals the cell defines (private `_x` names excluded)
    refs: frozenset[str]        # globals the cell reads and does not define (builtins excluded)
    problems: tuple[Problem, ...]

def analyse_cell(code: str) -> CellFacts: never raises; a syntax error gives empty defs/refs and
    one "syntax" problem.
"""
