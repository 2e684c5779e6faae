/* The application form, enhanced: check answers before sending and show problems the GOV.UK /
   USWDS way — an error summary at the top linking to each question, and a message beside each
   one. Without JavaScript the browser's own required-field checks still apply. */
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
    var radios = ["organization_type", "public_space", "staff_on_site", "applicant_role"];
    Array.prototype.forEach.call(form.querySelectorAll("[required]"), function (el) {
      if (errors.some(function (e) { return e.name === el.name; })) return;
      if (value(el.name)) return;
      if (el.type === "checkbox") add(el.name, M.agree.replace("{label}", labelOf(el.name)));
      else if (radios.indexOf(el.name) >= 0) add(el.name, M[el.name] || M.required_choice.replace("{label}", labelOf(el.name)));
      else add(el.name, M.required.replace("{label}", labelOf(el.name)));
    });
    function bad(name) { return errors.some(function (e) { return e.name === name; }); }
    if (value("public_space") === "no") add("public_space", M.public_space);
    if (value("staff_on_site") === "no") add("staff_on_site", M.staff_on_site);
    if (value("state") && value("state").toUpperCase() !== config.state && !bad("state")) add("state", M.state);
    if (value("zip") && !/^\d{5}$/.test(value("zip")) && !bad("zip")) add("zip", M.zip);
    if (value("email") && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value("email")) && !bad("email")) add("email", M.email);
    var digits = value("phone").replace(/\D/g, "").replace(/^1(?=\d{10}$)/, "");
    if (value("phone") && !/^[2-9]\d{2}[2-9]\d{6}$/.test(digits) && !bad("phone")) add("phone", M.phone);
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

  form.addEventListener("submit", function (event) {
    clear();
    var errors = check();
    if (errors.length) {
      event.preventDefault();
      show(errors);
    } else {
      summary.hidden = true;
    }
  });
})();
