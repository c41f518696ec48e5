// Which command starts the journeyspec language server: pure decisions, no VS Code API,
// so that they can be tested with plain Node (tests/editors/test_vscode.py).
import * as fs from "fs";
import * as path from "path";

/** How to start `journeyspec lsp`, and where that choice came from (shown in the log). */
export interface ServerCommand {
  command: string;
  args: string[];
  source: string;
}

/** What the settings and the workspace offer; each field may be empty. */
export interface ServerInputs {
  /** `journeyspec.server.path`: the whole command, e.g. ["/venv/bin/journeyspec", "lsp"]. */
  serverPath: string[];
  /** `journeyspec.server.python`: a Python with journeyspec installed. */
  python: string;
  /** The Python extension's interpreter for this workspace, when it is installed. */
  pythonExtension: string | undefined;
  /** The workspace folders, first one first. */
  folders: string[];
  platform: NodeJS.Platform;
}

const VENVS = [".venv", "venv", "env"];

function substitute(value: string, folders: string[]): string {
  const home = process.env.HOME ?? process.env.USERPROFILE ?? "";
  return value
    .replace(/\$\{workspaceFolder\}/g, folders[0] ?? "")
    .replace(/\$\{userHome\}/g, home)
    .replace(/^~(?=[\\/]|$)/, home);
}

function venvPython(folder: string, platform: NodeJS.Platform): string | undefined {
  for (const venv of VENVS) {
    const candidate =
      platform === "win32"
        ? path.join(folder, venv, "Scripts", "python.exe")
        : path.join(folder, venv, "bin", "python");
    if (fs.existsSync(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

/**
 * The command for `journeyspec lsp`, first match wins: the `journeyspec.server.path`
 * setting; the `journeyspec.server.python` setting; the Python extension's interpreter;
 * a `.venv`, `venv` or `env` in a workspace folder; else `journeyspec` on the PATH.
 */
export function serverCommand(inputs: ServerInputs): ServerCommand {
  const serverPath = inputs.serverPath.filter((part) => part.trim() !== "");
  if (serverPath.length > 0) {
    const [command, ...args] = serverPath.map((part) => substitute(part, inputs.folders));
    return { command, args, source: "the journeyspec.server.path setting" };
  }
  const lsp = ["-m", "journeyspec", "lsp"];
  if (inputs.python.trim() !== "") {
    return { command: substitute(inputs.python.trim(), inputs.folders), args: lsp, source: "the journeyspec.server.python setting" };
  }
  if (inputs.pythonExtension) {
    return { command: inputs.pythonExtension, args: lsp, source: "the Python extension's interpreter" };
  }
  for (const folder of inputs.folders) {
    const python = venvPython(folder, inputs.platform);
    if (python) {
      return { command: python, args: lsp, source: `the virtual environment in ${folder}` };
    }
  }
  return { command: "journeyspec", args: ["lsp"], source: "journeyspec on the PATH" };
}
