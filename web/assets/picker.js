// Pickers (web/ui/picker.go): fills each picker's <datalist> with what the
// server suggests as the user types. The form works without this script:
// the server resolves the typed name on saving.
(function () {
  "use strict";
  function attach(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var url = input.getAttribute("data-suggest");
    if (!list || !url || !window.fetch || input.hasAttribute("data-picker")) return;
    input.setAttribute("data-picker", "on");
    var timer = null, last = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (q.length < 2 || q === last) return;
        last = q;
        fetch(url + "q=" + encodeURIComponent(q), { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (items) {
            if (input.value.trim() !== q) return;
            while (list.firstChild) list.removeChild(list.firstChild);
            items.forEach(function (p) {
              var o = document.createElement("option");
              o.value = p.value;
              o.label = p.label;
              o.textContent = p.label;
              list.appendChild(o);
            });
          })
          .catch(function () {});
      }, 200);
    });
  }
  document.querySelectorAll("input[data-suggest]").forEach(attach);
})();
