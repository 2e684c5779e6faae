/* Safe Place find page: progressive enhancement of the server-rendered list.
 *
 * Without JavaScript the page is complete: every place, in name order, with hours in words.
 * This script adds, once the page's data has arrived (find/places.json, loaded once and shared
 * with the map; or, for a big register, find/index.json and the cells near the visitor, see
 * "loading in pieces" below): search (#q), nearest-first by ZIP (#zip) or by the device's
 * position (#locate, the position never leaves the device), "open now" in the jurisdiction's time zone (#open-now:
 * open for more than 30 minutes yet, holidays and special days included), a
 * list rendered in windows (never thousands of nodes at once), and the map, loaded only when it
 * scrolls into view or a place is asked for. Sorted by distance, places open now come first and
 * closed ones follow under their own heading; after a search the results heading takes focus.
 * /find/?locate=1 (the home page's "Find the nearest Safe Place") asks for the position at once.
 * Strings from data reach the page only through textContent or checked attributes, never as
 * HTML, so markup in the register can never run.
 */
(function () {
  "use strict";
  var SafePlace = (window.SafePlace = window.SafePlace || {});
  var configNode = document.getElementById("find-config");
  var list = document.getElementById("participants");
  if (!configNode || !list) return;
  var config = JSON.parse(configNode.textContent);
  /* Paths in the config are relative to the site's root, which this page knows best. */
  var base = configNode.getAttribute("data-base") || "";
  config.data = base + config.data;
  config.static = base + config.static;
  config.map_script = base + config.map_script;
  config.places = base + config.places;
  var T = config.t, H = config.hours;
  var WEEK = 10080, DAY = 1440;

  var form = document.getElementById("find-controls");
  var queryInput = document.getElementById("q");
  var zipInput = document.getElementById("zip");
  var locateButton = document.getElementById("locate");
  var openNowBox = document.getElementById("open-now");
  var statusLine = document.getElementById("find-status");
  var errorLine = document.getElementById("find-error");
  var moreButton = document.getElementById("more");
  var mapSection = document.querySelector(".find-map");
  var listHeading = document.getElementById("list-heading");
  var closedHeading = document.getElementById("closed-heading");
  var closedList = document.getElementById("participants-closed");

  var state = { query: "", openNow: false, origin: null, originLabel: "", limit: config.window };
  /* Places are keyed by id in objects without a prototype: an id such as "constructor" or
     "toString" must find nothing but the place itself. */
  function table() { return Object.create(null); }
  var places = [], byId = table(), nodes = table(), zips = table();
  var loaded = null;  /* resolves once the data the page starts from has arrived */
  /* A big register comes in pieces (pipeline/findcells.py): until every place is here,
     `index` says how many there are and where the rest is. */
  var index = null, complete = true;
  var tables = null, fields = null, models = [];  /* what rows refer to, their columns, schedules */
  var mapReady = null, mapPromise = null, resolveMap = null, markersKey = "";

  function fmt(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, key) { return key in values ? values[key] : m; });
  }
  /* A count as the page's language writes it ("26,992 places"; "26.992 lugares"). */
  var numbers = new Intl.NumberFormat(config.lang, { maximumFractionDigits: 0 });
  function many(n) { return numbers.format(n); }
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* --- time in the jurisdiction, whatever the device's own time zone --------------------- */
  /* The data gives each schedule's regular week and the days of its window that differ
     (holidays, first Mondays, months...); outside the window nothing is known. These
     functions mirror pipeline.hours.status (minutes_open, status_at), which the tests hold them to. */
  var cal = { from: NaN, days: 0, weekday: 0, holidays: {} };
  var SOON = config.soon || 30;
  var clock = new Intl.DateTimeFormat("en-US", {
    timeZone: config.tz, year: "numeric", month: "numeric", day: "numeric",
    hour: "numeric", minute: "numeric", hourCycle: "h23"
  });
  /* {date: days since the window's first day, day: weekday (0 = Monday), minute: of the day} */
  function nowThere(at) {
    var parts = {}, when = at || new Date();
    clock.formatToParts(when).forEach(function (p) { parts[p.type] = p.value; });
    var utc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day));
    return {
      date: Math.round((utc - cal.from) / 86400000), day: (new Date(utc).getUTCDay() + 6) % 7,
      minute: (Number(parts.hour) % 24) * 60 + Number(parts.minute),
      at: Math.floor(when.getTime() / 60000) * 60000  /* the real moment, to the minute */
    };
  }
  /* Daylight saving (issue 24): [real minutes to a close `left` wall-clock minutes from now,
     the wall time then, in minutes from the window's first midnight]. The clocks going back make
     "2 a.m." at 1:30 90 minutes away; going forward, a close at 2:30 (a time that does not
     exist) comes when they jump to 3:00. Mirrors pipeline.hours.status.real_close. */
  function wallMinutes(ms) { var w = nowThere(new Date(ms)); return w.date * DAY + w.minute; }
  function realClose(now, left) {
    var target = now.date * DAY + now.minute + left, guess = now.at + left * 60000;
    for (var k = 0; k < 3; k++) {
      var shown = wallMinutes(guess);
      if (shown >= target) break;
      guess += (target - shown) * 60000;
    }
    while (wallMinutes(guess - 60000) >= target) guess -= 60000;
    return [Math.round((guess - now.at) / 60000), wallMinutes(guess)];
  }
  /* A place's open spans on day d of the window; null when it has no hours or d is outside. */
  function hoursOn(place, d) {
    if (!place.schedule || !(d >= 0 && d < cal.days)) return null;
    return place.exceptions[d] || place.days[(cal.weekday + d) % 7];
  }
  /* [minutes the place stays open from now (at most a week; 0 closed; null not known),
      whether that close is known (false: open to the last day the data knows)] */
  function openRun(place, now) {
    var spans = hoursOn(place, now.date);
    if (!spans) return [null, true];
    var m = now.minute, current = null;
    for (var i = 0; i < spans.length; i++) {
      if (spans[i][0] <= m && m < spans[i][1]) current = spans[i];
    }
    if (!current) return [0, true];
    var end = current[1], k = 0;
    while (end === (k + 1) * DAY && end - m < WEEK) {
      var next = hoursOn(place, now.date + k + 1);
      if (next === null) return [end - m, false];
      if (!next.length || next[0][0] !== 0) break;
      k += 1;
      end = k * DAY + next[0][1];
    }
    return [Math.min(end - m, WEEK), true];
  }
  function minutesOpen(place, now) { return openRun(place, now)[0]; }
  /* Open now, and (with a margin) for more than that many minutes. */
  function isOpen(place, now, margin) {
    var left = minutesOpen(place, now);
    return !!left && left > (margin || 0);
  }
  /* When a closed place next opens: {days: from today, minute} or null (not in the window). */
  function nextOpening(place, now) {
    for (var k = 0; ; k++) {
      var spans = hoursOn(place, now.date + k);
      if (!spans) return null;
      for (var i = 0; i < spans.length; i++) {
        if (k > 0 || spans[i][0] > now.minute) return { days: k, minute: spans[i][0] };
      }
    }
  }
  function clockText(minute, end) {
    if (H.clock === "24h" && end && minute === DAY) return "24:00";
    minute %= DAY;
    var hour = Math.floor(minute / 60), mins = minute % 60;
    if (H.clock === "24h") return hour + ":" + pad(mins);
    if (minute === 0) return "midnight";
    if (minute === 720) return "noon";
    var suffix = hour < 12 ? "a.m." : "p.m.", hour12 = hour % 12 || 12;
    return mins === 0 ? hour12 + " " + suffix : hour12 + ":" + pad(mins) + " " + suffix;
  }
  function atText(minute, end) {
    var text = !end && minute === 0 && H.clock === "12h" ? "12 a.m." : clockText(minute, end);
    return fmt(text.indexOf("1:") === 0 ? H.at_one : H.at, { time: text });
  }
  function dateText(d) {
    var day = new Date(cal.from + d * 86400000);
    return fmt(H.date, { day: H.days[(day.getUTCDay() + 6) % 7], month: H.months[day.getUTCMonth()],
                         n: day.getUTCDate() });
  }
  /* What the list and the map say about a place now: {open, closingSoon, text}. */
  function statusOf(place, now) {
    var run = openRun(place, now), left = run[0];
    if (left === null) return { open: false, closingSoon: false, text: H.no_hours };
    if (left >= WEEK) return { open: true, closingSoon: false, text: H.open_always };
    if (!run[1]) return { open: true, closingSoon: false, text: H.open_now };
    if (left > 0) {
      var real = now.at === undefined ? [left, now.date * DAY + now.minute + left] : realClose(now, left);
      left = real[0];
      if (left <= SOON) {
        return { open: true, closingSoon: true,
                 text: left === 1 ? H.closes_in_1 : fmt(H.closes_in, { n: left }) };
      }
      var end = real[1] - now.date * DAY, day = Math.floor(end / DAY), at = end % DAY;
      if (at === 0) { day -= 1; at = DAY; }
      var until = left < DAY ? fmt(H.open_until, { time: atText(at, true) })
        : fmt(H.open_until_day, { day: H.days[(now.day + day) % 7], time: atText(at, true) });
      return { open: true, closingSoon: false, text: until };
    }
    var spans = hoursOn(place, now.date), holiday = !!(cal.holidays[now.date] && place.exceptions[now.date]);
    for (var i = 0; i < spans.length; i++) if (spans[i][1] > now.minute) holiday = false;
    var next = nextOpening(place, now);
    if (!next) return { open: false, closingSoon: false, text: holiday ? H.holiday : H.closed_now };
    var time = atText(next.minute), when;
    if (next.days === 0) when = fmt(H.today_at, { time: time });
    else if (next.days === 1) when = fmt(H.tomorrow_at, { time: time });
    else if (next.days < 7) when = fmt(H.day_at, { day: H.days[(now.day + next.days) % 7], time: time });
    else when = fmt(H.date_at, { date: dateText(now.date + next.days), time: time });
    return { open: false, closingSoon: false, text: fmt(holiday ? H.holiday_opens : H.opens, { when: when }) };
  }
  SafePlace.hours = { nowThere: nowThere, statusOf: statusOf, isOpen: isOpen,
                      nextOpening: nextOpening, minutesOpen: minutesOpen };

  /* --- distance ---------------------------------------------------------------------------- */
  function miles(lat1, lon1, lat2, lon2) {
    var rad = Math.PI / 180, dLat = (lat2 - lat1) * rad, dLon = (lon2 - lon1) * rad;
    var a = Math.pow(Math.sin(dLat / 2), 2) +
      Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * 3958.8 * Math.asin(Math.sqrt(a));
  }

  /* --- the model, from places.json or the index ------------------------------------------- */
  function toModel(data) {
    fields = fieldsOf(data.fields);
    Object.keys(data.zips || {}).forEach(function (zip) { zips[zip] = data.zips[zip]; });
    var from = data.calendar.from.split("-").map(Number);
    cal.from = Date.UTC(from[0], from[1] - 1, from[2]);
    cal.days = data.calendar.days;
    cal.weekday = (new Date(cal.from).getUTCDay() + 6) % 7;
    data.calendar.holidays.forEach(function (d) { cal.holidays[d] = true; });
    /* Each schedule once: its week cut into days, its exceptions by day of the window. */
    models = data.schedules.map(function (week, n) {
      var days = [[], [], [], [], [], [], []], exceptions = Object.create(null);
      week.forEach(function (s) {
        for (var d = Math.floor(s[0] / DAY); d * DAY < s[1]; d++) {
          days[d].push([Math.max(s[0], d * DAY) - d * DAY, Math.min(s[1], (d + 1) * DAY) - d * DAY]);
        }
      });
      data.exceptions[n].forEach(function (run) {
        for (var i = 0; i < run[1]; i++) exceptions[run[0] + i] = run[2];
      });
      return { schedule: week, days: days, exceptions: exceptions };
    });
    tables = data;
    places = [];
    byId = table();
    complete = !data.cells;
    index = complete ? null : {
      total: data.total, counts: data.counts, full: data.full, base: data.cells.base, search: data.search,
      rows: { base: data.rows.base, size: data.rows.size, head: data.places.length, done: [], loads: [] },
      offline: data.offline, centre: data.centre, words: data.words_file,
      cells: data.cells.list.map(function (c) {
        return { name: c[0], s: c[1], w: c[2], n: c[3], e: c[4], count: c[5], loaded: null };
      })
    };
    addRows(data.places, fields);
    SafePlace.byId = byId;
  }

  function fieldsOf(names) {
    var f = {};
    names.forEach(function (name, i) { f[name] = i; });
    return f;
  }
  /* Places from rows of the data (places.json, the index or a cell), whose columns `f` names;
     a place already here stays as it is. A row's order is its place in places.json. */
  function addRows(rows, f) {
    var data = tables;
    rows.forEach(function (row, position) {
      if (byId[row[f.id]]) return;
      var city = data.cities[row[f.city]];
      var place = {
        order: f.order === undefined ? position : row[f.order],
        id: row[f.id], name: row[f.name], category: data.categories[row[f.category]],
        address: row[f.address] + ", " + city + " " + row[f.zip], tel: row[f.tel],
        lat: row[f.lat], lon: row[f.lon], website: row[f.website],
        schedule: row[f.schedule] === null ? null : data.schedules[row[f.schedule]],
        scheduleIndex: row[f.schedule],
        /* null until a big register's words arrive (after the first answer: see loadWords) */
        words: row[f.schedule] === null ? [H.no_hours] : data.words ? data.words[row[f.schedule]] : null
      };
      var model = row[f.schedule] === null ? null : models[row[f.schedule]];
      place.days = model ? model.days : null;
      place.exceptions = model ? model.exceptions : {};
      place.haystack = fold([place.name, place.category, place.address].join(" "));
      byId[place.id] = place;
      places.push(place);
    });
    if (index && places.length >= index.total) complete = true;
  }

  function phoneText(tel) {
    var m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(tel || "");
    return m ? "(" + m[1] + ") " + m[2] + "-" + m[3] : tel;
  }

  /* A visible text with the place's name after it for screen readers only. */
  function named(node, visible, hiddenText) {
    node.appendChild(document.createTextNode(visible));
    node.appendChild(el("span", "visually-hidden", hiddenText));
    return node;
  }

  function directionsUrl(place) {
    return fmt(config.directions, {
      lat: place.lat, lon: place.lon, address: encodeURIComponent(place.address)
    });
  }

  /* A list item like the server's (find_place.html), for places the server did not put on this
     page. */
  function buildNode(place) {
    var li = el("li", "place");
    li.id = "place-" + place.id;
    li.setAttribute("data-id", place.id);
    var heading = li.appendChild(el("h3", "place-name"));
    heading.appendChild(el("a", "", place.name)).href = config.places + encodeURIComponent(place.id) + "/";
    var lead = el("p", "place-lead");
    lead.appendChild(el("span", "place-distance"));
    var status = el("span", "place-status");
    status.hidden = true;
    lead.appendChild(status);
    li.appendChild(lead);
    var actions = el("p", "place-actions");
    if (/^\+1\d{10}$/.test(place.tel)) {
      var call = named(el("a", "action action-call"), T.call, " " + T.call_to + place.name + ",");
      call.appendChild(document.createTextNode(" "));
      call.appendChild(el("span", "place-phone", phoneText(place.tel)));
      call.href = "tel:" + place.tel;
      actions.appendChild(call);
    }
    var directions = named(el("a", "action"), T.directions, " – " + place.name);
    directions.href = directionsUrl(place);
    actions.appendChild(directions);
    if (/^https?:\/\//i.test(place.website)) {
      var site = named(el("a", "action"), T.website, " – " + place.name);
      site.href = place.website;
      actions.appendChild(site);
    }
    li.appendChild(actions);  /* the call link right under the name, as the server puts it */
    var meta = el("p", "place-meta");
    meta.appendChild(el("span", "place-category", place.category));
    meta.appendChild(document.createTextNode(" · "));
    meta.appendChild(el("span", "place-address", place.address));
    li.appendChild(meta);
    var hours = el("details", "place-hours");  /* folded: the status line says what matters now */
    hours.appendChild(el("summary", "", T.hours));
    var ul = el("ul", "place-week");
    (place.words || []).forEach(function (line) { ul.appendChild(el("li", "", line)); });
    hours.appendChild(ul);
    li.appendChild(hours);
    return li;
  }

  function nodeFor(place) {
    var node = nodes[place.id];
    if (!node) {
      node = nodes[place.id] = buildNode(place);
    }
    if (!node.querySelector(".action-map")) {
      var button = named(el("button", "action action-map"), T.show_on_map, " – " + place.name);
      button.type = "button";
      button.addEventListener("click", function () { showOnMap(place.id, button); });
      node.querySelector(".place-actions").appendChild(button);
    }
    return node;
  }

  /* --- applying search, sorting and filters --------------------------------------------- */
  /* The places that match, in the order shown: by name; or, from a position, the places open
     now nearest first and then the closed ones nearest first (each place learns p.isOpen). */
  function matching(now) {
    var terms = searchTerms();
    var found = places.filter(function (p) {
      for (var i = 0; i < terms.length; i++) if (p.haystack.indexOf(terms[i]) === -1) return false;
      p.isOpen = isOpen(p, now, 0);
      return !state.openNow || isOpen(p, now, SOON);
    });
    if (state.origin) {
      found.forEach(function (p) { p.distance = miles(state.origin.lat, state.origin.lon, p.lat, p.lon); });
      found.sort(function (a, b) {
        return (b.isOpen - a.isOpen) || a.distance - b.distance || a.order - b.order;
      });
    } else {
      found.sort(function (a, b) { return a.order - b.order; });
    }
    return found;
  }

  /* "1 place" / "12 places": a string's _one form when there is one and n is 1. */
  function counted(key, values) {
    var template = values.n === 1 && T[key + "_one"] ? T[key + "_one"] : T[key], shown = {};
    Object.keys(values).forEach(function (k) { shown[k] = many(values[k]); });
    return fmt(template, shown);
  }

  /* The results heading says what the list now is ("12 places, nearest first, 8 open now"):
     `known` has how many places match and how many of them are open, of the whole register. */
  function headingText(known) {
    if (state.origin) {
      return state.openNow ? counted("heading_near_open", { n: known.total })
        : counted("heading_near", { n: known.total, open: known.open });
    }
    if (state.openNow) return counted("heading_open", { n: known.total });
    if (state.query.trim()) return counted("heading_matches", { n: known.total });
    return initialHeading;
  }

  /* --- loading in pieces ------------------------------------------------------------------ */
  /* A big register's index (pipeline/findcells.py) says how many places follow each schedule,
     so the counts are exact before the places are here. From a position the page then fetches
     the cells nearest to it until no cell still away could hold a place nearer than one the
     list shows (the distance to a cell's box, kept 1 % short: a lower bound whatever the curve
     of the Earth does over a city). In name order it fetches the rows of places.json in files,
     from the first on (nameOrderShortfall); for a search, the cells that can hold a match
     (searchPlan); for the map, the whole places.json. Nothing is shown until it is exact. */
  var fullLoad = null, savedOnly = false;

  function getJson(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status + " for " + url);
      return response.json();
    });
  }

  /* Fetches `url` once for `store[key]` (a later try after a failure fetches again); `use` takes
     the data. */
  function fetchOnce(store, key, url, use) {
    if (!store[key]) {
      store[key] = getJson(url).then(use);
      store[key].catch(function () { store[key] = null; });
    }
    return store[key];
  }

  function loadAll() {
    if (complete) return Promise.resolve();
    if (!fullLoad) {
      fullLoad = getJson(base + index.full).then(function (data) {
        addRows(data.places, fieldsOf(data.fields));
        complete = true;
        fillWords(data.words);
      });
      fullLoad.catch(function () { fullLoad = null; });  /* a later try may succeed */
    }
    return fullLoad;
  }

  /* A big register's schedules in words come in their own file (the index stays small however
     many different opening hours the register has), fetched once the first answer is shown. */
  var wordsLoad = null;
  function loadWords() {
    if (!wordsLoad && !tables.words) {
      wordsLoad = getJson(base + index.words).then(function (data) { fillWords(data.words); });
      wordsLoad.catch(function (error) {
        wordsLoad = null;
        console.warn("Safe Place find page:", error.message);
      });
    }
  }
  function fillWords(words) {
    if (tables.words) return;
    tables.words = words;
    places.forEach(function (place) {
      if (place.words !== null) return;
      place.words = words[place.scheduleIndex];
      var week = nodes[place.id] && nodes[place.id].querySelector(".place-week");
      if (week && !week.firstChild) {
        place.words.forEach(function (line) { week.appendChild(el("li", "", line)); });
      }
    });
  }

  function loadCell(cell) {
    return fetchOnce(cell, "loaded", base + index.base + cell.name + ".json", function (data) {
      addRows(data.places, fields);
      cell.done = true;
    });
  }

  /* The cells (all, or those not here yet), nearest to `origin` first; each learns c.away,
     at most its distance in miles. */
  function cellsAway(origin, all) {
    return index.cells.filter(function (c) { return all || !c.done; }).map(function (c) {
      var lat = Math.min(Math.max(origin.lat, c.s), c.n), lon = Math.min(Math.max(origin.lon, c.w), c.e);
      c.away = 0.99 * miles(origin.lat, origin.lon, lat, lon);
      return c;
    }).sort(function (a, b) { return a.away - b.away; });
  }

  /* A search in a big register fetches only the cells that hold a match, found from the
     search shards (pipeline/findcells.py): a match holds every run of three letters or digits
     of the search, so the places holding all of a few uncommon runs are the only candidates.
     A word that is part of a category's name (in this language) says nothing of names and
     addresses and is left out; a search with no uncommon run needs every place. */
  var shards = Object.create(null), shardLoads = Object.create(null), MAX_RUNS = 4;

  function loadShard(key) {
    return fetchOnce(shardLoads, key, base + index.search.base + key + ".json", function (data) {
      shards[key] = data;
    });
  }

  function searchTerms() { return fold(state.query).split(/\s+/).filter(Boolean); }

  /* Whether `piece` is one of the pieces of its length packed end to end in `packed` (the
     index's common runs, its shard keys). */
  function packedHas(packed, piece) {
    for (var i = 0; i < packed.length; i += piece.length) if (packed.substr(i, piece.length) === piece) return true;
    return false;
  }

  /* Up to MAX_RUNS uncommon runs of the search: each word's first, then each word's second and
     so on, so that every word narrows it (the number in "Market 9323" as much as the name). */
  function searchRuns(terms) {
    var labels = tables.categories.map(fold), runs = [];
    var words = terms.filter(function (term) {
      return !labels.some(function (label) { return label.indexOf(term) !== -1; });
    }).map(function (term) {
      var own = [];
      for (var i = 0; i + 3 <= term.length; i++) {
        var run = term.slice(i, i + 3);
        if (/^[a-z0-9]{3}$/.test(run) && !packedHas(index.search.common, run)) own.push(run);
      }
      return own;
    });
    for (var k = 0; runs.length < MAX_RUNS && words.some(function (own) { return k < own.length; }); k++) {
      words.forEach(function (own) {
        if (own[k] && runs.length < MAX_RUNS && runs.indexOf(own[k]) === -1) runs.push(own[k]);
      });
    }
    return runs;
  }

  /* The places (positions counted cell by cell) holding a run: [] when no place does. */
  function holders(run) {
    var steps = shards[run.slice(0, 2)][run] || [], at = 0;
    return steps.map(function (step) { return (at += step); });
  }

  /* What a search still needs: {exact: true} when every cell that holds a match is here,
     {all: true} for places.json, or {load: function} fetching shards or cells first. */
  function searchPlan(terms) {
    var runs = searchRuns(terms);
    if (!runs.length) return { all: true };
    if (!runs.every(function (run) { return packedHas(index.search.keys, run.slice(0, 2)); })) {
      return { exact: true };  /* a run no place holds: no match */
    }
    var missing = runs.map(function (run) { return run.slice(0, 2); }).filter(function (key, i, all) {
      return !shards[key] && all.indexOf(key) === i;
    });
    if (missing.length) {
      return { load: function () {
        /* shards not at hand (a saved copy without them): the whole places.json instead */
        return Promise.all(missing.map(loadShard)).catch(loadAll);
      } };
    }
    var candidates = runs.map(holders).reduce(function (kept, next) {
      var inNext = Object.create(null);
      next.forEach(function (p) { inNext[p] = true; });
      return kept.filter(function (p) { return inNext[p]; });
    });
    var pending = [], first = 0, c = 0;
    index.cells.forEach(function (cell) {
      var last = first + cell.count;
      while (c < candidates.length && candidates[c] < first) c++;
      if (c < candidates.length && candidates[c] < last && !cell.done) pending.push(cell);
      first = last;
    });
    if (!pending.length) return { exact: true };
    var count = pending.reduce(function (sum, cell) { return sum + cell.count; }, 0);
    if (count > index.total / 2) return { all: true };
    return { load: function () { return Promise.all(pending.map(loadCell)); } };
  }

  /* What a big register's search still needs (searchPlan), null without a search or when
     every place is here. */
  function planFor() {
    var terms = searchTerms();
    return complete || savedOnly || !terms.length ? null : searchPlan(terms);
  }

  /* How many places of the whole register match and how many of them are open now. */
  function countsOf(found, now, plan) {
    if (complete || savedOnly || (plan && plan.exact)) {
      return { total: found.length, open: found.filter(function (p) { return p.isOpen; }).length };
    }
    var open = 0, openLong = 0;
    models.forEach(function (model, n) {
      if (isOpen(model, now, 0)) open += index.counts[n];
      if (isOpen(model, now, SOON)) openLong += index.counts[n];
    });
    return state.openNow ? { total: openLong, open: openLong } : { total: index.total, open: open };
  }

  /* What must still arrive for the list's first window to be exact: null (nothing), "all"
     (places.json), the cells to fetch next, or a function fetching what a search or the name
     order needs. */
  function shortfall(found, known, plan) {
    if (complete || savedOnly) return null;
    if (plan) return plan.exact ? null : plan.all ? "all" : plan.load;
    var limit = Math.min(state.limit, known.total), i;
    if (!state.origin) return nameOrderShortfall(found, known, limit);
    var away = cellsAway(state.origin), frontier = away.length ? away[0].away : Infinity;
    var openHere = found.filter(function (p) { return p.isOpen; }).length;
    var allOpenHere = openHere >= known.open, sure = found.length >= limit;
    for (i = 0; i < limit && sure; i++) {
      var p = found[i];
      /* An open place is certain when no open place can be nearer; a closed one (after every
         open place) when every open place is here and no place at all can be nearer. */
      if (p.isOpen ? !allOpenHere && p.distance > frontier : !allOpenHere || p.distance > frontier) {
        sure = false;
      }
    }
    if (sure) return null;
    /* About how many places it takes around the origin for a window of open ones. */
    var near = index.cells.reduce(function (sum, c) { return sum + (c.done ? c.count : 0); }, 0);
    var wanted = limit / Math.max(known.open / Math.max(known.total, 1), 0.02) - near;
    if (wanted > index.total / 2) return "all";
    var reach = found.length >= limit ? found[limit - 1].distance : Infinity, batch = [], sum = 0;
    for (i = 0; i < away.length && batch.length < 8; i++) {
      if (batch.length && sum >= wanted && away[i].away > reach) break;
      batch.push(away[i]);
      sum += away[i].count;
    }
    return batch;
  }

  /* In name order the first `limit` places found are certain once every place before the
     last of them in places.json is here: the index's first window, then the files of rows
     (find/rows/<k>.json) from the first on. Returns null, or a function fetching the next few
     files (as many as the share open now says the window needs), or "all". */
  function nameOrderShortfall(found, known, limit) {
    var rows = index.rows, k = 0;
    while (rows.done[k]) k++;
    var prefix = Math.min(Math.max(rows.head, k * rows.size), index.total);
    var below = found.filter(function (p) { return p.order < prefix; }).length;
    if (below >= limit || prefix >= index.total) return null;
    var share = Math.max(known.total / Math.max(index.total, 1), 0.02);
    var wanted = (limit - below) / share;
    if (wanted > index.total / 2) return "all";
    var files = [];
    for (var n = k; files.length < Math.min(8, Math.ceil((prefix + wanted) / rows.size) - k) &&
         n * rows.size < index.total; n++) {
      if (!rows.done[n]) files.push(n);
    }
    if (!files.length) files.push(k);
    return function () {
      /* not at hand (a saved copy without them): the whole places.json instead */
      return Promise.all(files.map(loadRows)).catch(loadAll);
    };
  }

  function loadRows(k) {
    var rows = index.rows;
    return fetchOnce(rows.loads, k, base + rows.base + k + ".json", function (data) {
      addRows(data.places, fields);
      rows.done[k] = true;
    });
  }

  /* For the saved copy (find-offline.js) of a register too big to store whole: the cells
     nearest the visitor's position or ZIP (or the map's centre when neither was given) that
     hold about index.offline places. null when the saved copy holds every place anyway. */
  SafePlace.cellsToKeep = function () {
    if (!index || index.total <= index.offline) return null;  /* no index: places.json, stored whole */
    var origin = state.origin || { lat: index.centre[0], lon: index.centre[1] };
    var kept = [], count = 0, nearest = cellsAway(origin, true);
    for (var i = 0; i < nearest.length && (!kept.length || count + nearest[i].count <= index.offline); i++) {
      kept.push(new URL(base + index.base + nearest[i].name + ".json", document.baseURI).href);
      count += nearest[i].count;
    }
    return { urls: kept, places: count,
             near: !state.origin ? "centre" : state.originLabel ? "zip" : "you", zip: state.originLabel };
  };

  /* Shows the list for the current search once it is exact, fetching what it needs first;
     resolves with the places shown (null when the data could not be fetched). */
  function update() {
    var now = nowThere(), found = matching(now), plan = planFor();
    var known = countsOf(found, now, plan), need = shortfall(found, known, plan);
    if (!need) return Promise.resolve(render(found, known, now));
    statusLine.textContent = T.loading;
    var loading = need === "all" ? loadAll() : typeof need === "function" ? need() : Promise.all(need.map(loadCell));
    return loading.then(update, function (error) {
      console.warn("Safe Place find page:", error.message);
      /* Without signal, on a saved copy that keeps only the places nearby: the list says it
         shows those, never that they are all there is. */
      if (!savedOnly && navigator.serviceWorker && navigator.serviceWorker.controller) {
        savedOnly = true;
        return Promise.all(index.cells.map(function (c) {
          return loadCell(c).catch(function () { return null; });
        })).then(update);
      }
      statusLine.textContent = "";
      showError(T.load_failed);
      return null;
    });
  }

  function render(found, known, now) {
    var shown = found.slice(0, state.limit);
    var visible = Object.create(null);
    var split = Boolean(state.origin), closedShown = 0;
    shown.forEach(function (place) {
      var node = nodeFor(place);
      var status = statusOf(place, now);
      var line = node.querySelector(".place-status");
      line.textContent = status.text;
      line.className = "place-status " + (status.closingSoon ? "is-closing" : status.open ? "is-open" : "is-closed");
      line.hidden = false;
      node.classList.toggle("is-closed", !status.open);
      node.querySelector(".place-distance").textContent = state.origin
        ? fmt(T.distance, { d: place.distance.toFixed(1) }) + " · " : "";
      node.hidden = false;
      if (split && !place.isOpen) {
        closedList.appendChild(node);
        closedShown += 1;
      } else {
        list.appendChild(node);
      }
      visible[place.id] = true;
    });
    Object.keys(nodes).forEach(function (id) { if (!visible[id]) nodes[id].hidden = true; });
    closedHeading.hidden = closedList.hidden = closedShown === 0;
    moreButton.hidden = known.total <= shown.length;
    moreButton.textContent = T.more;
    var total = complete || savedOnly ? places.length : index.total;
    var text = (savedOnly && !complete ? fmt(T.saved_only, { n: many(places.length) }) : "") +
      (known.total === 0 ? T.none
      : fmt(T.showing, { shown: many(shown.length), matches: many(known.total) }) +
        (known.total < total ? fmt(T.of_total, { total: many(total) }) : "") +
        (state.origin ? (state.originLabel ? fmt(T.near_zip, { zip: state.originLabel }) : T.near_you) : "") +
        (state.openNow ? T.open_only : ""));
    if (statusLine.textContent !== text) statusLine.textContent = text;
    var heading = (savedOnly && !complete ? T.saved_heading : "") + headingText(known);
    if (listHeading.textContent !== heading) listHeading.textContent = heading;
    syncMarkers(found);
    /* cards made here for a big register wait for their week in words (the server's have it) */
    if (shown.some(function (p) {
      var week = nodes[p.id].querySelector(".place-week");
      return p.words === null && week && !week.firstChild;
    })) loadWords();
    return shown;
  }

  /* After a search by position or ZIP: the results come into view and their heading takes
     focus, so a screen reader announces what was found. */
  function showResults() {
    listHeading.scrollIntoView({ block: "start" });
    listHeading.focus({ preventScroll: true });
  }

  function showError(message, focusZip) {
    errorLine.textContent = message;
    if (focusZip) zipInput.focus();
  }

  /* --- the map: loaded on demand ---------------------------------------------------------- */
  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.async = false;
      script.onload = resolve;
      script.onerror = function () { reject(new Error("could not load " + src)); };
      document.body.appendChild(script);
    });
  }

  function loadMap() {
    if (mapPromise) return mapPromise;
    /* A big register's places.json (a marker for every place) is fetched once the map is there
       with the places at hand (SafePlace.addPlaces), so it never slows Leaflet down. */
    config.map.css.forEach(function (href) {
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = config.static + href;
      document.head.appendChild(link);
    });
    mapPromise = new Promise(function (resolve) { resolveMap = resolve; });
    var chain = Promise.resolve();
    config.map.js.concat([null]).forEach(function (src) {
      chain = chain.then(function () {
        if (!src) calmMotion();
        return loadScript(src ? config.static + src : config.map_script);
      });
    });
    chain.catch(function (error) { console.warn("Safe Place map:", error.message); });
    return mapPromise;
  }

  /* Honour "reduce motion": no zoom, fade or cluster animations (set before the map exists). */
  function calmMotion() {
    if (!window.matchMedia || !window.matchMedia("(prefers-reduced-motion: reduce)").matches) return;
    if (window.L && L.Map) L.Map.mergeOptions({ zoomAnimation: false, fadeAnimation: false, markerZoomAnimation: false });
    if (window.L && L.MarkerClusterGroup) L.MarkerClusterGroup.mergeOptions({ animate: false, animateAddingMarkers: false });
    document.documentElement.setAttribute("data-reduced-motion", "");
  }

  function popupFor(place) {
    var box = el("div", "popup");
    box.appendChild(el("p", "popup-name", place.name));
    box.appendChild(el("p", "popup-category", place.category));
    box.appendChild(el("p", "", place.address));
    box.appendChild(el("p", "popup-status", statusOf(place, nowThere()).text));
    var actions = el("p", "popup-actions");
    if (/^\+1\d{10}$/.test(place.tel)) {
      var call = el("a", "", T.call + " " + phoneText(place.tel));
      call.href = "tel:" + place.tel;
      actions.appendChild(call);
    }
    var details = el("a", "", T.details);
    details.href = "#place-" + place.id;
    details.addEventListener("click", function (event) {
      event.preventDefault();
      revealInList(place.id);
    });
    actions.appendChild(details);
    box.appendChild(actions);
    return box;
  }

  function revealInList(id) {
    loadAll().then(function () {
      var at = matching(nowThere()).indexOf(byId[id]);
      if (at >= state.limit) state.limit = at + 1;
      return update();
    }).then(function (shown) { if (shown) focusPlace(id); }, function () {});
  }

  function focusPlace(id) {
    var node = nodes[id];
    if (!node || node.hidden) return;
    var current = list.querySelector(".is-selected");
    if (current) current.classList.remove("is-selected");
    node.classList.add("is-selected");
    node.setAttribute("tabindex", "-1");
    node.scrollIntoView({ block: "start" });
    node.focus();
  }

  /* Called by find/map.js (Folium) once the map and the marker cluster exist; the markers go
     in when that script has finished (the cluster is on the map by then). The places already
     here get theirs at once (a big register's nearby cells: "Show on map" opens without waiting
     for the whole register); the others as soon as places.json has arrived. html[data-map-ready]
     then says how many places the map has. */
  SafePlace.addPlaces = function (map, cluster) {
    map.whenReady(function () {
      setTimeout(function () {
        addMarkers(map, cluster);
        loadAll().catch(function (error) {
          console.warn("Safe Place map:", error.message);
        }).then(function () {
          syncMarkers(matching(nowThere()));
          document.documentElement.setAttribute("data-map-ready", String(places.length));
        });
      }, 0);
    });
  };

  function addMarkers(map, cluster) {
    /* Escape closes an open popup from anywhere inside the map (Leaflet only listens when the
       map itself has focus, not a link in its popup). */
    map.getContainer().addEventListener("keydown", function (event) {
      if (event.key === "Escape" && map._popup && map.hasLayer(map._popup)) map.closePopup();
    });
    mapReady = { map: map, cluster: cluster, markers: Object.create(null) };
    SafePlace.map = map;
    SafePlace.markers = mapReady.markers;
    markersKey = "";
    syncMarkers(matching(nowThere()));
    resolveMap(mapReady);
  }

  /* A place's marker, made the first time the map shows it. */
  function markerOf(place) {
    var marker = mapReady.markers[place.id];
    if (marker) return marker;
    marker = mapReady.markers[place.id] = L.marker([place.lat, place.lon], {
      icon: L.divIcon({ className: "sp-marker", iconSize: [26, 26] }),
      title: place.name, alt: place.name, keyboard: true
    });
    marker.bindPopup(function () { return popupFor(place); });
    marker.on("click", function () {
      var node = nodes[place.id];
      var current = list.querySelector(".is-selected");
      if (current) current.classList.remove("is-selected");
      if (node) node.classList.add("is-selected");
    });
    return marker;
  }

  /* The map shows the places the list matches (all of them, not just the window). */
  function syncMarkers(found) {
    if (!mapReady) return;
    var key = found.map(function (p) { return p.id; }).join("|");
    if (key === markersKey) return;
    markersKey = key;
    mapReady.cluster.clearLayers();
    mapReady.cluster.addLayers(found.map(markerOf));
  }

  /* Opens the place's popup with focus in it; when the popup closes, focus goes back to the
     button that opened it, so a keyboard or screen reader user is where they were. */
  function showOnMap(id, opener) {
    loadMap().then(function (ready) {
      var marker = markerOf(byId[id]);
      mapSection.scrollIntoView({ block: "center" });
      ready.cluster.zoomToShowLayer(marker, function () {
        marker.openPopup();
        var link = ready.map.getContainer().querySelector(".leaflet-popup-content a");
        if (link) link.focus();
        marker.once("popupclose", function () {
          var active = document.activeElement;
          if (opener && (!active || active === document.body || mapSection.contains(active))) {
            opener.focus();
          }
        });
      });
    });
  }

  /* --- wiring ------------------------------------------------------------------------------ */
  var initialHeading = listHeading.textContent;

  function searchZip() {
    var zip = zipInput.value.trim();
    if (!/^\d{5}$/.test(zip)) return showError(T.zip_invalid, true);
    if (!zips[zip]) return showError(fmt(T.zip_unknown, { zip: zip }), true);
    state.origin = { lat: zips[zip][0], lon: zips[zip][1] };
    state.originLabel = zip;
    state.limit = config.window;
    errorLine.textContent = "";
    return update().then(function (shown) { if (shown) showResults(); });
  }

  function locate() {
    if (!navigator.geolocation) return showError(T.geo_unsupported, true);
    errorLine.textContent = "";
    statusLine.textContent = T.locating;
    navigator.geolocation.getCurrentPosition(function (position) {
      loaded.then(function () {
        state.origin = { lat: position.coords.latitude, lon: position.coords.longitude };
        state.originLabel = "";
        state.limit = config.window;
        return update().then(function (shown) { if (shown) showResults(); });
      });
    }, function (failure) {
      loaded.then(update);
      showError(failure.code === 1 ? T.geo_denied : T.geo_failed, true);
    }, { enableHighAccuracy: false, timeout: 10000, maximumAge: 300000 });
  }

  /* The controls work as soon as they are shown; what needs the data waits for it. */
  function wire() {
    form.hidden = false;
    var typing = null;
    queryInput.addEventListener("input", function () {
      clearTimeout(typing);
      typing = setTimeout(function () {
        loaded.then(function () {
          state.query = queryInput.value;
          state.limit = config.window;
          update();
        });
      }, 150);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      loaded.then(function () {
        state.query = queryInput.value;
        if (zipInput.value.trim()) return searchZip();
        errorLine.textContent = "";
        update();
      });
    });
    locateButton.addEventListener("click", locate);
    openNowBox.addEventListener("change", function () {
      loaded.then(function () {
        state.openNow = openNowBox.checked;
        state.limit = config.window;
        update();
      });
    });
    moreButton.addEventListener("click", function () {
      var before = state.limit;
      state.limit += config.window;
      update().then(function (shown) {
        if (shown && shown[before]) {
          var node = nodes[shown[before].id];
          node.setAttribute("tabindex", "-1");
          node.focus();
        }
      });
    });
    /* From the home page's "Find the nearest Safe Place": ask for the position at once. */
    if (/(?:^|[?&])locate=1(?:&|$)/.test(window.location.search)) {
      if (window.history && history.replaceState) {
        history.replaceState(null, "", window.location.pathname + window.location.hash);
      }
      locate();
    }
  }

  function start(data) {
    toModel(data);
    list.querySelectorAll(":scope > [data-id]").forEach(function (node) {
      var id = node.getAttribute("data-id");
      nodes[id] = node;  /* the server's card, used when its place is in the list */
      if (complete && !byId[id]) node.hidden = true;
      var hours = node.querySelector("details.place-hours");
      if (hours) hours.open = false;  /* compact cards: the status line leads, the week folds */
    });
    var pager = document.querySelector(".pages");
    if (pager) pager.hidden = true;
    mapSection.hidden = false;
    update();
    setInterval(update, 60000);  // "open now" stays true as the minutes pass
    /* On paper every card shows its week: folded hours open for printing. */
    window.addEventListener("beforeprint", function () {
      list.parentNode.querySelectorAll("details.place-hours").forEach(function (d) { d.open = true; });
    });

    if ("IntersectionObserver" in window) {
      var watcher = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) {
          watcher.disconnect();
          loadMap();
        }
      }, { rootMargin: "200px" });
      watcher.observe(mapSection);
    } else {
      loadMap();
    }
    document.documentElement.setAttribute("data-find-ready", String(complete ? places.length : index.total));
  }

  loaded = getJson(config.data).then(start);
  SafePlace.ready = loaded;  /* for find-offline.js */
  loaded.catch(function (error) {
    /* The server-rendered list stays as it is: complete and usable; the controls go. */
    form.hidden = true;
    console.warn("Safe Place find page:", error.message);
  });
  wire();
})();
