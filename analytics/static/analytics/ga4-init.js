/* Initialises Google Analytics 4 from data-measurement-id, so no inline script is needed under a strict CSP. */
(function () {
  var s = document.currentScript, id = s && s.dataset.measurementId;
  if (!id) return;
  window.dataLayer = window.dataLayer || [];
  window.gtag = function () { window.dataLayer.push(arguments); };
  window.gtag("js", new Date());
  window.gtag("config", id);
})();
