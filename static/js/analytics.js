// Cookie-free analytics (analytics/ in the repository): one beacon per page view, goal and
// site search, to this site's collector and, when Site settings name one, to a
// Plausible-compatible endpoint. No cookie, no storage, no identifier: the collector counts.
// Nothing is sent when the browser asks not to be tracked (Global Privacy Control, Do Not
// Track). How a page fires a goal: analytics/goals.py.
(function () {
  "use strict";
  var script = document.currentScript;
  var nav = navigator;
  if (!script || nav.globalPrivacyControl === true || nav.doNotTrack === "1" || window.doNotTrack === "1") {
    return;
  }
  var collector = script.getAttribute("data-collect");
  var endpoint = script.getAttribute("data-endpoint");
  var path = location.pathname;
  var referrer = "";
  try {
    // Only where the visitor came from: the referrer's scheme and host, never its path.
    var from = new URL(document.referrer);
    referrer = from.protocol + "//" + from.host + "/";
  } catch (error) {
    referrer = "";
  }

  function post(url, body) {
    try {
      if (nav.sendBeacon && nav.sendBeacon(url, body)) {
        return;
      }
    } catch (error) {
      // Fall back to fetch below.
    }
    if (window.fetch) {
      fetch(url, { method: "POST", body: body, keepalive: true, credentials: "omit" }).catch(function () {});
    }
  }

  function postElsewhere(name) {
    // Plausible's events API, as its own script posts it: JSON sent as text/plain.
    var event = { name: name, url: location.href, domain: location.hostname, referrer: document.referrer || null };
    fetch(endpoint, {
      method: "POST",
      body: JSON.stringify(event),
      headers: { "Content-Type": "text/plain" },
      keepalive: true,
      credentials: "omit",
      mode: "no-cors"
    }).catch(function () {});
  }

  function send(fields, eventName) {
    if (collector) {
      post(collector, new URLSearchParams(fields));
    }
    if (endpoint && eventName && window.fetch) {
      postElsewhere(eventName);
    }
  }

  function goal(name) {
    send({ t: "goal", p: path, g: name }, name);
  }

  // The campaign, read here: the server drops utm_* before any page sees them, so that a
  // campaign link is served from the same cached page as the bare address.
  var query = new URLSearchParams(location.search);
  var width = window.innerWidth || document.documentElement.clientWidth;
  send({
    t: "pageview",
    p: path,
    r: referrer,
    us: query.get("utm_source") || "",
    um: query.get("utm_medium") || "",
    uc: query.get("utm_campaign") || "",
    d: width < 768 ? "mobile" : width < 1024 ? "tablet" : "desktop"
  }, "pageview");

  document.querySelectorAll("[data-goal-view]").forEach(function (element) {
    goal(element.getAttribute("data-goal-view"));
  });
  var search = document.querySelector("[data-search-term]");
  if (search) {
    send({ t: "search", q: search.getAttribute("data-search-term"), n: search.getAttribute("data-search-results") || "0" });
  }
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-goal]");
    if (form) {
      goal(form.getAttribute("data-goal"));
    }
  });
  document.addEventListener("click", function (event) {
    var element = event.target.closest && event.target.closest("[data-goal]");
    if (element && element.tagName !== "FORM") {
      goal(element.getAttribute("data-goal"));
    }
  });
})();
