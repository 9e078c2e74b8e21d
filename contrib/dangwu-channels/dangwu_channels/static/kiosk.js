/* The e-screen kiosk: rotates through the slides, moves on a swipe, a tap or an arrow key,
   polls the slides with the browser's ETag revalidation (a 304 while nothing changed) and,
   when the network drops, keeps showing the last copy (also kept in localStorage, so that a
   reload that reaches the server with a failing poll still has it). No other origin. */
(function () {
  "use strict";
  var root, slides = [], index = 0, timer = null, key;

  function show(i) {
    if (!slides.length) { return; }
    index = (i + slides.length) % slides.length;
    slides.forEach(function (s, n) { s.classList.toggle("is-active", n === index); });
    root.dataset.active = String(index);
    var position = document.getElementById("dw-kiosk-position");
    if (position) { position.textContent = (index + 1) + " / " + slides.length; }
  }

  function restart() {
    if (timer) { clearInterval(timer); }
    timer = setInterval(function () { show(index + 1); }, Number(root.dataset.interval));
  }

  function move(step) { show(index + step); restart(); }

  function adopt(html) {
    var current = slides[index] && slides[index].dataset.disclosure;
    root.innerHTML = html;
    slides = Array.prototype.slice.call(root.querySelectorAll(".dw-slide"));
    var again = slides.findIndex(function (s) { return s.dataset.disclosure === current; });
    show(again >= 0 ? again : 0);
  }

  function offline(on) {
    var status = document.getElementById("dw-kiosk-status");
    if (status) { status.hidden = !on; }
    document.body.classList.toggle("is-offline", on);
  }

  function poll() {
    fetch(root.dataset.slidesUrl, { cache: "no-cache", credentials: "omit" })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) {
        offline(false);
        try { localStorage.setItem(key, html); } catch (e) { /* full or disabled */ }
        if (html !== root.dataset.copy) { root.dataset.copy = html; adopt(html); }
      })
      .catch(function () { offline(true); });
  }

  function touch() {
    var startX = null;
    root.addEventListener("pointerdown", function (e) { startX = e.clientX; });
    root.addEventListener("pointerup", function (e) {
      if (startX === null) { return; }
      var dx = e.clientX - startX;
      startX = null;
      if (Math.abs(dx) > 50) { move(dx < 0 ? 1 : -1); return; }
      var box = root.getBoundingClientRect();
      move(e.clientX - box.left < box.width / 3 ? -1 : 1);
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "ArrowRight" || e.key === " ") { move(1); }
      if (e.key === "ArrowLeft") { move(-1); }
    });
    document.getElementById("dw-kiosk-next").addEventListener("click", function () { move(1); });
    document.getElementById("dw-kiosk-prev").addEventListener("click", function () { move(-1); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    root = document.getElementById("dw-kiosk");
    key = "dangwu-kiosk:" + root.dataset.slidesUrl;
    slides = Array.prototype.slice.call(root.querySelectorAll(".dw-slide"));
    root.dataset.copy = "";
    show(0);
    restart();
    touch();
    setInterval(poll, Number(root.dataset.poll));
  });
}());
