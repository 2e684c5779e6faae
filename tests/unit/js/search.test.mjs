// The find page's search folding against pipeline.find.cells (fold, pieces): a big register's
// search shards are cut by the build in Python and looked up by the page in JavaScript, so
// both must fold and cut every text alike. Answers: the golden file tests/unit/test_find_js.py
// writes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { folder, golden } from "./support.mjs";

const search = await import(folder("search.js"));
const cases = golden("search.json").cases;

test("fold is Python's fold for every text", () => {
  for (const c of cases) assert.equal(search.fold(c.text), c.fold, JSON.stringify(c.text));
});

test("the runs of three a search is looked up by are Python's pieces of the same text", () => {
  for (const c of cases) {
    const runs = new Set(search.searchTerms(c.text).flatMap(search.wordRuns));
    assert.deepEqual([...runs].sort(), c.pieces, JSON.stringify(c.text));
  }
});

test("every word of a search must be in the place", () => {
  const hay = search.fold("Café Olé Grocery 1200 Main St, Springfield 64111");
  assert.equal(search.matchesAll(hay, search.searchTerms("CAFE main")), true);
  assert.equal(search.matchesAll(hay, search.searchTerms("cafe elm")), false);
  assert.equal(search.matchesAll(hay, []), true);
});

test("a search's uncommon runs: each word's first, then each word's second; category words left out", () => {
  const terms = search.searchTerms("Market 9323 grocery");
  // "mar" is common (packed end to end with the other common runs), "grocery" names a category
  const runs = search.searchRuns(terms, ["grocery store"], "marzzz", 4);
  assert.deepEqual(runs, ["ark", "932", "rke", "323"]);
  assert.deepEqual(search.searchRuns(terms, [], "", 2), ["mar", "932"]);
  assert.equal(search.packedHas("abcdefghi", "def"), true);
  assert.equal(search.packedHas("abcdefghi", "cde"), false, "only whole pieces count");
});

// The same cases as tests/unit/test_address_format.py holds pipeline/profile.py's full_address to.
test("fullAddress writes ADDRESS_FORMAT as full_address does, data put in once", () => {
  const cases = [
    ["{address}, {city}, {region} {postcode}", "1 Main St", "Kansas City", "MO", "64106", "1 Main St, Kansas City, MO 64106"],
    ["{address}, {city}, {region} {postcode}", "3 Quay St", "Dublin", "", "D02 XE81", "3 Quay St, Dublin D02 XE81"],
    ["{address}, {postcode} {city}", "Hauptstr. 5", "Berlin", "", "10115", "Hauptstr. 5, 10115 Berlin"],
    ["{address}, {city} {region}  {postcode}", "9 Rue Rideau", "Ottawa", "ON", "K1N 9C3", "9 Rue Rideau, Ottawa ON  K1N 9C3"],
    ["{address}, {city}, {region} {postcode}", "{city} Lane", "A{region}B", "", "$&1", "{city} Lane, A{region}B $&1"],
  ];
  for (const [form, address, city, region, postcode, want] of cases) {
    assert.equal(search.fullAddress(form, address, city, region, postcode), want);
  }
});
