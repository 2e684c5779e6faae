/* Site-wide enhancements that every page shares.
 *
 * "Menu" on small screens (after the GOV.UK service navigation pattern): without JavaScript it
 * is a link to the full menu at the foot of the page; here it becomes a button that opens the
 * menu in the header, with aria-expanded saying whether it is open.
 *
 * The sticky top bar (the emergency call, Exit this page) must never hide what it scrolls to: its height
 * goes into --top-bar-height, which the stylesheet uses as the page's scroll padding.
 */
(function () {
  "use strict";
  var toggle = document.querySelector(".menu-toggle");
  var nav = document.getElementById("site-nav");
  if (toggle && nav) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "menu-toggle";
    button.textContent = toggle.textContent;
    button.setAttribute("aria-controls", "site-nav");
    button.setAttribute("aria-expanded", "false");
    toggle.parentNode.replaceChild(button, toggle);
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      nav.classList.toggle("is-open", open);
      if (open) {
        var first = nav.querySelector("a");
        if (first) first.focus();
      }
    });
    nav.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && nav.classList.contains("is-open")) {
        button.click();
        button.focus();
      }
    });
  }

  var bar = document.getElementById("top-bar");
  if (bar) {
    var measure = function () {
      document.documentElement.style.setProperty("--top-bar-height", (bar.offsetHeight + 8) + "px");
    };
    measure();
    if ("ResizeObserver" in window) new ResizeObserver(measure).observe(bar);
    else window.addEventListener("resize", measure);
  }
})();
