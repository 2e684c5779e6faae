// Where the modules under test and the golden files are: tests/unit/test_find_js.py copies
// theme/static/js/find/ into a folder of its own (as ES modules whatever Node's version) and
// writes the golden files beside, then runs `node --test` with FIND_JS and FIND_GOLDEN set.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

function need(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run these through tests/unit/test_find_js.py`);
  return value;
}
export function folder(module) { return pathToFileURL(join(need("FIND_JS"), module)).href; }
export function golden(name) { return JSON.parse(readFileSync(join(need("FIND_GOLDEN"), name), "utf8")); }
