// The variables view's rows, from `lichen/variables` (vscode-free, so the unit tests read it):
// one row per global, its type and short value, and under it the cell that defines it and the
// cells that read it, each labelled as the notebook shows it.
import type { Variable } from "../../shared-protocol/src/protocol";

/** What the view needs to know of a cell: its 1-based position and its function's name. */
export interface CellLabelSource {
  position: number;
  name: string;
}

export interface VariableRow {
  name: string;
  description: string;
  tooltip: string;
  cellUri: string;
  links: CellLink[];
}

export interface CellLink {
  role: "defined in" | "read by";
  cellUri: string;
  label: string;
}

/** The rows of `variables` whose name contains `filter` (case-insensitive), in name order. */
export function variableRows(
  variables: readonly Variable[],
  cells: ReadonlyMap<string, CellLabelSource>,
  filter = "",
): VariableRow[] {
  const wanted = filter.trim().toLowerCase();
  return variables
    .filter((v) => wanted === "" || v.name.toLowerCase().includes(wanted))
    .map((v) => {
      const links: CellLink[] = [
        { role: "defined in", cellUri: v.cellUri, label: cellLabel(cells.get(v.cellUri)) },
        ...v.readers.map((uri): CellLink => ({ role: "read by", cellUri: uri, label: cellLabel(cells.get(uri)) })),
      ];
      const size = v.size === null ? "" : ` · ${formatBytes(v.size)}`;
      const readers = v.readers.length === 0 ? "no cell" : links.slice(1).map((l) => l.label).join(", ");
      return {
        name: v.name,
        description: `${v.type} · ${v.value}`,
        tooltip: `${v.name}: ${v.type}${size}\n${v.value}\ndefined in ${links[0]!.label}; read by ${readers}`,
        cellUri: v.cellUri,
        links,
      };
    });
}

/** "cell 3", or "cell 3 (load_data)" for a named cell; "a cell no longer shown" when unknown. */
export function cellLabel(cell: CellLabelSource | undefined): string {
  if (cell === undefined) {
    return "a cell no longer shown";
  }
  return cell.name === "_" || cell.name === "" ? `cell ${cell.position}` : `cell ${cell.position} (${cell.name})`;
}

export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
