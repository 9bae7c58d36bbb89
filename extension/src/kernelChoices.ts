// Which kernel each notebook runs in, as the user chose it in VS Code's kernel picker: an
// interpreter per notebook, remembered in the workspace's state (never in the user's Python
// settings), and what the daemon was last told. vscode-free so its rules are unit-tested.

/** Where the choices are kept between sessions (the workspace's memento). */
export interface ChoiceStore {
  get(key: string): unknown;
  update(key: string, value: unknown): Thenable<void>;
}

const STORE_KEY = "lichen.kernelChoices";

/** A stable controller id for the kernel of `python`: the same in every session, so a
 * notebook's choice is found again. */
export function kernelId(python: string): string {
  let hash = 0x811c9dc5; // FNV-1a over the path: short and stable
  for (let i = 0; i < python.length; i++) {
    hash ^= python.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `lichen-env-${hash.toString(16).padStart(8, "0")}`;
}

export class KernelChoices {
  /** Per notebook URI, the interpreter the daemon runs its kernels in (null: its default). */
  private told = new Map<string, string | null>();

  constructor(private readonly store: ChoiceStore) {}

  /** The interpreter chosen for the notebook, or undefined for the default kernel. */
  chosen(notebookUri: string): string | undefined {
    const python = this.all()[notebookUri];
    return typeof python === "string" ? python : undefined;
  }

  /** Remembers `python` for the notebook (undefined: the default kernel). */
  async choose(notebookUri: string, python: string | undefined): Promise<void> {
    const all = { ...this.all() };
    if (python === undefined) {
      delete all[notebookUri];
    } else {
      all[notebookUri] = python;
    }
    await this.store.update(STORE_KEY, all);
  }

  /** What to tell the daemon before the notebook's next run: the interpreter (null for the
   * default), or undefined when it knows already. */
  toTell(notebookUri: string): { python: string | null } | undefined {
    const python = this.chosen(notebookUri) ?? null;
    const told = this.told.get(notebookUri);
    return told === python || (told === undefined && python === null) ? undefined : { python };
  }

  /** The daemon was told `python` for the notebook. */
  markTold(notebookUri: string, python: string | null): void {
    this.told.set(notebookUri, python);
  }

  /** A new daemon (it knows no choice), or a notebook it closed. */
  forgetTold(notebookUri?: string): void {
    if (notebookUri === undefined) {
      this.told = new Map();
    } else {
      this.told.delete(notebookUri);
    }
  }

  private all(): Record<string, unknown> {
    const value = this.store.get(STORE_KEY);
    return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
  }
}
