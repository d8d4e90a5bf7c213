// A job's page (web/templates/pages/job.html) follows the job in place:
// it asks /api/v1/jobs/{id} every second and moves the progress bar,
// instead of the whole-page refresh that runs without JavaScript (which
// sits in <noscript>, so the two never both run). When the job ends, the
// page loads once more to show the link to the file or the error.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) return;
  var api = box.getAttribute("data-job-api");
  var status = box.getAttribute("data-status");
  if (status !== "queued" && status !== "running") return;
  var bar = document.getElementById("job-progress");
  var text = document.getElementById("job-progress-text");
  var label = document.getElementById("job-status");
  var failures = 0;
  function poll() {
    fetch(api, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      })
      .then(function (j) {
        failures = 0;
        if (j.status !== "queued" && j.status !== "running") {
          window.location.reload();
          return;
        }
        if (bar) {
          if (j.total > 0) {
            bar.max = j.total;
            bar.value = j.done;
          } else {
            bar.removeAttribute("value");
          }
          bar.setAttribute("aria-valuetext", j.progress_text);
          bar.textContent = j.progress_text;
        }
        if (text) text.textContent = j.progress_text;
        if (label && label.textContent !== j.status_text) label.textContent = j.status_text;
        window.setTimeout(poll, 1000);
      })
      .catch(function () {
        // The page itself still works: after a few failures, reload it.
        if (++failures >= 3) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 2000);
        }
      });
  }
  window.setTimeout(poll, 1000);
})();
