// The journeyspec extension: the grammar, snippets and language configuration are declared
// in package.json; this file starts the language server (`journeyspec lsp`, over stdio)
// and restarts it on command or when its settings change.
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from "vscode-languageclient/node";
import { serverCommand, ServerCommand } from "./server";

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;

interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string };
    resolveEnvironment(env: { path: string } | string): Promise<{ executable: { uri?: vscode.Uri } } | undefined>;
  };
}

/** The interpreter the Python extension uses for this workspace, if that extension is installed. */
async function pythonFromExtension(): Promise<string | undefined> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi>("ms-python.python");
  if (!extension) {
    return undefined;
  }
  try {
    const api = extension.isActive ? extension.exports : await extension.activate();
    const environments = api?.environments;
    if (!environments) {
      return undefined;
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const environment = await environments.resolveEnvironment(environments.getActiveEnvironmentPath(folder));
    return environment?.executable.uri?.fsPath;
  } catch (error) {
    output?.appendLine(`The Python extension did not say which interpreter to use: ${error}`);
    return undefined;
  }
}

async function resolveCommand(): Promise<ServerCommand> {
  const settings = vscode.workspace.getConfiguration("journeyspec");
  return serverCommand({
    serverPath: settings.get<string[]>("server.path", []),
    python: settings.get<string>("server.python", ""),
    pythonExtension: await pythonFromExtension(),
    folders: (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath),
    platform: process.platform,
  });
}

async function start(): Promise<void> {
  const channel = output!;
  const chosen = await resolveCommand();
  channel.appendLine(`Starting ${chosen.command} ${chosen.args.join(" ")} (from ${chosen.source})`);
  const run = {
    command: chosen.command,
    args: chosen.args,
    transport: TransportKind.stdio,
    options: { cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath },
  };
  const serverOptions: ServerOptions = { run, debug: run };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "journey" },
      { scheme: "untitled", language: "journey" },
    ],
    outputChannel: channel,
    synchronize: {
      // The server reads pyproject.toml / journeyspec.toml for the data sources' fields.
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{*.journey,pyproject.toml,journeyspec.toml}"),
    },
  };
  client = new LanguageClient("journeyspec", "journeyspec language server", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    const install = "Install it with `pip install 'journeyspec[lsp]'`, or set journeyspec.server.python.";
    channel.appendLine(`The language server did not start: ${error}`);
    void vscode.window
      .showErrorMessage(`journeyspec: could not start \`${chosen.command} ${chosen.args.join(" ")}\`. ${install}`, "Show log")
      .then((choice) => choice && channel.show());
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    try {
      await running.stop();
    } catch (error) {
      output?.appendLine(`Stopping the language server: ${error}`);
    }
  }
}

/** Stop the server and start it again, choosing the command afresh (the settings may have changed). */
async function restart(): Promise<void> {
  await stop();
  await start();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("journeyspec", { log: true });
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("journeyspec.restartServer", restart),
    vscode.commands.registerCommand("journeyspec.showOutput", () => output?.show()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("journeyspec.server")) {
        void restart();
      }
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}
