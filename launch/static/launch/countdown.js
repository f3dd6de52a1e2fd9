/* The waitlist's countdown: the page says the launch date (cached, the same for everyone); this adds the time left. */
(function () {
    "use strict";

    function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

    function left(ms) {
        if (ms <= 0) { return " (any moment now)"; }
        var minutes = Math.floor(ms / 60000);
        var days = Math.floor(minutes / 1440);
        var hours = Math.floor((minutes % 1440) / 60);
        var parts = [];
        if (days) { parts.push(plural(days, "day")); }
        if (days || hours) { parts.push(plural(hours, "hour")); }
        parts.push(plural(minutes % 60, "minute"));
        return " (in " + parts.join(", ") + ")";
    }

    document.querySelectorAll("[data-countdown]").forEach(function (box) {
        var time = box.querySelector("time");
        var out = box.querySelector("[data-countdown-left]");
        var at = Date.parse(time.getAttribute("datetime"));
        if (!out || isNaN(at)) { return; }
        function tick() { out.textContent = left(at - Date.now()); }
        tick();
        window.setInterval(tick, 30000);
    });
}());
