// dimona-talk: a little progressive enhancement; every page works without it.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Buttons only needed without JavaScript (e.g. "show the worker types of this committee").
  document.querySelectorAll(".js-hide").forEach(function (el) { el.hidden = true; });

  // The receipt: a print button, instead of the hint to use the browser's print command.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  document.querySelectorAll(".no-js-print").forEach(function (el) { el.hidden = true; });

  // Characteristics: the worker types of the committee chosen, and the agency block for 322.
  var committee = document.getElementById("f-jointCommissionNumber");
  var type = document.getElementById("f-workerType");
  var agency = document.querySelector("fieldset.agency");
  function filterTypes() {
    if (!committee || !type) { return; }
    var chosen = committee.value;
    Array.prototype.forEach.call(type.options, function (option) {
      if (!option.value) { return; }
      var allowed = !chosen || (" " + option.getAttribute("data-committees") + " ").indexOf(" " + chosen + " ") >= 0;
      option.hidden = !allowed;
      option.disabled = !allowed;
      if (!allowed && option.selected) { type.value = ""; }
    });
    if (agency) { agency.hidden = chosen !== agency.getAttribute("data-committee"); }
  }
  if (committee) { committee.addEventListener("change", filterTypes); filterTypes(); }

  // The worker: the NISS, or the identity form, as chosen.
  var modes = document.querySelectorAll("input[name=workerMode]");
  function showMode() {
    var chosen = document.querySelector("input[name=workerMode]:checked");
    document.querySelectorAll("fieldset.mode").forEach(function (set) {
      set.hidden = chosen !== null && set.getAttribute("data-mode") !== chosen.value;
    });
  }
  modes.forEach(function (radio) { radio.addEventListener("change", showMode); });
  if (modes.length) { showMode(); }

  // The first screen: the period number only for a change.
  var kinds = document.querySelectorAll("input[name=kind]");
  var change = document.querySelector(".for-change");
  function showPeriod() {
    var chosen = document.querySelector("input[name=kind]:checked");
    if (change) { change.hidden = !chosen || change.getAttribute("data-kinds").indexOf(chosen.value) < 0; }
  }
  kinds.forEach(function (radio) { radio.addEventListener("change", showPeriod); });
  if (kinds.length) { showPeriod(); }

  // A page with problems: focus their summary, so keyboard and screen-reader users hear it.
  var problems = document.getElementById("problems") || document.querySelector(".error");
  if (problems && problems.id === "problems") { problems.focus(); }

  // The SMS thread: show the latest message.
  var thread = document.querySelector(".thread");
  if (thread) { thread.scrollTop = thread.scrollHeight; }
})();
