/* Progressive enhancement: every form works without this file. */
(function () {
    "use strict";

    var params = new URLSearchParams(window.location.search);
    var utm = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"];
    var externalReferrer = "";
    try {
        if (document.referrer && new URL(document.referrer).host !== window.location.host) {
            externalReferrer = document.referrer;
        }
    } catch (error) { /* an unparsable referrer is simply not recorded */ }

    function fill(form, name, value) {
        var input = form.querySelector('input[name="' + name + '"]');
        if (input && value && !input.value) { input.value = value.slice(0, 500); }
    }

    function show(form, message, ok) {
        var status = form.querySelector(".signup-form__status");
        status.textContent = message;
        status.classList.toggle("is-error", !ok);
        status.classList.toggle("is-success", ok);
    }

    // The page may come from a cache, so the "started" time comes from the server when a form is first seen or
    // touched; a form sent without one comes back asking to press Subscribe once more.
    function setStarted(form, value) {
        var input = form.querySelector('input[name="started"]');
        if (input && value) { input.value = value; }
    }

    function fetchStarted(form) {
        if (form.dataset.started || !window.fetch) { return; }
        form.dataset.started = "asked";
        fetch(form.dataset.tokenUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
            .then(function (response) { return response.json(); })
            .then(function (data) { setStarted(form, data.started); })
            .catch(function () { form.dataset.started = ""; });
    }

    var forms = document.querySelectorAll("form[data-signup-form]");
    var watcher = window.IntersectionObserver && new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
            if (entry.isIntersecting) { fetchStarted(entry.target); watcher.unobserve(entry.target); }
        });
    });

    forms.forEach(function (form) {
        utm.forEach(function (name) { fill(form, name, params.get(name)); });
        fill(form, "referrer", externalReferrer);
        fill(form, "ref", params.get("ref"));  // a referral link (/?ref=<code>): whose link brought the visitor
        if (watcher) { watcher.observe(form); }
        form.addEventListener("focusin", function () { fetchStarted(form); });

        form.addEventListener("submit", function (event) {
            if (!window.fetch || !window.FormData) { return; }
            event.preventDefault();
            var email = form.querySelector('input[name="email"]');
            var button = form.querySelector('button[type="submit"]');
            button.disabled = true;
            fetch(form.action, {
                method: "POST",
                body: new FormData(form),
                headers: { "Accept": "application/json" },
                credentials: "same-origin"
            }).then(function (response) {
                return response.json().catch(function () {
                    return { ok: false, errors: { __all__: ["Something went wrong. Please try again."] } };
                });
            }).then(function (data) {
                if (data.ok) {
                    show(form, data.message, true);
                    form.classList.add("is-done");
                    email.removeAttribute("aria-invalid");
                } else {
                    setStarted(form, data.started);
                    var errors = data.errors || {};
                    var first = (errors.email || errors.__all__ || ["Please check your address."])[0];
                    show(form, first, false);
                    email.setAttribute("aria-invalid", "true");
                    email.focus();
                }
            }).catch(function () {
                show(form, "We couldn't reach the server. Check your connection and try again.", false);
            }).then(function () { button.disabled = false; });
        });
    });
}());
