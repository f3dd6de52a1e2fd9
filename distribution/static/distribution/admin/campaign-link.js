/* A campaign link's preset fills in its source and medium (the form does the same on save when they are empty). */
(function () {
    "use strict";
    document.addEventListener("change", function (event) {
        var select = event.target;
        if (!select.matches || !select.matches("select[data-campaign-link-preset]")) { return; }
        var option = select.options[select.selectedIndex];
        if (!option || !option.dataset.source) { return; }
        var form = select.form;
        ["source", "medium"].forEach(function (name) {
            var input = form.querySelector('input[name="' + name + '"]');
            if (input) { input.value = option.dataset[name]; }
        });
    });
})();
