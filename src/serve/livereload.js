// dossier serve: reload this page when the site is rebuilt. Injected only
// by `dossier serve`, never into a built site.
(function () {
  "use strict";
  var script = document.currentScript;
  var generation = script ? script.getAttribute("data-generation") : null;
  if (!window.EventSource || generation === null) {
    return;
  }
  var events = new EventSource("/__dossier/events");
  events.addEventListener("build", function (event) {
    if (event.data !== generation) {
      events.close();
      window.location.reload();
    }
  });
})();
