// Live character counts under the search-result fields of the page editor
// (pages/widgets.py). They advise; they never stop a save.
window.wagtail.app.register(
  "character-count",
  class extends window.StimulusModule.Controller {
    static targets = ["output"];
    static values = { low: Number, high: Number, blank: String };

    connect() {
      this.update();
    }

    update() {
      const field = this.element.querySelector("input, textarea");
      // Code points, as Python's len() counts them, so the preview agrees.
      const count = Array.from(field.value.trim()).length;
      let text = this.blankValue;
      if (count > 0) {
        text = `${count} character${count === 1 ? "" : "s"}; aim for ${this.lowValue} to ${this.highValue}.`;
        if (count > this.highValue) {
          text += " Search results will cut it short.";
        }
      }
      this.outputTarget.textContent = text;
    }
  },
);
