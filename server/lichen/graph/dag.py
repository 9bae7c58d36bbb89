"""CONTRACT (being written): the immutable dependency graph.

CellId = str (opaque to the graph; cells are kept in notebook position order)

@dataclass(frozen=True)
class GraphError:
    kind: str                 # "multiple-definition" | "cycle" | "syntax" | "import-star"
    cells: tuple[str, ...]    # every cell involved, in position order
    names: tuple[str, ...]    # the names involved (sorted); empty for syntax
    message: str              # one line with a hint on what to do
    line: int | None = None   # for syntax / import-star: 1-based line within the cell's code
    column: int | None = None

class Graph:
    @classmethod
    def build(cls, cells: Iterable[tuple[str, str]]) -> Graph    # (cell_id, code) in position order
    # updates return a new Graph; only the given cell is re-analysed
    def with_code(self, cell_id: str, code: str) -> Graph      # replace one cell's code
    def with_cell(self, cell_id: str, code: str, index: int | None = None) -> Graph  # insert (append)
    def without_cell(self, cell_id: str) -> Graph
    def with_order(self, cell_ids: Sequence[str]) -> Graph     # cells moved; same ids
    # queries
    cells: tuple[str, ...]                      # ids in position order
    def code(self, cell_id) -> str
    def facts(self, cell_id) -> CellFacts
    def parents(self, cell_id) -> frozenset[str]    # cells defining a name this cell refs
    def children(self, cell_id) -> frozenset[str]
    def ancestors(self, cell_ids: Iterable[str]) -> frozenset[str]    # excluding the given cells
    def descendants(self, cell_ids: Iterable[str]) -> frozenset[str]  # excluding the given cells
    def definers(self, name: str) -> tuple[str, ...]
    def order(self, cell_ids: Iterable[str] | None = None) -> list[str]
        # the given cells (default all) in topological order, ties broken by position;
        # cells caught in a cycle come after their non-cycle ancestors, in position order
    errors: tuple[GraphError, ...]      # every reactivity error, stable order
    def errors_of(self, cell_id) -> tuple[GraphError, ...]
"""
