/* Cookieless page-view beacon for analytics.views.collect; honours DNT and GPC. */
(function (w, d, n) {
  var s = d.currentScript, u = s && s.dataset.endpoint, q = new URLSearchParams(w.location.search);
  if (!u || !n.sendBeacon || n.doNotTrack == "1" || w.doNotTrack == "1" || n.globalPrivacyControl) return;
  function send(name, target) {
    var b = {name: name, path: w.location.pathname, referrer: d.referrer};
    if (target) b.target = target;
    ["utm_source", "utm_medium", "utm_campaign"].forEach(function (k) { if (q.get(k)) b[k] = q.get(k).slice(0, 200); });
    n.sendBeacon(u, new Blob([JSON.stringify(b)], {type: "text/plain"}));
  }
  send("pageview");
  d.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("[data-resource-id],[data-share-channel]");
    if (a) a.dataset.resourceId ? send("resource_click", a.dataset.resourceId) : send("share_click", a.dataset.shareChannel);
  }, true);
})(window, document, navigator);
