/* "Exit this page" (after the GOV.UK pattern): the button, or the Shift key pressed 3 times,
   replaces this site with a neutral one. The page is hidden at once; location.replace puts the
   neutral site in place of this page in the history, so Back does not return to it (pages of
   this site visited before it stay in the history: the privacy page says how to clear them).
   Without JavaScript the button is an ordinary link and still works. */
(function () {
  "use strict";
  var button = document.querySelector(".quick-exit-button");
  if (!button) return;
  var target = button.href;
  var presses = 0;
  var timer = null;
  var indicator = document.querySelector(".exit-presses");
  var hint = button.querySelector(".exit-hint");

  /* The Shift shortcut is only mentioned where a keyboard is likely (a mouse or trackpad). */
  if (hint && window.matchMedia && window.matchMedia("(hover: hover) and (pointer: fine)").matches) {
    hint.hidden = false;
  }

  function leave(event) {
    if (event) event.preventDefault();
    document.documentElement.setAttribute("data-exiting", "");
    document.title = "…";
    window.location.replace(target);
  }

  function show(count) {
    if (indicator) indicator.textContent = count ? new Array(count + 1).join("●") : "";
  }

  button.addEventListener("click", leave);
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") { presses = 0; show(0); return; }
    presses += 1;
    window.clearTimeout(timer);
    if (presses >= 3) { presses = 0; leave(); return; }
    show(presses);
    timer = window.setTimeout(function () { presses = 0; show(0); }, 5000);
  });
})();
