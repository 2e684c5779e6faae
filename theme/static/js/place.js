/* A place's page (theme/templates/place.html): "Open now" or "Closed", in the place's own time
   zone whatever the device's, from the week and the special days the build published. Nothing
   is said outside those days. */
(function () {
  "use strict";
  var node = document.getElementById("place-hours");
  var out = document.getElementById("place-status");
  if (!node || !out || !window.Intl) return;
  var data;
  try { data = JSON.parse(node.textContent); } catch (e) { return; }
  var parts = {};
  try {
    new Intl.DateTimeFormat("en-CA", {
      timeZone: data.tz, year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
  } catch (e) { return; }
  var day = parts.year + "-" + parts.month + "-" + parts.day;
  if (day < data.from || day > data.to) return;
  var minute = (+parts.hour % 24) * 60 + +parts.minute;
  var spans = data.days[day];
  if (!spans) {
    var weekday = (new Date(Date.UTC(+parts.year, +parts.month - 1, +parts.day)).getUTCDay() + 6) % 7;
    var lo = weekday * 1440;
    spans = data.week.filter(function (s) { return s[0] < lo + 1440 && s[1] > lo; })
      .map(function (s) { return [Math.max(s[0], lo) - lo, Math.min(s[1], lo + 1440) - lo]; });
  }
  var open = spans.some(function (s) { return s[0] <= minute && minute < s[1]; });
  out.textContent = open ? data.t.open : data.t.closed;
  out.className = "place-status " + (open ? "is-open" : "is-closed");
  out.hidden = false;
}());
