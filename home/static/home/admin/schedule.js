// Wagtail's schedule dialog opens its date picker under the field, right over "Save schedule": an editor who typed a
// date and reached for the button clicked into the calendar instead (and picked another date). The picker closes once
// the field has a value typed or picked; clicking the field opens it again, for the time.
(() => {
  const FIELDS = "#schedule-publishing-dialog input[name=go_live_at], #schedule-publishing-dialog input[name=expire_at]";

  function closePicker(event) {
    const field = event.target;
    if (field instanceof HTMLInputElement && field.matches(FIELDS) && window.jQuery) {
      window.jQuery(field).datetimepicker("hide");
    }
  }

  document.addEventListener("input", closePicker);
  document.addEventListener("change", closePicker);
})();
