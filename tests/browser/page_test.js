// tests/browser/page_test.js: drives the page of `parley serve` in headless Chromium, as an analyst would:
// filters by dyad and code, reads the timeline, opens an event, codes a text. Usage: node page_test.js URL PNG
"use strict";
const puppeteer = require("puppeteer-core");

const [url, png] = process.argv.slice(2);
const fail = (msg) => { throw new Error(msg); };

(async () => {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    // root in a container has no user namespaces for Chromium's sandbox
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
  });
  try {
    const page = await browser.newPage();
    // the sanitizer build on a busy 2-core machine can take tens of seconds per request: wait long, fail late
    page.setDefaultTimeout(120000);
    await page.setViewport({ width: 1366, height: 900 });
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    page.on("requestfailed", (r) => errors.push("request failed: " + r.url()));
    await page.goto(url, { waitUntil: "networkidle0" });
    await page.waitForSelector("#timeline svg");

    // the filters, typed and submitted with Enter (the keyboard path)
    await page.click("input[name=dyad]");
    await page.keyboard.type("IRN:RUS");
    await page.click("input[name=code]");
    await page.keyboard.type("04");
    const mutual = await page.$eval("input[name=mutual]", (e) => e.checked);
    if (!mutual) fail("'either direction' should be checked by default");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("#page-info").textContent !== "" &&
      document.querySelector("#status").textContent === "");
    const bars = await page.$$eval("#timeline g.bar", (gs) => gs.map((g) => [g.dataset.period, +g.dataset.events,
      g.querySelectorAll("rect.q1").length]));
    console.log("timeline:", JSON.stringify(bars));
    for (const year of ["2012", "2016", "2017", "2024"]) {
      const b = bars.find((x) => x[0] === year);
      if (!b || b[1] < 1 || b[2] !== 1) fail(`the timeline lacks the ${year} consultations (verbal cooperation)`);
    }
    if (bars.some((b) => !/^(2012|2016|2017|2024)$/.test(b[0]))) fail("the timeline shows other years: " + bars);
    const labels = await page.$$eval("#timeline text", (ts) => ts.map((t) => t.textContent));
    for (const year of ["2012", "2016", "2017", "2024"])
      if (!labels.includes(year)) fail(`no axis label ${year}`);

    // the table: every row is an IRN-RUS consultation
    const rows = await page.$$eval("#events tbody tr", (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    if (rows.length < 4) fail("expected at least 4 event rows, got " + rows.length);
    for (const r of rows) {
      if (!r[2].startsWith("04")) fail("row with code " + r[2]);
      const pair = [r[1].slice(0, 3), r[3].slice(0, 3)].sort().join(":");
      if (pair !== "IRN:RUS") fail("row with dyad " + r[1] + ":" + r[3]);
    }

    // click an event: its sentence with source, verb and target highlighted, and the rules that fired
    await page.click("#events tbody tr:nth-child(1)");
    await page.waitForSelector("#event-view:not([hidden]) #event-sentence mark.source");
    const view = await page.$eval("#event-view", (v) => ({
      source: [...v.querySelectorAll("mark.source")].map((m) => m.textContent).join(" "),
      target: [...v.querySelectorAll("mark.target")].map((m) => m.textContent).join(" "),
      verb: [...v.querySelectorAll("mark.verb")].map((m) => m.textContent).join(" "),
      sentence: v.querySelector("#event-sentence").textContent,
      explain: v.querySelector("#event-explain").textContent,
    }));
    console.log("event view:", JSON.stringify(view).slice(0, 400));
    if (!view.source || !view.target || !view.verb) fail("the sentence lacks a highlighted source, target or verb");
    if (!view.sentence.includes(view.source) || !view.sentence.includes(view.target)) fail("highlights outside the sentence");
    if (!/^sentence \d+:/.test(view.explain) || !view.explain.includes("event ")) fail("no explanation shown");

    // the keyboard opens the next event too
    await page.focus("#events tbody tr:nth-child(2)");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("#events tbody tr:nth-child(2)").getAttribute("aria-selected") === "true");

    // code this text
    await page.type("#code-text", "Iranian President Masoud Pezeshkian discussed the war in Syria with his Russian " +
      "counterpart, Vladimir Putin, on Monday.");
    await page.type("#code-form input[name=date]", "2024-12-02");
    await page.click("#code-run");
    await page.waitForSelector("#code-events li.coded");
    const coded = await page.$$eval("#code-events li.coded", (ls) => ls.map((l) => l.textContent));
    console.log("coded:", JSON.stringify(coded));
    if (!coded.some((t) => t.includes("IRNGOV") && t.includes("RUSGOV") && t.includes("04")))
      fail("the code box returned no IRNGOV-RUSGOV consultation");

    await page.screenshot({ path: png, fullPage: true });
    if (errors.length) fail("errors in the page: " + errors.join("; "));
    console.log("PASS: page test; screenshot " + png);
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.error("FAIL:", e.message);
  process.exit(1);
});
