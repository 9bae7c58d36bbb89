// `node:path` for the browser build: the few POSIX path functions the shared files use (file
// names in messages, the env file's path). esbuild.mjs maps `node:path` here for that build.

export const sep = "/";

export function isAbsolute(path: string): boolean {
  return path.startsWith("/");
}

export function basename(path: string, suffix?: string): string {
  const trimmed = path.replace(/\/+$/, "");
  const base = trimmed.slice(trimmed.lastIndexOf("/") + 1);
  return suffix !== undefined && base.endsWith(suffix) && base !== suffix ? base.slice(0, -suffix.length) : base;
}

export function dirname(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  const index = trimmed.lastIndexOf("/");
  return index < 0 ? "." : index === 0 ? "/" : trimmed.slice(0, index);
}

export function join(...parts: string[]): string {
  const joined = parts.filter((p) => p !== "").join("/");
  return normalize(joined === "" ? "." : joined);
}

export function normalize(path: string): string {
  const absolute = path.startsWith("/");
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") {
      continue;
    }
    if (part === ".." && out.length > 0 && out[out.length - 1] !== "..") {
      out.pop();
    } else if (part !== ".." || !absolute) {
      out.push(part);
    }
  }
  const body = out.join("/");
  return absolute ? `/${body}` : body === "" ? "." : body;
}
