/* Copy buttons of the distribution screens: <button data-copy="text">. Works in the admin's pages and listings. */
(function () {
    "use strict";
    document.addEventListener("click", function (event) {
        var button = event.target.closest && event.target.closest("button[data-copy]");
        if (!button || !navigator.clipboard) { return; }
        event.preventDefault();
        var label = button.textContent;
        navigator.clipboard.writeText(button.dataset.copy).then(function () {
            button.textContent = "Copied";
            window.setTimeout(function () { button.textContent = label; }, 1500);
        }, function () {
            button.textContent = "Select and copy it by hand";
        });
    });
})();
