// Parse each Mermaid diagram given on stdin (a JSON array of strings) with the mermaid
// package in scripts/node_modules, as GitHub's renderer would before drawing it.
// Prints a JSON array: null for a diagram that parses, else the parser's message.
import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");
const diagrams = JSON.parse(readFileSync(0, "utf8"));
const results = [];
for (const text of diagrams) {
  try {
    await mermaid.parse(text);
    results.push(null);
  } catch (error) {
    results.push(String(error?.message ?? error));
  }
}
const { version } = JSON.parse(
  readFileSync(new URL("./node_modules/mermaid/package.json", import.meta.url), "utf8"),
);
console.log(JSON.stringify({ version, results }));
