/* Loads Segment's analytics.js from data-write-key without an inline snippet (strict CSP); queues early calls. */
(function () {
  var s = document.currentScript, key = s && s.dataset.writeKey;
  if (!key || window.analytics) return;
  var analytics = window.analytics = [];
  ["track", "page", "identify", "group", "alias", "ready", "reset"].forEach(function (method) {
    analytics[method] = function () {
      var args = Array.prototype.slice.call(arguments);
      args.unshift(method);
      analytics.push(args);
      return analytics;
    };
  });
  analytics._writeKey = key;
  analytics.SNIPPET_VERSION = "5.2.0";
  var script = document.createElement("script");
  script.async = true;
  script.src = "https://cdn.segment.com/analytics.js/v1/" + encodeURIComponent(key) + "/analytics.min.js";
  document.head.appendChild(script);
  analytics.page();
})();
