/* The directory works without this file; with it, filters update the list in place. */
(function () {
    "use strict";
    var form = document.querySelector("form[data-directory-form]");
    var results = document.querySelector("[data-directory-results]");
    if (!form || !results || !window.fetch || !window.history.pushState) { return; }

    var pending = null;

    function load(url, push) {
        if (pending) { pending.abort(); }
        pending = new AbortController();
        results.setAttribute("aria-busy", "true");
        return fetch(url, { headers: { "X-Requested-With": "fetch" }, credentials: "same-origin", signal: pending.signal })
            .then(function (response) {
                if (!response.ok && response.status !== 400) { throw new Error(response.status); }
                return response.text();
            })
            .then(function (html) {
                results.innerHTML = html;
                if (push) { window.history.pushState({ directory: true }, "", url); }
                syncForm(url);
            })
            .catch(function (error) {
                if (error.name !== "AbortError") { window.location.href = url; }
            })
            .then(function () { results.removeAttribute("aria-busy"); });
    }

    function urlFromForm() {
        var params = new URLSearchParams();
        new FormData(form).forEach(function (value, name) {
            if (value && !(name === "sort" && value === "featured")) { params.append(name, value); }
        });
        var query = params.toString();
        return form.action.split("?")[0] + (query ? "?" + query : "");
    }

    function syncForm(url) {
        var params = new URL(url, window.location.href).searchParams;
        Array.prototype.forEach.call(form.elements, function (element) {
            if (!element.name) { return; }
            if (element.tagName === "SELECT") {
                element.value = params.get(element.name) || (element.name === "sort" ? "featured" : "");
            } else if (element.type === "search" && document.activeElement !== element) {
                element.value = params.get(element.name) || "";
            }
        });
    }

    form.addEventListener("submit", function (event) {
        event.preventDefault();
        load(urlFromForm(), true);
    });
    form.addEventListener("change", function (event) {
        if (event.target.tagName === "SELECT") { load(urlFromForm(), true); }
    });
    var timer = null;
    form.addEventListener("input", function (event) {
        if (event.target.type !== "search") { return; }
        window.clearTimeout(timer);
        timer = window.setTimeout(function () { load(urlFromForm(), true); }, 300);
    });
    document.addEventListener("click", function (event) {
        var link = event.target.closest && event.target.closest("a[data-directory-link]");
        if (!link || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) { return; }
        event.preventDefault();
        load(link.href, true);
    });
    window.addEventListener("popstate", function () { load(window.location.href, false); });
}());
