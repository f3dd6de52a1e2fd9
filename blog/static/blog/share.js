/* Share links on posts: progressive enhancement only. Without this file the links, the copyable field and the
   Mastodon form all still work. No third-party script is ever loaded. */
(function () {
    "use strict";

    function fallbackCopy(field) {
        field.focus();
        field.select();
        try { return document.execCommand("copy"); } catch (error) { return false; }
    }

    document.querySelectorAll("[data-copy-link]").forEach(function (button) {
        var item = button.closest(".share__copy");
        var field = item.querySelector("[data-copy-field]");
        var status = item.querySelector("[data-copy-status]");
        button.hidden = false;
        item.classList.add("is-enhanced");
        button.addEventListener("click", function () {
            var url = button.getAttribute("data-copy-link");
            function done(ok) {
                status.textContent = ok ? "Link copied" : "Press Ctrl+C (⌘C) to copy the selected link";
                if (!ok) { item.classList.remove("is-enhanced"); field.select(); }
            }
            if (navigator.clipboard && window.isSecureContext) {
                navigator.clipboard.writeText(url).then(function () { done(true); }, function () { done(fallbackCopy(field)); });
            } else {
                done(fallbackCopy(field));
            }
        });
    });

    // Remember the reader's Mastodon server on this device, so the next share is one click.
    var KEY = "launchkit.mastodon-instance";
    document.querySelectorAll("form[data-mastodon-form]").forEach(function (form) {
        var input = form.querySelector('input[name="instance"]');
        try { if (!input.value) { input.value = window.localStorage.getItem(KEY) || ""; } } catch (error) { /* storage off */ }
        form.addEventListener("submit", function () {
            try { window.localStorage.setItem(KEY, input.value.trim()); } catch (error) { /* storage off */ }
        });
    });
}());
