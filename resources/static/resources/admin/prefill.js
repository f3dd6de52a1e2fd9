/* Resource editor: pasting a URL fills in the empty title, description and favicon fields. */
(function () {
    "use strict";
    var script = document.currentScript;
    var endpoint = script && script.getAttribute("data-prefill-url");

    function field(name) { return document.querySelector('[name="' + name + '"]'); }

    function setIfEmpty(input, value) {
        if (input && value && !input.value.trim()) {
            input.value = value;
            input.dispatchEvent(new Event("input", { bubbles: true }));
            input.dispatchEvent(new Event("change", { bubbles: true }));
        }
    }

    function prefill(url) {
        if (!endpoint || !/^https?:\/\//i.test(url)) { return; }
        fetch(endpoint + "?url=" + encodeURIComponent(url), { credentials: "same-origin", headers: { "Accept": "application/json" } })
            .then(function (response) { return response.json(); })
            .then(function (data) {
                if (!data.ok) { return; }
                setIfEmpty(field("title"), data.title);
                setIfEmpty(field("description"), data.description);
                setIfEmpty(field("favicon_url"), data.favicon_url);
            })
            .catch(function () { /* the editor types the fields in themselves */ });
    }

    function init() {
        var input = field("external_url");
        if (!input || !field("favicon_url")) { return; }
        input.addEventListener("change", function () { prefill(input.value.trim()); });
        input.addEventListener("paste", function () {
            window.setTimeout(function () { prefill(input.value.trim()); }, 0);
        });
    }

    if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
}());
