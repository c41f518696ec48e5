// The extension ships the grammar the tests check, editors/textmate/journey.tmLanguage.json
// (generated from the parser's grammar): copied, since a .vsix holds only its own folder.
const fs = require("fs");
const path = require("path");

const source = path.join(__dirname, "..", "..", "textmate", "journey.tmLanguage.json");
const target = path.join(__dirname, "..", "syntaxes", "journey.tmLanguage.json");
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.copyFileSync(source, target);
