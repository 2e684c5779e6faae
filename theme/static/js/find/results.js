/* Applying search, sorting and filters: what the list shows for what the visitor asked, shown
 * once it is exact (a big register first fetches what it needs, through ./pieces.js).
 */
import { render, showError } from "./list.js";
import { matching as matchingIn } from "./order.js";
import { searchTerms } from "./search.js";
import { SOON, T, dom, isOpen, nowThere, state, store } from "./page.js";

/* The places that match, in the order shown (./order.js); each place learns p.isOpen. */
export function matching(now) {
  return matchingIn(store.places, searchTerms(state.query), state.openNow, state.origin,
                    (p, margin) => isOpen(p, now, margin), SOON);
}

/* How many places of the whole register match and how many of them are open now. */
function countsOf(found, now, plan) {
  if (store.complete || store.savedOnly || (plan && plan.exact)) {
    return { total: found.length, open: found.filter((p) => p.isOpen).length };
  }
  return store.pieces.counts(now);
}

/* Shows the list for the current search once it is exact, fetching what it needs first;
   resolves with the places shown (null when the data could not be fetched). */
export function update() {
  const pieces = store.complete || store.savedOnly ? null : store.pieces;
  const now = nowThere(), found = matching(now), plan = pieces && pieces.planFor();
  const known = countsOf(found, now, plan), need = pieces && pieces.shortfall(found, known, plan);
  if (!need) return Promise.resolve(render(found, known, now));
  dom.status.textContent = T.loading;
  const loading = need === "all" ? pieces.loadAll() : typeof need === "function" ? need()
    : Promise.all(need.map(pieces.loadCell));
  return loading.then(update, (error) => {
    console.warn("Safe Place find page:", error.message);
    /* Without signal, on a saved copy that keeps only the places nearby: the list says it
       shows those, never that they are all there is. */
    if (!store.savedOnly && navigator.serviceWorker && navigator.serviceWorker.controller) {
      store.savedOnly = true;
      return Promise.all(store.index.cells.map((c) => pieces.loadCell(c).catch(() => null))).then(update);
    }
    dom.status.textContent = "";
    showError(T.load_failed);
    return null;
  });
}
