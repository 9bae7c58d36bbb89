// What an interpreter offers Lichen, asked by running a short script with it, and what to tell
// the user when it does not fit. Pure: `interpreter.ts` runs the script and shows the messages.

/** Oldest Python Lichen supports. */
export const MIN_PYTHON: readonly [number, number] = [3, 10];

/** Printed as one JSON line by the interpreter under test; nothing it imports runs user code. */
export const PROBE_SCRIPT = [
  "import json, sys",
  "info = {'version': list(sys.version_info[:3]), 'executable': sys.executable}",
  "try:",
  "    import lichen",
  "    info['lichen'] = getattr(lichen, '__version__', '?')",
  "except Exception as error:",
  "    info['lichen'] = None",
  "    info['lichenError'] = f'{type(error).__name__}: {error}'",
  "try:",
  "    import pygls, lsprotocol",
  "    info['pygls'] = True",
  "except Exception:",
  "    info['pygls'] = False",
  "print('LICHEN-PROBE ' + json.dumps(info))",
].join("\n");

export interface Probe {
  version: [number, number, number];
  executable: string;
  /** The installed lichen's version, or null when `import lichen` fails. */
  lichen: string | null;
  lichenError?: string;
  /** Whether the daemon's dependencies (pygls, lsprotocol) import. */
  pygls: boolean;
}

/** The probe's answer in an interpreter's stdout, or undefined if there is none. */
export function parseProbe(stdout: string): Probe | undefined {
  const line = stdout.split(/\r?\n/).find((l) => l.startsWith("LICHEN-PROBE "));
  if (line === undefined) {
    return undefined;
  }
  try {
    const value = JSON.parse(line.slice("LICHEN-PROBE ".length)) as Partial<Probe>;
    if (!Array.isArray(value.version) || typeof value.executable !== "string") {
      return undefined;
    }
    return {
      version: [value.version[0] ?? 0, value.version[1] ?? 0, value.version[2] ?? 0],
      executable: value.executable,
      lichen: typeof value.lichen === "string" ? value.lichen : null,
      ...(typeof value.lichenError === "string" ? { lichenError: value.lichenError } : {}),
      pygls: value.pygls === true,
    };
  } catch {
    return undefined;
  }
}

export type Verdict =
  | { ok: true }
  /** "old": the Python is too old; "missing": no lichen, or lichen without the daemon's extras. */
  | { ok: false; problem: "old" | "missing"; message: string };

/**
 * Whether the probed interpreter can run the daemon, and if not, a message naming it and the next
 * step. With the `bundled` daemon (Lichen and its pure-Python dependencies carried by the
 * extension) any Python new enough does; otherwise it must have lichen and the daemon's extras.
 */
export function judge(probe: Probe, interpreter: string, bundled = false): Verdict {
  const [major, minor] = probe.version;
  if (major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1])) {
    return {
      ok: false,
      problem: "old",
      message:
        `Lichen needs Python ${MIN_PYTHON.join(".")} or newer; ${interpreter} is Python ` +
        `${probe.version.join(".")}. Select a newer interpreter.`,
    };
  }
  if (bundled) {
    return { ok: true };
  }
  if (probe.lichen === null) {
    return {
      ok: false,
      problem: "missing",
      message: `The Python interpreter ${interpreter} does not have the lichen package.`,
    };
  }
  if (!probe.pygls) {
    return {
      ok: false,
      problem: "missing",
      message:
        `The Python interpreter ${interpreter} has lichen ${probe.lichen} but not its daemon's ` +
        `dependencies (pygls, lsprotocol).`,
    };
  }
  return { ok: true };
}

/** The arguments that install the bundled wheel, with the daemon's extras, into `python`. */
export function installArgs(python: string, wheel: string): string[] {
  return [python, "-m", "pip", "install", `${wheel}[lsp]`];
}

/**
 * The command installing the distribution `pkg` into the environment of `python`: uv's when uv
 * made that environment (its `pyvenv.cfg`, `pyvenvCfg` here, names uv; uv's venvs have no pip),
 * else that interpreter's pip.
 */
export function packageInstallArgs(python: string, pkg: string, pyvenvCfg: string | undefined): string[] {
  if (pyvenvCfg !== undefined && /^\s*uv\s*=/m.test(pyvenvCfg)) {
    return ["uv", "pip", "install", "--python", python, pkg];
  }
  return [python, "-m", "pip", "install", pkg];
}

/** A command line to paste into a terminal for `args`: POSIX shells, or Windows (PowerShell/cmd). */
export function commandLine(args: readonly string[], platform: string): string {
  const quote = platform === "win32" ? quoteWindows : quotePosix;
  const line = args.map(quote).join(" ");
  // PowerShell runs a quoted program path only after the call operator.
  return platform === "win32" && args.length > 0 && /^"/.test(quote(args[0]!)) ? `& ${line}` : line;
}

function quotePosix(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) {
    return arg;
  }
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

function quoteWindows(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./\\-]+$/.test(arg)) {
    return arg;
  }
  return `"${arg.replace(/"/g, '\\"')}"`;
}

/** What pip's output says went wrong, as the next step for the user, when it is a known case. */
export function pipAdvice(output: string, interpreter: string): string | undefined {
  if (output.includes("externally-managed-environment")) {
    return (
      `${interpreter} is managed by the system and refuses pip installs. Create a virtual ` +
      `environment (for example \`python3 -m venv .venv\`), select it as the interpreter, and install again.`
    );
  }
  if (/No module named pip/.test(output)) {
    return `${interpreter} has no pip. Install pip for it (for example \`${interpreter} -m ensurepip\`) or select another interpreter.`;
  }
  if (/Could not find a version|Failed to establish a new connection|Temporary failure in name resolution|No matching distribution/.test(output)) {
    return `pip could not download the packages for ${interpreter}: check the network or the pip index settings, or install them from a local mirror.`;
  }
  return undefined;
}

/** Whether `file` lies inside one of `folders` (paths, compared without trailing separators). */
export function isInside(file: string, folders: readonly string[], platform: string): boolean {
  const norm = (p: string): string => {
    const unified = platform === "win32" ? p.replace(/\\/g, "/").toLowerCase() : p;
    return unified.replace(/\/+$/, "");
  };
  const target = norm(file);
  return folders.some((folder) => {
    const base = norm(folder);
    return base !== "" && (target === base || target.startsWith(base + "/"));
  });
}
