// Validates Kubernetes core objects against the API's JSON schemas (npm kubernetes-models).
//   node validate-core.mjs TOOLS_DIR < docs.json   (a JSON array of objects)
// Prints a JSON array, one entry per input object: {"status": "valid" | "invalid" | "unknown", "error"?}.
// "unknown": not a kind kubernetes-models knows (custom resources are checked elsewhere).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const toolsDir = process.argv[2];
const docs = JSON.parse(readFileSync(0, "utf8"));
const models = join(toolsDir, "node_modules", "kubernetes-models");

async function modelClass(apiVersion, kind) {
  try {
    const module = await import(pathToFileURL(join(models, apiVersion, "index.js")).href);
    return module[kind];
  } catch {
    return undefined;
  }
}

const results = [];
for (const doc of docs) {
  const Model = doc.apiVersion && doc.kind ? await modelClass(doc.apiVersion, doc.kind) : undefined;
  if (!Model) {
    results.push({ status: "unknown" });
    continue;
  }
  try {
    new Model(doc).validate();
    results.push({ status: "valid" });
  } catch (e) {
    results.push({ status: "invalid", error: String(e.message ?? e) });
  }
}
process.stdout.write(JSON.stringify(results));
