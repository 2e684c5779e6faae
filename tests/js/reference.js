// opening_hours.js (npm "opening_hours", OpenStreetMap's reference reader) answers for the
// hours corpus test (tests/build/test_hours_reference.py).
//
// Reads one JSON object on stdin:
//   {"values": ["Mo-Fr 09:00-17:00", ...], "instants": [epoch milliseconds, ...],
//    "until": epoch milliseconds (the end of the published window),
//    "horizon": milliseconds (how far ahead to look for the next change)}
// and prints one JSON array, one entry per value: {"error": "..."} when opening_hours.js refuses
// it, else [[open (true/false), next change (epoch ms, or null when none before "until" or
// within "horizon")], ...]
// per instant ([null, null, "message"] where opening_hours.js fails at that instant). Run it with TZ set to the site's time zone: opening_hours.js reads local time.
// Public holidays are expanded into dates by the caller (the project's calendar), so no PH
// reaches this script and opening_hours.js's own holiday tables play no part.
"use strict";
const OpeningHours = require("opening_hours");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const request = JSON.parse(input);
  const until = new Date(request.until);
  const answers = request.values.map((value) => {
    let reader;
    try {
      reader = new OpeningHours(value, null, { mode: 0 });
    } catch (error) {
      return { error: String(error).split("\n")[0] };
    }
    return request.instants.map((ms) => {
      const at = new Date(ms);
      const last = new Date(Math.min(until.getTime(), ms + request.horizon));
      try {
        const open = reader.getState(at);
        // The next *change*: opening_hours.js also reports some midnights where nothing changes.
        let next = reader.getNextChange(at, last);
        for (let k = 0; next !== undefined && k < 20 && reader.getState(next) === open; k++) {
          next = reader.getNextChange(next, last);
        }
        return [open, next === undefined ? null : next.getTime()];
      } catch (error) {  // it throws strings too ("Fatal: infinite loop in nextChange")
        return [null, null, String(error).split("\n")[0]];
      }
    });
  });
  process.stdout.write(JSON.stringify(answers));
});
