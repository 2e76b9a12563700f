// The search page's autocomplete (templates/search/search.html): titles
// that complete what is being typed (/api/search/suggest/).
(function () {
  var input = document.getElementById("q-page"), list = document.getElementById("search-suggestions");
  if (!input || !window.fetch) return;
  input.setAttribute("list", "search-suggestions");
  var timer;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      if (input.value.trim().length < 2) return;
      fetch("/api/search/suggest/?q=" + encodeURIComponent(input.value))
        .then(function (r) { return r.json(); })
        .then(function (data) {
          list.replaceChildren.apply(list, data.suggestions.map(function (s) {
            var option = document.createElement("option");
            option.value = s.number || s.title;
            option.label = s.title;
            return option;
          }));
        }).catch(function () {});
    }, 150);
  });
})();
