/* /find/zip/<code>/ with JavaScript. The build lists the places nearest the postal code's
 * centre (pipeline/site/zippages.py), by distance alone: it cannot know when the page is read.
 * At the visit this shows each place's status and puts the list in the find page's order
 * (./order.js: open for the next half hour first, then open on a holiday the hours say nothing
 * about, closing soon, closed; nearest first within each, the Python twin's order), from the
 * same places.json; the heading names today's public holiday. Without JavaScript, or when the
 * data cannot be had, the page stays as the build wrote it.
 */
import { calendarOf, clockIn, fmt, holidayName, nowThere, rankOf, scheduleModels, statusOf } from "./hours.js";
import { matching } from "./order.js";

const configNode = document.getElementById("zip-config");
if (configNode) {
  const config = JSON.parse(configNode.textContent), base = configNode.getAttribute("data-base") || "";
  if (config.data) {
    fetch(base + config.data, { credentials: "same-origin" })
      .then((response) => {
        if (!response.ok) throw new Error("HTTP " + response.status + " for " + config.data);
        return response.json();
      })
      .then((data) => { arrange(config, data); })
      .catch((error) => { console.warn("Safe Place ZIP page:", error.message); });
  }
}

function arrange(config, data) {
  const list = document.querySelector(".find-list .places");
  if (!list) return;
  const f = {}, rows = Object.create(null);
  data.fields.forEach((name, i) => { f[name] = i; });
  data.places.forEach((row) => { rows[row[f.id]] = row; });
  const cal = calendarOf(data.calendar, data.holiday_names);
  const models = scheduleModels(data.schedules, data.exceptions, data.holiday_known);
  const items = Array.prototype.filter.call(list.children, (li) => li.hasAttribute("data-id"));
  const places = items.map((li, n) => {
    const row = rows[li.getAttribute("data-id")];
    if (!row) return null;
    const model = row[f.schedule] === null ? null : models[row[f.schedule]];
    return { node: li, order: n, lat: row[f.lat], lon: row[f.lon], haystack: "",
             schedule: model ? model.schedule : null, days: model ? model.days : null,
             exceptions: model ? model.exceptions : {}, holidayKnown: model ? model.holidayKnown : true };
  });
  if (places.some((p) => p === null)) return;  /* the data is not this page's: leave it */
  const now = nowThere(clockIn(config.tz), cal);
  const origin = { lat: config.origin[0], lon: config.origin[1] };
  matching(places, [], false, origin, (p) => rankOf(p, now, cal, config.soon)).forEach((p) => {
    const status = statusOf(p, now, cal, config.hours, config.soon);
    const line = p.node.querySelector(".place-status");
    if (line) {
      line.textContent = status.text;
      line.className = "place-status " + (status.closingSoon ? "is-closing" : status.open ? "is-open" : "is-closed");
      line.hidden = false;
    }
    list.appendChild(p.node);
  });
  const holiday = holidayName(now, cal), heading = document.getElementById("list-heading");
  if (holiday && heading && config.heading_holiday) {
    heading.textContent = fmt(config.heading_holiday, { heading: heading.textContent, holiday: holiday });
  }
}
