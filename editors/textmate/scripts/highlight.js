// Colour a journey map with the TextMate grammar, as VS Code would, and write it as HTML.
//   node editors/textmate/scripts/highlight.js MAP.journey > map.html
// The grammar is run by vscode-textmate and vscode-oniguruma, the engine VS Code itself uses;
// the colours are those of VS Code's "Dark Modern" theme for the scopes the grammar gives.
const fs = require("fs");
const path = require("path");
const textmate = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const GRAMMAR = path.join(__dirname, "..", "journey.tmLanguage.json");
const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm")).buffer;

// Scope prefix -> colour; the longest prefix matching a token's innermost scope wins.
const THEME = {
  comment: "#6A9955",
  string: "#CE9178",
  "string.regexp": "#D16969",
  "constant.character.escape": "#D7BA7D",
  "constant.numeric": "#B5CEA8",
  "constant.language": "#569CD6",
  "constant.other": "#4FC1FF",
  "storage.type": "#569CD6",
  "entity.name.type": "#4EC9B0",
  "keyword.other": "#C586C0",
  "keyword.operator": "#D4D4D4",
  "keyword.operator.logical": "#569CD6",
  "keyword.operator.word": "#569CD6",
  "support.function": "#DCDCAA",
  "support.constant": "#4FC1FF",
  "variable.other.field": "#9CDCFE",
  "variable.other.id": "#4EC9B0",
  invalid: "#F44747",
};

function colour(scopes) {
  for (const scope of [...scopes].reverse()) {
    let best = "";
    for (const prefix of Object.keys(THEME)) {
      if ((scope === prefix || scope.startsWith(prefix + ".")) && prefix.length > best.length) best = prefix;
    }
    if (best) return THEME[best];
  }
  return "#CCCCCC";
}

const escape = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

async function main() {
  const [mapPath] = process.argv.slice(2);
  await oniguruma.loadWASM(wasm);
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async () => textmate.parseRawGrammar(fs.readFileSync(GRAMMAR, "utf-8"), GRAMMAR),
  });
  const grammar = await registry.loadGrammar("source.journey");
  let state = textmate.INITIAL;
  const lines = fs.readFileSync(mapPath, "utf-8").replace(/\n$/, "").split("\n");
  const html = lines.map((line, index) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    const spans = result.tokens.map((token) => {
      const text = escape(line.slice(token.startIndex, token.endIndex));
      return `<span style="color:${colour(token.scopes)}">${text}</span>`;
    });
    return `<span class="n">${index + 1}</span>${spans.join("")}`;
  });
  const title = escape(path.basename(mapPath));
  process.stdout.write(`<!doctype html><meta charset="utf-8"><title>${title}</title>
<style>body{margin:0;background:#1F1F1F;font:14px/1.5 "DejaVu Sans Mono",monospace;color:#CCCCCC}
.tab{background:#181818;color:#FFFFFF;padding:8px 16px;border-bottom:1px solid #2B2B2B;font-family:sans-serif;font-size:13px}
pre{margin:0;padding:8px 0}.n{display:inline-block;width:3em;padding-right:1.5em;text-align:right;color:#6E7681}</style>
<div class="tab">${title}</div><pre>${html.join("\n")}</pre>\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
