/* "Exit this page" (after the GOV.UK pattern): the button, or the Shift key pressed 3 times,
   replaces this site with a neutral one. location.replace keeps this page out of the Back
   button's way; it does not clear history (the privacy page explains how to). Without
   JavaScript the button is an ordinary link and still works. */
(function () {
  "use strict";
  var button = document.querySelector(".quick-exit-button");
  if (!button) return;
  var target = button.href;
  var presses = 0;
  var timer = null;

  function leave(event) {
    if (event) event.preventDefault();
    document.documentElement.setAttribute("data-exiting", "");
    document.title = "…";
    window.location.replace(target);
  }

  button.addEventListener("click", leave);
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") { presses = 0; return; }
    presses += 1;
    window.clearTimeout(timer);
    if (presses >= 3) { presses = 0; leave(); return; }
    timer = window.setTimeout(function () { presses = 0; }, 5000);
  });
})();
