/* Search: how the find page compares a search with a place, and which runs of letters a big
 * register's search shards are looked up by.
 *
 * Pure, and held to pipeline.find.cells (fold, pieces) by golden files
 * (tests/unit/test_find_js.py): the build cuts the places' names and addresses into runs of
 * three the same way this cuts a search.
 */

/* Text as the page compares it: accents dropped, lower case. */
export function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

/* The words of a search, folded. */
export function searchTerms(query) { return fold(query).split(/\s+/).filter(Boolean); }

/* Whether every word of the search is in the place's folded name, category and address. */
export function matchesAll(haystack, terms) {
  for (let i = 0; i < terms.length; i++) if (haystack.indexOf(terms[i]) === -1) return false;
  return true;
}

/* Whether `piece` is one of the pieces of its length packed end to end in `packed` (a big
   register's common runs, its shard keys). */
export function packedHas(packed, piece) {
  for (let i = 0; i < packed.length; i += piece.length) if (packed.substr(i, piece.length) === piece) return true;
  return false;
}

/* The runs of three letters or digits of a folded word (only ASCII ones: both sides cut
   strings alike whatever UTF-16 does), in order, as pipeline.find.cells.pieces finds them. */
export function wordRuns(term) {
  const own = [];
  for (let i = 0; i + 3 <= term.length; i++) {
    const run = term.slice(i, i + 3);
    if (/^[a-z0-9]{3}$/.test(run)) own.push(run);
  }
  return own;
}

/* Up to `max` uncommon runs of a search (none of them in `common`): each word's first, then
   each word's second and so on, so that every word narrows it (the number in "Market 9323" as
   much as the name). A word that is part of a category's name (`labels`, folded) says nothing
   of names and addresses and is left out. */
export function searchRuns(terms, labels, common, max) {
  const runs = [];
  const words = terms.filter((term) => !labels.some((label) => label.indexOf(term) !== -1))
    .map((term) => wordRuns(term).filter((run) => !packedHas(common, run)));
  for (let k = 0; runs.length < max && words.some((own) => k < own.length); k++) {
    words.forEach((own) => {
      if (own[k] && runs.length < max && runs.indexOf(own[k]) === -1) runs.push(own[k]);
    });
  }
  return runs;
}

/* A place's address as the agency's ADDRESS_FORMAT writes it, as pipeline/profile.py
   full_address does: without the region where the place has none; values from data are put in
   once (a "{city}" typed in a street name stays text). */
export function fullAddress(format, address, city, region, postcode) {
  let form = format || "{address}, {city}, {region} {postcode}";
  if (!region) form = form.replaceAll(", {region}", "").replaceAll("{region} ", "").replaceAll("{region}", "");
  const values = { address: address, city: city, region: region, postcode: postcode, zip: postcode };
  return form.replace(/\{(address|city|region|postcode|zip)\}/g, (_, key) => values[key]);
}
