// runstrong's one script: rest timers, charts, the offline log queue and the service worker.
// Plain ES2020, no build step, loaded with `defer`; every page also works without it.
(() => {
  "use strict";

  const ROOT = (document.body && document.body.dataset.root) || "";
  const QUEUE_KEY = "runstrong.queue";
  const REQUESTED_WITH = { "X-Requested-With": "fetch" };

  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

  // ---------------------------------------------------------------- rest timer
  // <button type="button" class="rest-timer" data-rest="180">Rest 3 min</button>: a tap counts
  // down in the button, a second tap stops it; at 0 the phone vibrates and the label comes back.

  const timers = new WeakMap();

  const clock = (seconds) => {
    const s = Math.max(0, Math.ceil(seconds));
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  };

  const announcer = (button) => {
    // A polite live region beside the button: it says start, each whole minute and the end,
    // not every second (a screen reader would read nothing else).
    const next = button.nextElementSibling;
    if (next && next.classList.contains("rest-timer-status")) return next;
    const region = document.createElement("span");
    region.className = "rest-timer-status visually-hidden";
    region.setAttribute("aria-live", "polite");
    button.after(region);
    return region;
  };

  const stopTimer = (button, finished) => {
    const timer = timers.get(button);
    if (!timer) return;
    clearInterval(timer.interval);
    timers.delete(button);
    button.textContent = timer.label;
    button.setAttribute("aria-pressed", "false");
    button.classList.remove("running");
    announcer(button).textContent = finished ? "Rest over" : "Rest stopped";
    if (finished && typeof navigator.vibrate === "function") {
      navigator.vibrate([300, 150, 300]);
    }
  };

  const startTimer = (button) => {
    const rest = Number.parseInt(button.dataset.rest || "", 10);
    if (!Number.isFinite(rest) || rest <= 0) return;
    // Wall-clock end, not counted ticks: a phone throttles timers when the screen is off.
    const end = Date.now() + rest * 1000;
    const timer = { label: button.textContent, interval: 0, minute: Math.ceil(rest / 60) };
    const tick = () => {
      const left = (end - Date.now()) / 1000;
      if (left <= 0) {
        stopTimer(button, true);
        return;
      }
      button.textContent = clock(left);
      const minute = Math.ceil(left / 60);
      if (minute < timer.minute) {
        timer.minute = minute;
        announcer(button).textContent = `${plural(minute, "minute")} left`;
      }
    };
    timers.set(button, timer);
    button.setAttribute("aria-pressed", "true");
    button.classList.add("running");
    announcer(button).textContent = `Rest ${clock(rest)} started`;
    button.textContent = clock(rest);
    timer.interval = setInterval(tick, 250);
  };

  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element && event.target.closest("button.rest-timer");
    if (!button) return;
    event.preventDefault();
    if (timers.has(button)) stopTimer(button, false);
    else startTimer(button);
  });

  // -------------------------------------------------------------------- charts
  // <figure class="chart" data-chart="ID"> with <script type="application/json" id="ID">
  // {"title", "x": [unix seconds], "series": [{"label", "unit", "values": [number|null]}]}.

  const charts = new Map();

  const cssVar = (name, fallback) =>
    getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

  const chartSize = (figure) => {
    const width = Math.max(240, Math.floor(figure.clientWidth || 320));
    // A 16:9 chart, between 200 px (readable on a phone) and 360 px (a laptop's fold).
    const height = Math.round(Math.min(360, Math.max(200, (width * 9) / 16)));
    return { width, height };
  };

  const chartOptions = (figure, spec) => {
    const text = cssVar("--text", "#1b1f24");
    const grid = cssVar("--chart-grid", "#d5dbe1");
    const colours = [1, 2, 3, 4].map((i) => cssVar(`--chart-${i}`, "#0b57a4"));
    const units = [...new Set(spec.series.map((s) => s.unit || ""))];
    const scales = { x: { time: true } };
    if (spec.x.length === 1) {
      // One point alone: half a week either side. uPlot widens it by 86400 / ms, which with
      // unix seconds (ms = 0.001) is 1000 days: the point sat at the left of three empty years.
      const halfWeek = 3.5 * 86400;
      scales.x.range = () => [spec.x[0] - halfWeek, spec.x[0] + halfWeek];
    }
    units.forEach((unit) => {
      scales[unit || "_"] = { auto: true };
    });
    const axes = [{ stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } }];
    units.slice(0, 2).forEach((unit, i) => {
      axes.push({
        scale: unit || "_",
        side: i === 0 ? 3 : 1,
        label: unit,
        stroke: text,
        grid: { show: i === 0, stroke: grid, width: 1 },
        ticks: { stroke: grid },
      });
    });
    const series = [{ label: "Date" }].concat(
      spec.series.map((s, i) => ({
        label: s.unit ? `${s.label} (${s.unit})` : s.label,
        scale: s.unit || "_",
        stroke: colours[i % colours.length],
        width: 2,
        spanGaps: true,
        points: { show: true, size: 6 },
        value: (_u, v) => (v == null ? "–" : `${v}${s.unit ? ` ${s.unit}` : ""}`),
      })),
    );
    return { title: spec.title, ...chartSize(figure), scales, axes, series };
  };

  const drawChart = (figure) => {
    const source = document.getElementById(figure.dataset.chart || "");
    if (!source || typeof window.uPlot !== "function") return;
    let spec;
    try {
      spec = JSON.parse(source.textContent || "");
    } catch (error) {
      console.warn("runstrong: chart data is not JSON", figure.dataset.chart, error);
      return;
    }
    if (!spec || !Array.isArray(spec.x) || !Array.isArray(spec.series)) return;
    const old = charts.get(figure);
    if (old) old.destroy();
    const data = [spec.x].concat(spec.series.map((s) => s.values));
    const plot = new window.uPlot(chartOptions(figure, spec), data, figure);
    // The table beside the figure holds the same numbers for a screen reader.
    plot.root.setAttribute("aria-hidden", "true");
    charts.set(figure, plot);
  };

  const drawCharts = (root) => {
    root.querySelectorAll("figure.chart[data-chart]").forEach(drawChart);
  };

  let resizeFrame = 0;
  window.addEventListener("resize", () => {
    cancelAnimationFrame(resizeFrame);
    resizeFrame = requestAnimationFrame(() => {
      charts.forEach((plot, figure) => {
        if (figure.isConnected) plot.setSize(chartSize(figure));
        else {
          plot.destroy();
          charts.delete(figure);
        }
      });
    });
  });
  // Colours come from the stylesheet: redraw when the system turns dark or light.
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => {
    charts.forEach((_plot, figure) => drawChart(figure));
  });

  // --------------------------------------------------------- offline log queue
  // <form class="log-form" data-offline method="post" action="..."> with hidden client_id and
  // csrf. Offline (or when the POST cannot reach the server) the log waits in localStorage,
  // keyed by its client_id, and is sent on `online` and on every page load.

  const status = () => document.getElementById("sync-status");

  const say = (message) => {
    const element = status();
    if (element) element.textContent = message;
  };

  const clientId = (entry) => {
    const field = entry.fields.find(([name]) => name === "client_id");
    return field ? field[1] : "";
  };

  const readQueue = () => {
    try {
      const queue = JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]");
      return Array.isArray(queue)
        ? queue.filter((e) => e && typeof e.action === "string" && Array.isArray(e.fields))
        : [];
    } catch {
      return [];
    }
  };

  const writeQueue = (queue) => {
    if (queue.length) localStorage.setItem(QUEUE_KEY, JSON.stringify(queue));
    else localStorage.removeItem(QUEUE_KEY);
  };

  const waiting = (count) => `${plural(count, "log")} waiting to sync`;

  const enqueue = (entry) => {
    // The same client_id replaces its earlier entry: a retry never makes a second log.
    const id = clientId(entry);
    const queue = readQueue().filter((e) => !id || clientId(e) !== id);
    queue.push(entry);
    writeQueue(queue);
    say(waiting(queue.length));
  };

  const formData = (form, submitter) => {
    // The pressed button's name=value too, where the browser can (FormData's second argument).
    try {
      return new FormData(form, submitter || undefined);
    } catch {
      return new FormData(form);
    }
  };

  const formEntry = (form, submitter) => ({
    action: new URL(form.getAttribute("action") || location.href, location.href).href,
    fields: [...formData(form, submitter).entries()]
      .filter(([, value]) => typeof value === "string")
      .map(([name, value]) => [name, value]),
    queued_at: new Date().toISOString(),
  });

  const post = (entry) =>
    fetch(entry.action, {
      method: "POST",
      credentials: "same-origin",
      headers: REQUESTED_WITH,
      body: new URLSearchParams(entry.fields),
    });

  // A sign-in page at the end of the redirects means the session ended: keep the log.
  const signedOut = (response) =>
    response.status === 401 ||
    (response.redirected && new URL(response.url).pathname === `${ROOT}/login`);

  const showPage = async (response) => {
    // The server's answer to a log sent by fetch: follow its redirect, or show its page's main.
    if (response.redirected) {
      location.assign(response.url);
      return;
    }
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const main = page.querySelector("main");
    const current = document.querySelector("main");
    if (!main || !current) {
      location.reload();
      return;
    }
    current.replaceWith(main);
    if (page.title) document.title = page.title;
    drawCharts(main);
    const focus = main.querySelector("[aria-invalid='true'], .flash, h1");
    if (focus) {
      if (!focus.hasAttribute("tabindex")) focus.setAttribute("tabindex", "-1");
      focus.focus();
    }
  };

  let syncing = false;

  const sync = async () => {
    if (syncing) return;
    const queue = readQueue();
    if (!queue.length) return;
    if (navigator.onLine === false) {
      say(waiting(queue.length));
      return;
    }
    syncing = true;
    let synced = 0;
    let refused = 0;
    let needsLogin = false;
    const done = new Set();
    try {
      for (const entry of queue) {
        let response;
        try {
          response = await post(entry);
        } catch {
          continue; // a network error: it stays for the next try
        }
        if (signedOut(response)) needsLogin = true;
        else if (response.status >= 500) continue;
        else {
          done.add(clientId(entry) || entry.queued_at);
          if (response.status >= 400) refused += 1;
          else synced += 1;
        }
      }
    } finally {
      // Read again: a log queued while this ran stays.
      const left = readQueue().filter((e) => !done.has(clientId(e) || e.queued_at));
      writeQueue(left);
      syncing = false;
      const parts = [];
      if (synced) parts.push(`Synced ${plural(synced, "log")}`);
      if (refused) parts.push(`${plural(refused, "log")} refused by the server`);
      if (left.length) {
        parts.push(waiting(left.length) + (needsLogin ? " (sign in to send them)" : ""));
      }
      say(parts.join(". "));
    }
  };

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.matches("form.log-form[data-offline]")) return;
    event.preventDefault();
    const entry = formEntry(form, event.submitter);
    if (navigator.onLine === false) {
      enqueue(entry);
      return;
    }
    const button = event.submitter;
    if (button) button.disabled = true;
    try {
      const response = await post(entry);
      if (response.status >= 500 || signedOut(response)) enqueue(entry);
      else await showPage(response);
    } catch {
      enqueue(entry); // the server could not be reached
    } finally {
      if (button && button.isConnected) button.disabled = false;
    }
  });

  window.addEventListener("online", () => {
    sync();
  });

  // ------------------------------------------------------------ service worker

  const registerWorker = () => {
    if (!("serviceWorker" in navigator)) return;
    const version = document.body.dataset.version;
    const url = `${ROOT}/sw.js${version ? `?v=${encodeURIComponent(version)}` : ""}`;
    navigator.serviceWorker.register(url, { scope: `${ROOT}/` }).catch((error) => {
      console.warn("runstrong: no offline support", error);
    });
  };

  // -------------------------------------------------------------------- start

  const start = () => {
    drawCharts(document);
    const queued = readQueue().length;
    if (queued) say(waiting(queued));
    sync();
    registerWorker();
  };

  document.addEventListener("htmx:afterSettle", (event) => {
    if (event.target instanceof Element) drawCharts(event.target);
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
