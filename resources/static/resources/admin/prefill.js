/* Resource editor: pasting a URL fills in the empty title, description and favicon fields. */
(function () {
    "use strict";
    var script = document.currentScript;
    var endpoint = script && script.getAttribute("data-prefill-url");
    var form = null;
    var lastUrl = "";

    // The editor's own form only: the admin page has a <meta name="description"> of its own.
    function field(name) {
        var found = form && form.elements.namedItem(name);
        return found && found.tagName ? found : null;
    }

    function setIfEmpty(input, value) {
        if (input && value && !input.value.trim()) {
            input.value = value;
            input.dispatchEvent(new Event("input", { bubbles: true }));
            input.dispatchEvent(new Event("change", { bubbles: true }));
            return true;
        }
        return false;
    }

    function say(input, text, kind) {
        var note = document.getElementById("resource-prefill-status");
        if (!note) {
            note = document.createElement("p");
            note.id = "resource-prefill-status";
            note.setAttribute("role", "status");
            input.insertAdjacentElement("afterend", note);
        }
        note.className = "help-block " + (kind === "error" ? "help-warning" : "help-info");
        note.textContent = text;
    }

    function prefill(input) {
        var url = input.value.trim();
        // Pasting, then leaving the field, would otherwise look the same address up twice.
        if (!endpoint || !/^https?:\/\//i.test(url) || url === lastUrl) { return; }
        lastUrl = url;
        say(input, "Looking up " + url + "…", "info");
        fetch(endpoint + "?url=" + encodeURIComponent(url), { credentials: "same-origin", headers: { "Accept": "application/json" } })
            .then(function (response) {
                return response.json().catch(function () {
                    throw new Error("The admin answered with an error (" + response.status + ").");
                });
            })
            .then(function (data) {
                if (!data.ok) {
                    say(input, "Couldn't fill in the details: " + (data.error || "unknown error") + " Type them in yourself.", "error");
                    return;
                }
                var filled = [["title", "title"], ["description", "description"], ["favicon_url", "icon"]]
                    .filter(function (pair) { return setIfEmpty(field(pair[0]), data[pair[0]]); })
                    .map(function (pair) { return pair[1]; });
                say(input, filled.length ? "Filled in the " + filled.join(", ") + " from the page. Check them before publishing."
                    : "The page had nothing to add: the fields are already filled in.", "info");
            })
            .catch(function (error) {
                say(input, "Couldn't fill in the details (" + (error.message || "no answer") + "). Type them in yourself.", "error");
            });
    }

    function init() {
        var input = document.querySelector('form [name="external_url"]');
        form = input && input.form;
        if (!input || !field("favicon_url")) { return; }
        input.addEventListener("change", function () { prefill(input); });
        input.addEventListener("paste", function () {
            window.setTimeout(function () { prefill(input); }, 0);
        });
    }

    if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
}());
