// Installing into the user's interpreter, on the user's say-so only: lichen from the wheel this
// extension carries (a daemon without the bundle), or what the kernel needs there (pyzmq,
// msgspec: the daemon's `kernelPackagesMissing` names the interpreter and the command), with
// that interpreter's pip, or by hand with the command shown.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import type { PackagesMissing } from "../../shared-protocol/src/protocol";
import { processEnv, type Interpreter } from "./interpreter";
import { showError, type Action, type Log } from "./log";
import { commandLine, installArgs, packageInstallArgs, pipAdvice } from "./probe";

/** The `pyvenv.cfg` of the environment `python` belongs to (`<env>/bin/python`), if it has one. */
function readPyvenvCfg(python: string): string | undefined {
  try {
    return fs.readFileSync(path.join(path.dirname(path.dirname(python)), "pyvenv.cfg"), "utf8");
  } catch {
    return undefined;
  }
}

export class Installer {
  constructor(
    private readonly log: Log,
    private readonly extensionPath: string,
    private readonly hasPythonExtension: () => boolean,
    private readonly running: () => Interpreter | undefined = () => undefined,
  ) {}

  /** The lichen wheel inside the extension, if this build carries one. */
  wheel(): string | undefined {
    const dir = path.join(this.extensionPath, "dist", "wheels");
    try {
      const name = fs.readdirSync(dir).find((n) => /^lichen-.*\.whl$/.test(n));
      return name === undefined ? undefined : path.join(dir, name);
    } catch {
      return undefined;
    }
  }

  /** The launcher of the daemon the extension carries (`make vsix`: dist/bundled), if it does:
   * with it the daemon needs nothing installed in the interpreter. */
  bundledDaemon(): string | undefined {
    const launcher = path.join(this.extensionPath, "dist", "bundled", "lichen_lsp.py");
    return fs.existsSync(launcher) ? launcher : undefined;
  }

  /** The command that installs the bundled wheel into `python`, as typed in a terminal. */
  command(python: string): string | undefined {
    const wheel = this.wheel();
    return wheel === undefined ? undefined : commandLine(installArgs(python, wheel), process.platform);
  }

  /**
   * Tells the user `problem` (which names the interpreter) and offers to install lichen there,
   * showing the terminal command too. `installed` runs after a successful install.
   */
  async offer(interpreter: Interpreter, problem: string, installed: () => unknown): Promise<void> {
    const command = this.command(interpreter.python);
    const actions: Action[] = [];
    let message = problem;
    if (command !== undefined) {
      message += ` Install it from the wheel Lichen carries, or run in a terminal: ${command}`;
      actions.push({ title: "Install", run: () => this.install(interpreter, installed) });
      actions.push({ title: "Copy Command", run: () => vscode.env.clipboard.writeText(command) });
    } else {
      message += " Install lichen[lsp] with that interpreter's pip (this build of the extension carries no lichen wheel).";
    }
    actions.push(this.selectInterpreter());
    await showError(this.log, message, ...actions);
  }

  /**
   * Tells the user that the kernel's interpreter lacks `missing.packages` (`problem` says so, with
   * the command) and offers to install them: Install, Copy Command, or another kernel (the
   * picker lists one per Python environment).
   */
  async offerPackages(missing: PackagesMissing, problem: string, installed: () => unknown): Promise<void> {
    const command = commandLine(missing.install, process.platform);
    // The daemon's interpreter, with its environment, when the kernel's is the same one.
    const running = this.running();
    const interpreter: Interpreter = running?.python === missing.python ? running : { python: missing.python, source: "PATH" };
    await showError(
      this.log,
      problem,
      { title: "Install", run: () => this.installPackages(interpreter, missing, installed) },
      { title: "Copy Command", run: () => vscode.env.clipboard.writeText(command) },
      { title: "Select Another Kernel", run: () => vscode.commands.executeCommand("notebook.selectKernel") },
    );
  }

  /**
   * A cell could not import a module the distribution `pkg` provides: offers to install it into
   * the kernel's interpreter `python` (`problem` names the cell), with the command shown; never
   * installs without the click. `installed` runs after a successful install (the cell again).
   */
  async offerModule(python: string, pkg: string, problem: string, installed: () => unknown): Promise<void> {
    const args = packageInstallArgs(python, pkg, readPyvenvCfg(python));
    const command = commandLine(args, process.platform);
    const install = `Install ${pkg}`;
    this.log.info(`${problem} Offered: ${command}`);
    const picked = await vscode.window.showWarningMessage(
      `${problem} Install ${pkg} into ${python}? (${command})`,
      install,
      "Copy Command",
    );
    if (picked === "Copy Command") {
      await vscode.env.clipboard.writeText(command);
    } else if (picked === install) {
      const running = this.running();
      const interpreter: Interpreter = running?.python === python ? running : { python, source: "PATH" };
      await this.pip(interpreter, args, pkg, `Installed ${pkg} into ${python}; running the cell again.`, installed);
    }
  }

  private async installPackages(interpreter: Interpreter, missing: PackagesMissing, installed: () => unknown): Promise<void> {
    const what = missing.packages.join(" and ");
    await this.pip(interpreter, [...missing.install], what, `Installed ${what} into ${interpreter.python}.`, installed);
  }

  /** Runs pip with `interpreter` on the bundled wheel, with progress, and reports the outcome. */
  async install(interpreter: Interpreter, installed: () => unknown): Promise<void> {
    const wheel = this.wheel();
    if (wheel === undefined) {
      await showError(this.log, "This build of Lichen carries no lichen wheel: install lichen[lsp] with your interpreter's pip.");
      return;
    }
    const done = `Lichen is installed in ${interpreter.python}; starting its daemon.`;
    await this.pip(interpreter, installArgs(interpreter.python, wheel), "lichen", done, installed);
  }

  /** Runs the pip command `args` with progress; `done` and `installed` on success, else advice. */
  private async pip(interpreter: Interpreter, args: string[], what: string, done: string, installed: () => unknown): Promise<void> {
    const command = commandLine(args, process.platform);
    this.log.info(`Running: ${command}`);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Installing ${what} into ${interpreter.python}`, cancellable: true },
      (_progress, token) => this.run(args, interpreter, token),
    );
    if (result.code === 0) {
      this.log.info(`${what} installed into ${interpreter.python}.`);
      void vscode.window.showInformationMessage(done);
      await installed();
      return;
    }
    if (result.cancelled) {
      this.log.warn("Installation cancelled.");
      return;
    }
    const advice =
      pipAdvice(result.output, interpreter.python) ??
      `pip could not install ${what} into ${interpreter.python} (exit code ${result.code}). ` +
        `pip's output is in the log; the command is: ${command}`;
    await showError(this.log, advice, { title: "Copy Command", run: () => vscode.env.clipboard.writeText(command) }, this.selectInterpreter());
  }

  /** The action that leads to choosing another interpreter. */
  selectInterpreter(): Action {
    if (this.hasPythonExtension()) {
      return { title: "Select Interpreter", run: () => vscode.commands.executeCommand("python.setInterpreter") };
    }
    return {
      title: "Set lichen.python.path",
      run: () => vscode.commands.executeCommand("workbench.action.openSettings", "lichen.python.path"),
    };
  }

  private run(
    args: string[],
    interpreter: Interpreter,
    token: vscode.CancellationToken,
  ): Promise<{ code: number | null; output: string; cancelled: boolean }> {
    return new Promise((resolve) => {
      let output = "";
      const child = spawn(args[0]!, args.slice(1), {
        cwd: this.extensionPath,
        env: processEnv(interpreter),
        windowsHide: true,
      });
      const collect = (chunk: Buffer): void => {
        const text = chunk.toString();
        output += text;
        this.log.info(text.trimEnd());
      };
      child.stdout.on("data", collect);
      child.stderr.on("data", collect);
      const cancel = token.onCancellationRequested(() => child.kill());
      child.on("error", (error) => {
        output += String(error);
        this.log.error(`Could not run ${args[0]}`, error);
      });
      child.on("close", (code) => {
        cancel.dispose();
        resolve({ code, output, cancelled: token.isCancellationRequested });
      });
    });
  }
}
