// Where this visit came from, for the contact form: the first page, its referrer and
// campaign (utm_ parameters, which only the browser sees: the server strips them for the
// page cache), the guides read, and the page whose call to action led to the form.
// Kept in sessionStorage, which ends with the tab: never a cookie, never localStorage.
// The server bounds every value (pages/lead_source.py); without this script the form
// still works, with these fields empty.
(() => {
  const KEY = "truvisory.visit";
  const GUIDES_KEPT = 10;
  const contactPath = document.currentScript?.dataset.contact || "/contact/";

  let storage;
  try {
    storage = window.sessionStorage;
  } catch {
    return; // storage switched off: the form goes without
  }

  function load() {
    try {
      const visit = JSON.parse(storage.getItem(KEY));
      return visit && Array.isArray(visit.guides) ? visit : null;
    } catch {
      return null;
    }
  }

  function save(visit) {
    try {
      storage.setItem(KEY, JSON.stringify(visit));
    } catch {
      // full or blocked: the lead still arrives, with less known
    }
  }

  function firstTouch() {
    const query = new URLSearchParams(window.location.search);
    let referrer = document.referrer;
    try {
      // A page of this site is no source: the visit began before this tab's storage.
      if (new URL(referrer).origin === window.location.origin) referrer = "";
    } catch {
      // not an address; the server decides
    }
    return {
      landing_page: window.location.pathname,
      referrer,
      utm_source: query.get("utm_source") || "",
      utm_medium: query.get("utm_medium") || "",
      utm_campaign: query.get("utm_campaign") || "",
      guides: [],
      cta_page: "",
    };
  }

  const visit = load() || firstTouch();
  if (document.body.hasAttribute("data-guide")) {
    const here = window.location.pathname;
    visit.guides = visit.guides.filter((path) => path !== here);
    visit.guides.push(here);
    visit.guides = visit.guides.slice(-GUIDES_KEPT);
  }
  save(visit);

  // A click on any link to the form (a call to action, the menu) remembers this page.
  function remember(event) {
    const link = event.target.closest && event.target.closest("a[href]");
    if (link && link.origin === window.location.origin && link.pathname === contactPath) {
      visit.cta_page = window.location.pathname;
      save(visit);
    }
  }
  document.addEventListener("click", remember);
  document.addEventListener("auxclick", remember);

  const form = document.querySelector("form[data-visit]");
  if (form) {
    const values = { ...visit, guides_read: visit.guides.join(" ") };
    for (const name of [
      "cta_page",
      "landing_page",
      "referrer",
      "utm_source",
      "utm_medium",
      "utm_campaign",
      "guides_read",
    ]) {
      const field = form.elements.namedItem(name);
      if (field && typeof values[name] === "string") field.value = values[name];
    }
  }
})();
