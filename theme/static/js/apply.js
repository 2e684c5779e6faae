/* The application form, enhanced: check answers before sending and show problems the GOV.UK /
   USWDS way — an error summary at the top linking to each question, and a message beside each
   one. Without JavaScript the browser's own required-field checks still apply.
   An unanswered yes/no question is a missing answer ("Select yes or no"); a "no" that rules the
   place out is explained on its own, not as an error. With no form service (a mailto: form),
   a complete application is shown to copy, with the address, so a phone with no mail app is
   not a dead end. */
(function () {
  "use strict";
  var form = document.getElementById("apply-form");
  var summary = document.getElementById("error-summary");
  var configNode = document.getElementById("apply-config");
  if (!form || !summary || !configNode) return;
  var config = JSON.parse(configNode.textContent);
  var M = config.messages;
  form.noValidate = true;

  function labelOf(name) {
    var field = document.getElementById("field-" + name);
    var node = field && (field.querySelector("legend") || field.querySelector("label"));
    return node ? node.textContent.trim() : name;
  }
  function value(name) {
    var el = form.elements[name];
    if (!el) return "";
    if (el.type === "checkbox") return el.checked ? "yes" : "";
    return (el.value || "").trim();
  }
  function firstInput(name) {
    return document.getElementById(name) || form.querySelector("[name='" + name + "']");
  }

  function check() {
    var errors = [];
    function add(name, message) { errors.push({ name: name, message: message }); }
    var radios = ["organization_type", "applicant_role"];
    var yesNo = ["public_space", "staff_on_site"];
    Array.prototype.forEach.call(form.querySelectorAll("[required]"), function (el) {
      if (errors.some(function (e) { return e.name === el.name; })) return;
      if (value(el.name)) return;
      if (el.type === "checkbox") add(el.name, M.agree.replace("{label}", labelOf(el.name)));
      else if (yesNo.indexOf(el.name) >= 0) add(el.name, M.required_yes_no.replace("{label}", labelOf(el.name)));
      else if (radios.indexOf(el.name) >= 0) add(el.name, M[el.name] || M.required_choice.replace("{label}", labelOf(el.name)));
      else add(el.name, M.required.replace("{label}", labelOf(el.name)));
    });
    function bad(name) { return errors.some(function (e) { return e.name === name; }); }
    if (config.state && value("state") && value("state").toUpperCase() !== config.state && !bad("state")) add("state", M.state);
    var rule = config.postcode, zip = value("zip").replace(/\s+/g, "").toUpperCase();
    if (rule.space && zip.length > rule.space) zip = zip.slice(0, rule.space) + " " + zip.slice(rule.space);
    if (value("zip") && !new RegExp("^(?:" + rule.pattern + ")$").test(zip) && !bad("zip")) add("zip", M.zip);
    if (value("email") && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value("email")) && !bad("email")) add("email", M.email);
    /* North American numbers are checked here in full; elsewhere a plausible number (the
       coordinator's intake checks it with the country's own rules). */
    var digits = value("phone").replace(/\D/g, "").replace(/^1(?=\d{10}$)/, "");
    var plausible = config.nanp ? /^[2-9]\d{2}[2-9]\d{6}$/.test(digits)
      : /^\+?[\d\s().\/-]+$/.test(value("phone")) && digits.length >= 6 && digits.length <= 15;
    if (value("phone") && !plausible && !bad("phone")) add("phone", M.phone);
    var order = Array.prototype.map.call(form.querySelectorAll("input"), function (el) { return el.name; });
    errors.sort(function (a, b) { return order.indexOf(a.name) - order.indexOf(b.name); });
    return errors;
  }

  function clear() {
    Array.prototype.forEach.call(form.querySelectorAll(".error-message"), function (p) { p.hidden = true; p.textContent = ""; });
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (el) { el.removeAttribute("aria-invalid"); });
    Array.prototype.forEach.call(form.querySelectorAll(".field-error"), function (el) { el.classList.remove("field-error"); });
  }

  function show(errors) {
    var list = summary.querySelector("ul");
    list.textContent = "";
    errors.forEach(function (error) {
      var target = firstInput(error.name) || firstInput(error.name + "-yes");
      var radio = form.querySelector("[name='" + error.name + "']");
      var id = radio && radio.id ? radio.id : error.name;
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + id;
      link.textContent = error.message;
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var field = document.getElementById("field-" + error.name);
        if (field) field.scrollIntoView();
        document.getElementById(id).focus();
      });
      item.appendChild(link);
      list.appendChild(item);
      var message = document.getElementById(error.name + "-error");
      if (message) { message.textContent = error.message; message.hidden = false; }
      var field = document.getElementById("field-" + error.name);
      if (field) field.classList.add("field-error");
      Array.prototype.forEach.call(form.querySelectorAll("[name='" + error.name + "']"), function (el) {
        el.setAttribute("aria-invalid", "true");
        var described = (el.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        if (described.indexOf(error.name + "-error") < 0 && el.type !== "radio") {
          described.push(error.name + "-error");
          el.setAttribute("aria-describedby", described.join(" "));
        }
      });
      if (!target) return;
    });
    summary.hidden = false;
    summary.focus();
  }

  /* The answers that rule the place out ("no" to a public space or staff on site). */
  var ineligible = document.getElementById("ineligible");
  function ruledOut() {
    return ["public_space", "staff_on_site"].filter(function (name) { return value(name) === "no"; });
  }

  /* The application as plain text, one answer a line, as the e-mail form would send it. */
  function applicationText() {
    var lines = [], seen = {};
    Array.prototype.forEach.call(form.querySelectorAll("input"), function (el) {
      if (seen[el.name] || !el.name) return;
      seen[el.name] = true;
      lines.push(labelOf(el.name) + ": " + (el.type === "radio" ? radioLabel(el.name) : value(el.name)));
    });
    return lines.join("\n");
  }
  function radioLabel(name) {
    var checked = form.querySelector("[name='" + name + "']:checked");
    var label = checked && document.querySelector("label[for='" + checked.id + "']");
    return label ? label.textContent.trim() : "";
  }

  var done = document.getElementById("apply-done");
  function showDone() {
    var text = applicationText();
    document.getElementById("apply-done-text").value = text;
    document.getElementById("apply-done-mail").href = "mailto:" + config.email +
      "?subject=" + encodeURIComponent(config.subject) + "&body=" + encodeURIComponent(text);
    done.hidden = false;
    done.focus();
  }
  if (done) {
    document.getElementById("apply-done-copy").addEventListener("click", function () {
      var area = document.getElementById("apply-done-text");
      var status = document.getElementById("apply-done-status");
      function copied() { status.textContent = config.copied; }
      function failed() { area.focus(); area.select(); status.textContent = config.copy_failed; }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(area.value).then(copied, failed);
      } else {
        area.select();
        try { if (document.execCommand("copy")) copied(); else failed(); } catch (e) { failed(); }
      }
    });
  }

  form.addEventListener("submit", function (event) {
    clear();
    ineligible.hidden = true;
    if (done) done.hidden = true;
    var errors = check();
    var out = ruledOut();
    if (errors.length && !out.length) {
      event.preventDefault();
      show(errors);
      return;
    }
    summary.hidden = true;
    if (out.length) {  /* no use asking for the rest: say why, on its own */
      event.preventDefault();
      ["public_space", "staff_on_site"].forEach(function (name) {
        document.getElementById("ineligible-" + name).hidden = out.indexOf(name) < 0;
      });
      ineligible.hidden = false;
      ineligible.focus();
      return;
    }
    if (done && /^mailto:/i.test(form.getAttribute("action") || "")) {
      event.preventDefault();
      showDone();
    }
  });
})();
