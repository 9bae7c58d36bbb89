// One value per element id, shared by every output of the notebook's webview.
//
// An element may be shown by several outputs (the cell that makes it, markdown that interpolates
// it), and an output is not redrawn when the element's value changes. So every display reads its
// value here: the last value sent for its id, or, before any, the value in its own payload. When
// one display sends a value, the others showing the same id are told and follow. An old output
// drawn again (scrolled back into view, say) shows the current value, not its payload's.

export type Listener = (value: unknown) => void;
export type ProblemListener = (message: string | undefined) => void;

export class ValueStore {
  private readonly values = new Map<string, unknown>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly problemListeners = new Map<string, Set<ProblemListener>>();

  /** The value to show for `id`: the last one set, else `initial` (the payload's). */
  value(id: string, initial: unknown): unknown {
    return this.values.has(id) ? this.values.get(id) : initial;
  }

  has(id: string): boolean {
    return this.values.has(id);
  }

  /** Records `value` for `id` and tells every listener of `id` but `from` (the display that set it). */
  set(id: string, value: unknown, from?: Listener): void {
    this.values.set(id, value);
    this.problem(id, undefined);
    for (const listener of [...(this.listeners.get(id) ?? [])]) {
      if (listener !== from) {
        listener(value);
      }
    }
  }

  /** Forgets the value of `id` (displays keep what they show until redrawn). */
  forget(id: string): void {
    this.values.delete(id);
  }

  /** Calls `listener` with each value another display sets for `id`; returns the unsubscribe. */
  watch(id: string, listener: Listener): () => void {
    return subscribe(this.listeners, id, listener);
  }

  /** Tells the displays of `id` why the kernel refused its value (undefined: no problem any more). */
  problem(id: string, message: string | undefined): void {
    for (const listener of [...(this.problemListeners.get(id) ?? [])]) {
      listener(message);
    }
  }

  watchProblems(id: string, listener: ProblemListener): () => void {
    return subscribe(this.problemListeners, id, listener);
  }
}

function subscribe<T>(map: Map<string, Set<T>>, id: string, listener: T): () => void {
  let set = map.get(id);
  if (set === undefined) {
    set = new Set();
    map.set(id, set);
  }
  set.add(listener);
  return () => {
    const current = map.get(id);
    current?.delete(listener);
    if (current?.size === 0) {
      map.delete(id);
    }
  };
}
