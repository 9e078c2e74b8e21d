/* dangwu admin: what the pages used to do in inline handlers, which the
   Content-Security-Policy refuses (dangwu_core/web/security.py).

   data-confirm="question"   a button (or link) goes on only when the question is confirmed;
   data-print                a button prints the page;
   data-model-action="name"  a bulk action of Flask-Admin's list ("With selected");
   data-inert                a link that only runs its script (Flask-Admin's filter names).
   Links to "javascript:..." (Flask-Admin's inert tabs and pager ends) do nothing. */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) { return; }

    var asking = target.closest("[data-confirm]");
    if (asking && asking.getAttribute("data-confirm")) {
      if (!window.confirm(asking.getAttribute("data-confirm"))) {
        event.preventDefault();
        event.stopImmediatePropagation();
        return;
      }
    }

    var printing = target.closest("[data-print]");
    if (printing) {
      event.preventDefault();
      window.print();
      return;
    }

    var action = target.closest("[data-model-action]");
    if (action) {
      event.preventDefault();
      if (window.modelActions) {
        window.modelActions.execute(action.getAttribute("data-model-action"));
      }
      return;
    }

    var link = target.closest("a[href]");
    if (link && (link.hasAttribute("data-inert") ||
                 /^\s*javascript:/i.test(link.getAttribute("href")))) {
      event.preventDefault();
    }
  }, true);
}());
