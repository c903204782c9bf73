// The workspace's only script: open and close a sub-criterion's detail row (the page works without it
// when a row is opened by its link: ?open=CODE).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("button.toggle").forEach(function (btn) {
    btn.addEventListener("click", function () {
      var row = document.getElementById(btn.dataset.target);
      if (row) { row.classList.toggle("hidden"); }
    });
  });
});
