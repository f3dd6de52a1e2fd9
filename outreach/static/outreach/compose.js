// The compose screen: the "Open in my mail program" link and the word count follow what the editor types.
(function () {
  "use strict";
  const form = document.querySelector("[data-compose]");
  if (!form) return;
  const subject = form.querySelector("[name=subject]");
  const body = form.querySelector("[name=body]");
  const link = form.querySelector("[data-mailto]");
  const count = form.querySelector("[data-word-count]");
  const tooLong = form.querySelector("[data-too-long]");
  const hint = Number(form.querySelector("[data-words]").dataset.hint);

  function encode(text) {
    return encodeURIComponent(text).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
  }

  function update() {
    const words = body.value.trim() ? body.value.trim().split(/\s+/).length : 0;
    count.textContent = String(words);
    tooLong.hidden = words <= hint;
    if (link) {
      const text = body.value.replace(/\r\n|\r|\n/g, "\r\n");
      const to = encode(link.dataset.email || "").replace(/%40/g, "@");
      link.href = "mailto:" + to + "?subject=" + encode(subject.value) + "&body=" + encode(text);
    }
  }

  subject.addEventListener("input", update);
  body.addEventListener("input", update);
})();
