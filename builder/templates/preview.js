(function () {
  "use strict";
  var entries = Array.prototype.slice.call(document.querySelectorAll("article.entry"));
  var box = document.getElementById("search");
  var kind = document.getElementById("kind");
  var source = document.getElementById("source");
  var tag = document.getElementById("tag");
  var backs = document.getElementById("hide-backs");
  var count = document.getElementById("count");
  var empty = document.getElementById("empty");
  var texts = entries.map(function (e) { return e.textContent.toLowerCase(); });
  function words(s) { return s ? s.split(" ") : []; }
  function update() {
    var terms = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    entries.forEach(function (e, i) {
      var ok = terms.every(function (t) { return texts[i].indexOf(t) !== -1; })
        && (!kind.value || e.dataset.kind === kind.value)
        && (!source.value || words(e.dataset.sources).indexOf(source.value) !== -1)
        && (!tag.value || words(e.dataset.tags).indexOf(tag.value) !== -1);
      e.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown + " of " + entries.length + " cards";
    empty.hidden = shown !== 0;
  }
  [box, kind, source, tag].forEach(function (el) { el.addEventListener("input", update); el.addEventListener("change", update); });
  backs.addEventListener("change", function () { document.body.classList.toggle("hide-backs", backs.checked); });
  update();
})();
