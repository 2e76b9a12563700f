// "Sao chép": with a script and a clipboard, one tap copies the link or the
// short text; without them the fields stay there to select by hand.
(function () {
  if (!navigator.clipboard) return;
  document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.dataset.copy);
    var status = button.closest(".share").querySelector(".copied");
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(
        function () { status.textContent = "Đã sao chép."; },
        function () { field.select(); status.textContent = "Chưa sao chép được: chạm giữ vào ô để sao chép."; }
      );
    });
  });
})();
