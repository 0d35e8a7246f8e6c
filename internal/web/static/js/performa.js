// performa.js: the little script the pages need, in place of Bootstrap
// Italia's whole bundle (1 MB): the main menu that folds on small screens
// (Bootstrap Italia's navbarcollapsible: the same classes, so its CSS
// draws it). Everything else on the pages works without script.
(function () {
  "use strict";
  var focusable = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

  function setUp(toggle) {
    var menu = document.querySelector(toggle.getAttribute("data-bs-target"));
    if (!menu) return;
    var main = document.querySelector("main");
    var backdrop = null;
    var open = false;
    if (!menu.getAttribute("tabindex")) menu.setAttribute("tabindex", "-1");

    function items() {
      return Array.prototype.filter.call(menu.querySelectorAll(focusable), function (el) {
        return el.offsetParent !== null;
      });
    }

    function show() {
      if (open) return;
      open = true;
      document.body.classList.add("navbar-open");
      backdrop = document.createElement("div");
      backdrop.className = "navbar-backdrop fade";
      backdrop.addEventListener("click", hide);
      menu.parentNode.appendChild(backdrop);
      menu.style.display = "block";
      if (!menu.getAttribute("aria-label") && !menu.getAttribute("aria-labelledby")) menu.setAttribute("aria-label", "Menu");
      menu.setAttribute("aria-modal", "true");
      menu.setAttribute("role", "dialog");
      if (main && !main.contains(menu)) main.setAttribute("inert", "");
      void menu.offsetHeight; // reflow, so the transition runs
      menu.classList.add("expanded");
      backdrop.classList.add("show");
      toggle.setAttribute("aria-expanded", "true");
      var first = items()[0];
      (first || menu).focus();
    }

    function hide() {
      if (!open) return;
      open = false;
      menu.classList.remove("expanded");
      toggle.setAttribute("aria-expanded", "false");
      if (backdrop) {
        backdrop.remove();
        backdrop = null;
      }
      if (main) main.removeAttribute("inert");
      setTimeout(function () {
        if (open) return;
        menu.style.display = "";
        menu.removeAttribute("aria-modal");
        menu.removeAttribute("role");
        document.body.classList.remove("navbar-open");
      }, 300);
      toggle.focus();
    }

    toggle.addEventListener("click", function (e) {
      e.preventDefault();
      open ? hide() : show();
    });
    Array.prototype.forEach.call(menu.querySelectorAll(".close-div button, .close-menu"), function (b) {
      b.addEventListener("click", function (e) {
        e.preventDefault();
        hide();
      });
    });
    var overlay = menu.querySelector(".overlay");
    if (overlay) overlay.addEventListener("click", hide);
    document.addEventListener("keydown", function (e) {
      if (!open) return;
      if (e.key === "Escape") {
        hide();
        return;
      }
      if (e.key !== "Tab") return;
      var list = items();
      if (!list.length) return;
      var first = list[0], last = list[list.length - 1];
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    });
    window.addEventListener("resize", function () {
      if (open && window.matchMedia("(min-width: 992px)").matches) hide();
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-bs-toggle="navbarcollapsible"]'), setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
