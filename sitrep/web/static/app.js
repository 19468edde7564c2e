// sitrep dashboard: a single-page app in one ES module, with no dependencies and no build step.
//
// Served by `sitrep serve`, it fetches the JSON API and navigates with history.pushState.
// Inlined into the offline report (`sitrep report --html`), it reads the JSON in the page's
// script#data element and renders the brief, map, timeline and ACH matrix on one page,
// read-only. Document-derived text only ever enters the page through
// text nodes and attribute values, never as HTML.

const EMBEDDED = document.getElementById("data");
const DATA = EMBEDDED ? JSON.parse(EMBEDDED.textContent) : null;
const SVG_NS = "http://www.w3.org/2000/svg";
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAY_MS = 86400000;
const TOKEN_KEY = "sitrep-token";

// -- DOM helpers -------------------------------------------------------------------------

// Attributes are set with setAttribute and children appended as nodes or text nodes, so
// no string ever reaches the HTML parser.
function fill(node, attrs, children) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    node.setAttribute(key, value === true ? "" : String(value));
  }
  node.append(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false)
    .map((c) => (c instanceof Node ? c : String(c))));
  return node;
}

function h(tag, attrs, ...children) {
  return fill(document.createElement(tag), attrs, children);
}

function s(tag, attrs, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

function on(node, type, handler, options) {
  node.addEventListener(type, handler, options);
  return node;
}

function badge(text, cls = "") {
  return h("span", { class: `badge ${cls}`.trim() }, text);
}

function statusClass(status) {
  return String(status || "").replace(/\s+/g, "-");
}

// -- the vocabulary ----------------------------------------------------------------------

// The registry's kinds (labels, map shapes, colours), modalities and rating scale: the
// report carries them, the dashboard asks the API once.
const VOCABULARY = DATA ? DATA.vocabulary : await api("/api/vocabulary");

// Each kind's colour is the custom property --c of its class .k-KIND, and each rating's
// the background of its matrix cells; the rules are made here, from the registry, in a
// constructed style sheet (the page's CSP lets no inline style in).
function vocabularySheet(vocabulary) {
  const kinds = [...Object.entries(vocabulary.event_kinds), ...Object.entries(vocabulary.statement_kinds)];
  const rules = kinds.map(([name, kind]) => `.k-${name} { --c: ${kind.colour}; }`);
  for (const [name, rating] of Object.entries(vocabulary.ratings)) {
    if (rating.colour) rules.push(`.matrix .r-${name} { background: ${rating.colour}; }`);
  }
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(rules.join("\n"));
  return sheet;
}

document.adoptedStyleSheets = [...document.adoptedStyleSheets, vocabularySheet(VOCABULARY)];

function kindEntry(kind) {
  const { event_kinds: events, statement_kinds: statements } = VOCABULARY;
  return Object.hasOwn(events, kind) ? events[kind] : Object.hasOwn(statements, kind) ? statements[kind] : null;
}

// A kind the registry does not declare is drawn as "other".
function kindClass(kind) {
  return `k-${kindEntry(kind) ? kind : "other"}`;
}

function kindLabel(kind) {
  const entry = kindEntry(kind);
  return entry ? entry.label : human(kind);
}

function modalityMarker(modality) {
  return Object.hasOwn(VOCABULARY.modalities, modality) ? VOCABULARY.modalities[modality].marker : "solid";
}

function human(value) {
  return String(value || "").replace(/_/g, " ");
}

function fixed(value, digits = 2) {
  return typeof value === "number" ? value.toFixed(digits) : "";
}

function percent(value) {
  return typeof value === "number" ? `${Math.round(value * 100)}%` : "";
}

function joined(parts, separator = " · ") {
  return parts.filter((p) => p !== null && p !== undefined && p !== "").join(separator);
}

// "1 independent source", "3 independent sources"
function counted(n, noun) {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

// How many independent sources stand behind an item (copies of one story and one
// agency's wire count once), or nothing where the analysis does not say.
function independentSources(n, suffix = "") {
  return typeof n === "number"
    ? h("span", { class: "independent" }, `${counted(n, "independent source")}${suffix}`) : null;
}

// A side the analysis could not tell is said to be unknown, never left blank.
function sideLabel(side) {
  return side ? h("span", { class: "side-known" }, side) : h("span", { class: "side-unknown" }, "side unknown");
}

// -- data --------------------------------------------------------------------------------

// A server listening beyond loopback wants its token on every change. The address
// `sitrep serve` prints hands it over (/?token=...): the page keeps it for this tab and
// takes it out of the address bar and the history.
function keepToken() {
  const url = new URL(location.href);
  const token = url.searchParams.get("token");
  if (token === null) return;
  sessionStorage.setItem(TOKEN_KEY, token);
  url.searchParams.delete("token");
  history.replaceState(null, "", url.href);
}

// GET by default; `body`, when given, goes as JSON; a change carries the token if the page has one.
async function api(path, { method = "GET", body } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const token = method === "GET" ? null : sessionStorage.getItem(TOKEN_KEY);
  if (token) headers["X-Sitrep-Token"] = token;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) {
    let detail = response.statusText;
    try {
      const body = await response.json();
      detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail ?? body);
    } catch {
      // not JSON: keep the status text
    }
    throw new Error(`${path}: ${response.status} ${detail}`);
  }
  return response.json();
}

function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : "";
}

// -- citations ---------------------------------------------------------------------------

function docHref(docId, start, end) {
  const base = `/documents/${encodeURIComponent(docId)}`;
  return Number.isInteger(start) && Number.isInteger(end) ? `${base}#${start}-${end}` : base;
}

// A link to the cited span; in the offline report, which holds no documents, the label alone.
function citeLink(source, label) {
  const text = label || source.ref || source.doc_id;
  if (DATA || !source.doc_id) return h("span", { class: "cite", title: source.ref || "" }, text);
  return h("a", { class: "cite", href: docHref(source.doc_id, source.start, source.end),
    title: "open the sentence in its document" }, text);
}

// Where an item was read, as every output cites it: the publisher, the document's
// publication date (the one date cited everywhere; the item's own date shows as "reported
// for"), a link to the sentence and one to the article. `source` is a timeline item, a
// brief's "source" or a link with provenance.
function provenance(source) {
  const reported = source.reported_for && source.reported_for !== source.published
    ? `, reported for ${source.reported_for}` : "";
  return h("span", { class: "provenance" },
    `${joined([source.publisher || "unknown publisher", source.published || "undated"], ", ")}${reported} `,
    sentenceLink(source), " ", articleLink(source));
}

// Only web addresses become links: a document's metadata is data, not a place to run.
function webAddress(url) {
  return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
}

// The dashboard opens the sentence in its stored document; the offline report, which
// holds no documents, opens the article at the sentence (a text fragment).
function sentenceLink(source) {
  if (!DATA && source.doc_id) return citeLink(source);
  const href = webAddress(source.sentence_url);
  return href ? h("a", { class: "cite", href, target: "_blank", rel: "noopener noreferrer",
    title: "open the article at this sentence" }, source.ref) : h("span", { class: "cite" }, source.ref);
}

function articleLink(source) {
  const href = webAddress(source.url);
  if (href) {
    return h("a", { class: "article", href, target: "_blank", rel: "noopener noreferrer",
      title: source.title || href }, "article ↗");
  }
  return h("span", { class: "article muted", title: "read from a file" }, source.file || source.document || "");
}

// The brief cites "DOCNAME#ID" and gives each cited item's provenance beside it.
function briefCite(ref, source) {
  return source ? provenance(source) : h("span", { class: "cite" }, ref);
}

// -- navigation --------------------------------------------------------------------------

const main = document.getElementById("main");
const VIEWS = [
  [/^\/$/, overviewPage, "/"],
  [/^\/map$/, mapPage, "/map"],
  [/^\/timeline$/, timelinePage, "/timeline"],
  [/^\/claims$/, claimsPage, "/claims"],
  [/^\/indicators$/, indicatorsPage, "/indicators"],
  [/^\/ach$/, achPage, "/ach"],
  [/^\/documents\/([^/]+)$/, documentPage, "/search"],
  [/^\/search$/, searchPage, "/search"],
];
let renderCount = 0; // a slow answer for a page already left must not replace the new one
let onHashOnly = null; // the current view's handler for a change of the #fragment alone
let shownPath = null;

function viewFor(pathname) {
  for (const [pattern, view, nav] of VIEWS) {
    const match = pattern.exec(pathname);
    if (match) return { view, nav, args: match.slice(1).map(decodeURIComponent) };
  }
  return null;
}

async function route() {
  const here = location.pathname + location.search;
  if (here === shownPath && onHashOnly) {
    onHashOnly();
    return;
  }
  shownPath = here;
  onHashOnly = null;
  const found = viewFor(location.pathname);
  for (const link of document.querySelectorAll(".top nav a")) {
    link.classList.toggle("active", found !== null && link.getAttribute("href") === found.nav);
  }
  const count = ++renderCount;
  main.setAttribute("aria-busy", "true");
  main.replaceChildren(h("p", { class: "loading" }, "Loading…"));
  let content;
  try {
    content = found ? await found.view(...found.args) : h("p", { class: "error" }, "No such page.");
  } catch (error) {
    content = h("p", { class: "error" }, String(error.message || error));
  }
  if (count !== renderCount) return;
  main.replaceChildren(content);
  main.setAttribute("aria-busy", "false");
  const heading = main.querySelector("h1");
  document.title = heading ? `${heading.textContent} — sitrep` : "sitrep";
}

function navigate(url, { replace = false } = {}) {
  history[replace ? "replaceState" : "pushState"](null, "", url);
  route();
}

function interceptLinks() {
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[href]");
    if (!link || link.target || event.defaultPrevented || event.button !== 0
        || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin || !viewFor(url.pathname)) return;
    event.preventDefault();
    if (url.href !== location.href) navigate(url.href);
    else if (onHashOnly) onHashOnly();
  });
  window.addEventListener("popstate", route);
}

// -- overview: the brief -----------------------------------------------------------------

async function overviewPage() {
  const asOf = new URLSearchParams(location.search).get("as_of") || "";
  const brief = await api(`/api/brief${query({ as_of: asOf })}`);
  const picker = h("input", { type: "date", name: "as_of", value: asOf });
  const form = h("form", { class: "toolbar" },
    h("label", {}, "Replay the picture as of", picker),
    h("button", { type: "submit" }, "Show"),
    asOf ? h("a", { href: "/" }, "latest") : null);
  on(form, "submit", (event) => {
    event.preventDefault();
    navigate(`/${query({ as_of: picker.value })}`);
  });
  return renderBrief(brief, form);
}

// The brief, each citation with its provenance; `tools` go under the title.
function renderBrief(brief, tools = null) {
  const claims = new Map(brief.contradictions.map((record) => [record.claim, record.source]));
  const title = `SITREP: ${brief.case}`;
  const [first, last] = brief.published;
  const wrap = h("div", { class: "brief" },
    h("h1", {}, title, brief.as_of ? ` — as of ${brief.as_of}` : ""),
    tools,
    h("div", { class: "card" },
      h("p", { class: "lead bottom-line" }, brief.bottom_line),
      h("p", { class: "muted" }, `${brief.documents} documents`, first ? `, published ${first} to ${last}` : "",
        brief.documents ? ` — ${Object.entries(brief.publishers).map(([name, count]) => `${name} (${count})`).join(", ")}` : "")));
  wrap.append(section("What is new", renderChanges(brief.new, brief.ach?.evidence_count ? brief.ach.leader : null, claims)));
  wrap.append(section("Contradictions", renderBriefContradictions(brief.contradictions)));
  wrap.append(section("Tracks", renderBriefTracks(brief.tracks)));
  wrap.append(section("Indicators", renderBriefIndicators(brief.indicators)));
  wrap.append(section("Competing hypotheses", brief.ach ? renderAchSummary(brief.ach)
    : h("p", { class: "muted" }, "The case defines no hypotheses.")));
  wrap.append(section("Sources' claims", sourcesTable(brief.sources)));
  wrap.append(section("Key statements", renderStatements(brief.statements)));
  return wrap;
}

function section(title, ...content) {
  return h("section", {}, h("h2", {}, title), h("div", { class: "card" }, content));
}

function emptyNote(text) {
  return h("p", { class: "muted" }, text);
}

function renderChanges(changes, leader, claims) {
  if (!changes.previous_as_of) return emptyNote("First brief of this case: everything here is new.");
  const items = [h("li", {}, `Since the brief as of ${changes.previous_as_of}: `,
    `${changes.documents.length} new document(s)`,
    changes.documents.length ? ` (${changes.documents.slice(0, 10).join(", ")})` : "")];
  for (const cite of changes.contradictions) items.push(h("li", {}, "Newly contradicted: ", briefCite(cite, claims.get(cite))));
  for (const change of changes.indicators) {
    items.push(h("li", {}, `Indicator ${change.id}: `, badge(change.was, statusClass(change.was)), "→ ",
      badge(change.is, statusClass(change.is))));
  }
  if ((changes.leader_was || null) !== (leader || null)) {
    items.push(h("li", {}, `Leading hypothesis: ${changes.leader_was || "none"} → ${leader || "none"}`));
  }
  return h("ul", { class: "plain" }, items);
}

function renderBriefContradictions(records) {
  if (!records.length) return emptyNote("No claim is contradicted by the evidence.");
  return h("ul", { class: "plain" }, records.map((record) => h("li", { class: "contradiction" },
    h("p", { class: "why" }, record.why, " ", independentSources(record.sources, " against")),
    h("blockquote", {}, record.text, " ", briefCite(record.claim, record.source)),
    h("details", {}, h("summary", { class: "small muted" }, `${record.evidence.length} item(s) of evidence against`),
      h("ul", {}, record.evidence.map((e) => h("li", {},
        h("span", { class: "reason" }, `${e.reason}: `), `“${e.text}” `, briefCite(e.ref, e.source))))))));
}

function renderBriefTracks(tracks) {
  if (!tracks.length) return emptyNote("No unit or named system was placed twice.");
  return h("ul", { class: "plain" }, tracks.map((track) => h("li", { class: "track" },
    h("strong", {}, track.subject), " (", sideLabel(track.side), "): ", track.places.join(" → "),
    " ", independentSources(track.sources),
    track.withdrawals.length ? h("ul", { class: "small withdrawals" }, track.withdrawals.map((w) => withdrawalItem(w, track))) : null,
    h("ul", { class: "small" }, track.points.map((p) => h("li", {},
      `${p.date || "undated"} ${p.role}: ${p.place}`,
      typeof p.border_km === "number" ? ` (${p.inside ? "inside, " : ""}${Math.round(p.border_km)} km from the border)` : "",
      " ", briefCite(p.ref, p.source)))))));
}

// Whether a withdrawal on a track lasted, citing the report that undid it.
function withdrawalItem(withdrawal, track) {
  const said = `withdrawal to ${withdrawal.place} (${withdrawal.date || "undated"}): `;
  if (withdrawal.lasted) return h("li", { class: "lasted" }, said, "lasted (no later report back)");
  const undone = track.points.find((p) => p.ref === withdrawal.undone_by);
  return h("li", { class: "undone" }, said, h("strong", {}, "did not last"),
    undone ? [`: at ${undone.place} on ${undone.date || "an undated day"} `, briefCite(undone.ref, undone.source)]
      : withdrawal.undone_by ? [" ", h("span", { class: "cite" }, withdrawal.undone_by)] : null);
}

function renderBriefIndicators(indicators) {
  if (!indicators.length) return emptyNote("The case defines no indicators.");
  return h("table", {},
    h("thead", {}, h("tr", {}, h("th", {}, "status"), h("th", {}, "indicator"),
      h("th", { class: "num", title: "copies of one story or one agency's wire count once" }, "independent sources"),
      h("th", {}, "first seen"), h("th", {}, "last seen"))),
    h("tbody", {}, indicators.map((i) => h("tr", {},
      h("td", {}, badge(i.status, statusClass(i.status))), h("td", {}, i.name),
      h("td", { class: "num sources" }, i.sources, i.sources_against ? ` (${i.sources_against} against)` : ""),
      h("td", {}, i.first_seen || ""), h("td", {}, i.last_seen || "")))));
}

function renderStatements(statements) {
  if (!statements.length) return emptyNote("No statement extracted.");
  return h("ul", { class: "plain" }, statements.map((st) => h("li", {},
    h("strong", {}, st.speaker || ""),
    " ", badge(st.kind), h("br"), `“${st.text}” `, briefCite(st.ref, st.source))));
}

function sourcesTable(sources) {
  if (!sources.length) return emptyNote("No claims.");
  return h("table", { class: "sources" },
    h("thead", {}, h("tr", {}, h("th", {}, "source"), h("th", {}, "side"), h("th", { class: "num" }, "contradicted"),
      h("th", { class: "num" }, "confirmed"), h("th", { class: "num" }, "open"))),
    h("tbody", {}, sources.map((r) => h("tr", {}, h("td", {}, r.source), h("td", {}, r.side || ""),
      h("td", { class: "num" }, r.contradicted), h("td", { class: "num" }, r.confirmed),
      h("td", { class: "num" }, r.open)))));
}

// -- map ---------------------------------------------------------------------------------

// Marker shape by what kind of thing happened, colour by the kind itself, both from the
// registry; a kind it does not declare is drawn as "other".
function kindShape(kind) {
  const kinds = VOCABULARY.event_kinds;
  return (Object.hasOwn(kinds, kind) ? kinds[kind] : kinds.other).shape;
}

const TRACK_COLOURS = ["#1d5bb8", "#b8341d", "#6a3fb5", "#0f7a62", "#b5760f", "#b51d7a"];

// The latest located events a view of the map shows; zooming in shows the rest.
const MAP_EVENTS = 1000;

// The map opens on the latest events anywhere and the longest tracks, then asks for the
// events in the view on screen whenever it settles after a pan or zoom (the outlines and
// tracks it has already: a hundred tracks weigh a megabyte).
async function mapPage() {
  const inView = (bbox) => api(`/api/map${query({ bbox: bbox.join(","), events: MAP_EVENTS, tracks: "0", countries: "false" })}`);
  return h("div", {}, h("h1", {}, "Map"), renderMap(await api(`/api/map${query({ events: MAP_EVENTS })}`), inView));
}

// Web Mercator's inverse: the latitude at y.
function unprojectY(y) {
  return (Math.atan(Math.exp((-y * Math.PI) / 180)) * 360) / Math.PI - 90;
}

// What the map shows on screen as west, south, east, north in degrees.
function visibleBox(svg) {
  const ctm = svg.getScreenCTM();
  if (!ctm) return null;
  const frame = svg.getBoundingClientRect();
  const inverse = ctm.inverse();
  const [a, b] = [new DOMPoint(frame.left, frame.top), new DOMPoint(frame.right, frame.bottom)]
    .map((p) => p.matrixTransform(inverse));
  const lon = (x) => Math.max(-180, Math.min(180, x));
  const round = (v) => Math.round(v * 1e4) / 1e4;
  return [lon(a.x), unprojectY(b.y), lon(b.x), unprojectY(a.y)].map(round);
}

// Settling: a view asked for only once the pan or zoom has rested this long.
const VIEW_SETTLE_MS = 250;

// Web Mercator in degrees: x is the longitude, y grows southwards as SVG's does.
function project([lon, lat]) {
  const phi = (Math.max(-85, Math.min(85, lat)) * Math.PI) / 180;
  return [lon, (-Math.log(Math.tan(Math.PI / 4 + phi / 2)) * 180) / Math.PI];
}

function ringPath(ring) {
  return ring.map((coordinate, i) => {
    const [x, y] = project(coordinate);
    return `${i ? "L" : "M"}${x.toFixed(3)},${y.toFixed(3)}`;
  }).join("") + "Z";
}

function polygons(geometry) {
  if (!geometry) return [];
  if (geometry.type === "Polygon") return [geometry.coordinates];
  if (geometry.type === "MultiPolygon") return geometry.coordinates;
  return [];
}

function bounds(points) {
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of points) {
    box[0] = Math.min(box[0], x);
    box[1] = Math.min(box[1], y);
    box[2] = Math.max(box[2], x);
    box[3] = Math.max(box[3], y);
  }
  return box;
}

// Where to write a country's name: the centroid of its largest polygon's outer ring.
function labelPoint(geometry) {
  let best = null;
  for (const polygon of polygons(geometry)) {
    const ring = polygon[0].map(project);
    let area = 0;
    let cx = 0;
    let cy = 0;
    for (let i = 0; i < ring.length - 1; i++) {
      const [x0, y0] = ring[i];
      const [x1, y1] = ring[i + 1];
      const cross = x0 * y1 - x1 * y0;
      area += cross;
      cx += (x0 + x1) * cross;
      cy += (y0 + y1) * cross;
    }
    if (area && (!best || Math.abs(area) > best.area)) {
      const [minX, , maxX] = bounds(ring);
      best = { area: Math.abs(area), x: cx / (3 * area), y: cy / (3 * area), width: maxX - minX };
    }
  }
  return best;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// Median ± 3 robust standard deviations (1.4826 × the median absolute deviation).
function robustRange(values) {
  if (!values.length) return [0, 0];
  const centre = median(values);
  const spread = Math.max(1.4826 * median(values.map((v) => Math.abs(v - centre))), 2);
  return [centre - 3 * spread, centre + 3 * spread];
}

function markerShape(kind) {
  switch (kindShape(kind)) {
    case "triangle": return s("path", { class: "shape", d: "M0,-7L6.5,5L-6.5,5Z" });
    case "square": return s("rect", { class: "shape", x: -5, y: -5, width: 10, height: 10 });
    case "diamond": return s("path", { class: "shape", d: "M0,-7.5L7,0L0,7.5L-7,0Z" });
    default: return s("circle", { class: "shape", r: 5.5 });
  }
}

function markerClass(props) {
  const marker = modalityMarker(props.modality);
  return joined(["marker", kindClass(props.kind), marker === "hollow" ? "hollow" : "",
    marker === "faded" ? "faded" : "", props.negated ? "negated" : ""], " ");
}

function markerGlyph(props) {
  return [markerShape(props.kind), props.negated ? s("path", { class: "cross", d: "M-6,-6L6,6M6,-6L-6,6" }) : null];
}

// A button-like SVG element: click, Enter or Space.
function activate(node, handler) {
  on(node, "click", handler);
  return on(node, "keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      handler();
    }
  });
}

// `inView`, where given (the dashboard; not the offline report, which holds every event),
// answers the events in a box: they replace the markers once the view settles.
function renderMap(body, inView = null) {
  const countries = body.countries.features;
  const points = (answer) => answer.events.features.filter((f) => f.geometry.type === "Point");
  let events = points(body);
  const tracks = body.events.features.filter((f) => f.properties.layer === "track");
  const atRisk = countries.filter((c) => c.properties.at_risk);

  // Markers and labels keep their size on screen whatever the zoom: each is a "pin",
  // drawn at its point and scaled by the units per pixel whenever the view changes.
  const pins = [];
  const pin = (node, x, y, extra = {}) => {
    pins.push({ node, x, y, dx: 0, dy: 0, rotate: 0, ...extra });
    return node;
  };
  const panel = h("div", { class: "card panel" },
    h("p", { class: "muted" }, "Select a marker to read the sentence it came from."));
  let selected = null;
  const mark = (node) => {
    selected?.classList.remove("selected");
    selected = node;
    node.classList.add("selected");
  };
  const select = async (node, props) => {
    mark(node);
    panel.replaceChildren(eventPanel(await eventProps(props)));
  };
  // Several events at one spot, or located only as a whole country: listed in the panel.
  const list = (node, title, items) => {
    mark(node);
    panel.replaceChildren(h("h3", {}, title), h("ul", { class: "plain event-list" }, items.map((props) => {
      const open = h("button", { type: "button", class: "linklike" },
        joined([kindLabel(props.kind), props.modality, props.time_start || props.published]));
      on(open, "click", async () => panel.replaceChildren(eventPanel(await eventProps(props))));
      return h("li", {}, open, h("div", { class: "small" }, props.sentence || props.place || ""));
    })));
  };
  let zoom = null;
  const markerPin = (node, x, y, extra = {}) => pin(node, x, y, { ...extra, marker: true });
  const drawMarkers = () => mapMarkers(events, markerPin, select, list, (box) => zoom.fit(box));
  let markers = drawMarkers();
  const svg = s("svg", { class: "map", role: "group", "aria-label": "map of located events and tracks",
    preserveAspectRatio: "xMidYMid meet" },
  mapBackdrop(countries, pin), mapTracks(tracks, events, pin, select), markers.layer);
  const note = h("div", {}, mapNote(events, body.total.events, false));
  const legend = h("div", { class: "card legend" }, mapLegend(events, tracks, atRisk));
  let asked = 0; // the latest view asked for: an answer to an older one is dropped
  const redraw = async () => {
    const box = visibleBox(svg);
    if (!box) return;
    const ask = ++asked;
    const answer = await inView(box);
    if (ask !== asked) return;
    events = points(answer);
    const old = markers.layer;
    pins.splice(0, pins.length, ...pins.filter((p) => !p.marker));
    markers = drawMarkers();
    old.replaceWith(markers.layer);
    zoom.rescale();
    note.replaceChildren(mapNote(events, answer.total.events, true));
    legend.replaceChildren(mapLegend(events, tracks, atRisk));
  };
  let settling = null;
  const settled = inView ? () => {
    clearTimeout(settling);
    settling = setTimeout(redraw, VIEW_SETTLE_MS);
  } : null;
  zoom = panZoom(svg, fitView(events, tracks, countries), pins, (k) => markers.recluster(k), settled);
  const trackPoints = tracks.flatMap((t) => t.geometry.coordinates.map(project));
  const button = (label, title, action, cls) => on(h("button", { type: "button", title, "aria-label": title, class: cls }, label), "click", action);
  const frame = h("div", { class: "map-frame" }, svg, h("div", { class: "map-buttons" },
    button("+", "zoom in", () => zoom.by(1 / 1.5)),
    button("−", "zoom out", () => zoom.by(1.5)),
    button("fit", "back to the case's region", zoom.home, "wide"),
    trackPoints.length ? button("tracks", "show every track whole", () => zoom.fit(bounds(trackPoints)), "wide") : null));
  return h("div", { class: "map-layout" }, h("div", {}, frame, note),
    h("div", {}, panel, tracks.length ? h("div", { class: "card tracks-card" }, h("h3", {}, "Tracks"),
      trackList(tracks, (track) => zoom.fit(bounds(track.geometry.coordinates.map(project))))) : null,
    legend));
}

function mapNote(events, total, inView) {
  if (!total) return emptyNote("No located event yet.");
  if (inView) {
    if (!events.length) return emptyNote(`No located event in this view (${total} in all).`);
    return events.length >= MAP_EVENTS ? emptyNote(`The latest ${events.length} located events in this view (${total} in all); zoom in for the rest.`) : null;
  }
  return total > events.length ? emptyNote(`The latest ${events.length} of ${total} located events.`) : null;
}

// An event as the panel shows it: the offline report's markers carry their link and
// sentence, the API's only a ref, linked when opened (a thousand links weigh a megabyte).
async function eventProps(props) {
  if (props.sentence !== undefined || DATA || !props.item_id) return props;
  const item = await api(`/api/items/${encodeURIComponent(props.doc_id)}/${encodeURIComponent(props.item_id)}`);
  return { ...item, ...props, sentence: item.text };
}

// Each track in its colour: whose it is, where it went, how many independent sources
// place it, and where a withdrawal did not last; selecting one shows it whole.
function trackList(tracks, fit) {
  return h("ul", { class: "plain track-list" }, tracks.map((track, index) => {
    const show = h("button", { type: "button", class: "linklike", title: "show this track whole" }, track.properties.subject);
    on(show, "click", () => fit(track));
    return h("li", { "data-subject": track.properties.subject },
      legendIcon(s("path", { class: "track-line", stroke: TRACK_COLOURS[index % TRACK_COLOURS.length], d: "M-8,5L8,-5" })),
      show, trackFacts(track.properties));
  }));
}

function trackFacts(props) {
  const undone = props.withdrawals_undone || [];
  return h("div", { class: "small track-facts" },
    h("div", {}, sideLabel(props.side), " · ", (props.places || []).join(" → ")),
    h("div", {}, independentSources(props.sources)),
    undone.length ? h("ul", { class: "withdrawals" }, undone.map((place) => h("li", { class: "undone" },
      `withdrawal to ${place} did not last`))) : null);
}

// Sea, graticule, country outlines (the country at risk shaded) and their names.
function mapBackdrop(countries, pin) {
  const [x0, y0] = project([-180, 85]);
  const [x1, y1] = project([180, -85]);
  const graticule = [];
  for (let lon = -180; lon <= 180; lon += 10) graticule.push(`M${lon},${y0}V${y1}`);
  for (let lat = -80; lat <= 80; lat += 10) graticule.push(`M-180,${project([0, lat])[1].toFixed(3)}H180`);
  const land = s("g", { class: "countries" });
  const labels = s("g", { class: "country-labels" });
  for (const country of countries) {
    const d = polygons(country.geometry).map((polygon) => polygon.map(ringPath).join("")).join("");
    if (!d) continue;
    const cls = country.properties.at_risk ? "country at-risk" : "country";
    land.append(s("path", { class: cls, d }, s("title", {}, country.properties.name)));
    const point = labelPoint(country.geometry);
    if (point) {
      labels.append(pin(s("g", {}, s("text", { class: cls.replace("country", "country-label"), y: 4 },
        country.properties.name)), point.x, point.y, { minWidth: point.width }));
    }
  }
  return s("g", {}, s("rect", { class: "sea", x: x0 - 360, y: y0, width: x1 - x0 + 720, height: y1 - y0 }),
    s("path", { class: "graticule", d: graticule.join("") }), land, labels);
}

// Each track a line with arrows, a dot per point (opening the event that placed it
// there) and one dated label per place.
function mapTracks(tracks, events, pin, select) {
  const byRef = new Map(events.map((f) => [f.properties.ref, f.properties]));
  const layer = s("g", { class: "tracks" });
  tracks.forEach((track, index) => {
    const colour = TRACK_COLOURS[index % TRACK_COLOURS.length];
    const subject = track.properties.subject;
    const coordinates = track.geometry.coordinates.map(project);
    layer.append(s("path", { class: "track-line", stroke: colour,
      d: coordinates.map(([x, y], i) => `${i ? "L" : "M"}${x.toFixed(3)},${y.toFixed(3)}`).join("") },
    s("title", {}, `${subject} (${track.properties.side || "side unknown"})`)));
    for (let i = 1; i < coordinates.length; i++) {
      const [x0, y0] = coordinates[i - 1];
      const [x1, y1] = coordinates[i];
      if (x0 === x1 && y0 === y1) continue;
      layer.append(pin(s("path", { class: "track-arrow", fill: colour, d: "M6,0L-5,-5L-2,0L-5,5Z" }),
        (x0 + x1) / 2, (y0 + y1) / 2, { rotate: (Math.atan2(y1 - y0, x1 - x0) * 180) / Math.PI }));
    }
    const points = track.properties.points;
    let label = null; // consecutive points at one place share a label
    coordinates.forEach(([x, y], i) => {
      const point = points[i];
      const date = point.date || "undated";
      if (label && label.x === x && label.y === y) {
        if (!label.dates.includes(date)) label.dates.push(date);
      } else {
        label = { x, y, dates: [date], text: s("text", { class: "track-label", x: 7, y: -6 }) };
        layer.append(pin(s("g", {}, label.text), x, y));
      }
      label.text.textContent = joined([label.dates.join(", "), point.place], " ");
      const dot = s("circle", { class: i === coordinates.length - 1 ? "track-dot track-end" : "track-dot", r: 3.5, fill: colour, tabindex: 0, role: "button",
        "aria-label": `${subject} at ${point.place || "a place"}` },
      s("title", {}, joined([subject, point.place, point.date])));
      const open = async () => select(dot, { ...(byRef.get(point.ref) || await trackPointProps(point)), track: track.properties });
      layer.append(pin(activate(dot, open), x, y));
    });
  });
  return layer;
}

// A track point's event as the panel shows it: the offline report carries its link, the
// API names it by ref and links it when asked (every point's link would weigh megabytes).
async function trackPointProps(point) {
  const item = point.start === undefined && !DATA
    ? await api(`/api/items/${encodeURIComponent(point.doc_id)}/${encodeURIComponent(point.item_id)}`) : point;
  return { ...item, kind: item.kind || "track point", place: point.place, time_start: point.date, sentence: item.text };
}

// Markers closer on screen than this many pixels merge into one numbered cluster.
const CLUSTER_PX = 24;

// A marker per event located at a town, area or region, observed ones on top, merged
// into numbered clusters where they crowd at the current zoom (a cluster zooms in, or
// lists its events when they share one spot); events located only as a whole country
// get one boxed count per country, listed in the panel, not a pile on its centroid.
function mapMarkers(events, pin, select, list, fit) {
  const layer = s("g", { class: "markers" });
  const clusters = s("g", { class: "clusters" });
  const modalities = VOCABULARY.modalities;
  const order = (modality) => (Object.hasOwn(modalities, modality) ? modalities[modality].draw_order : 2);
  const sorted = [...events].sort((a, b) => order(a.properties.modality) - order(b.properties.modality));
  const placed = [];
  const byCountry = new Map();
  for (const feature of sorted) {
    const props = feature.properties;
    const [x, y] = project(feature.geometry.coordinates);
    if (props.place_kind === "country") {
      if (!byCountry.has(props.place)) byCountry.set(props.place, { x, y, items: [] });
      byCountry.get(props.place).items.push(props);
      continue;
    }
    const marker = s("g", { class: markerClass(props), tabindex: 0, role: "button",
      "data-ref": props.ref, "aria-label": `${kindLabel(props.kind)} at ${props.place || "a place"}` },
    markerGlyph(props),
    s("title", {}, joined([kindLabel(props.kind), props.modality, props.place, props.time_start])));
    layer.append(pin(activate(marker, () => select(marker, props)), x, y));
    placed.push({ node: marker, x, y, props });
  }
  for (const [name, group] of byCountry) {
    const count = group.items.length;
    const label = `${count} event(s) located only as ${name}`;
    const node = s("g", { class: "country-events", tabindex: 0, role: "button", "aria-label": label },
      s("rect", { x: -14, y: -10, width: 28, height: 20, rx: 4 }), s("text", { y: 4 }, String(count)),
      s("title", {}, label));
    layer.append(pin(activate(node, () => list(node, label, group.items)), group.x, group.y, { dy: 18 }));
  }
  const recluster = (k) => {
    const cells = new Map();
    for (const m of placed) {
      const key = `${Math.floor(m.x / (CLUSTER_PX * k))},${Math.floor(m.y / (CLUSTER_PX * k))}`;
      if (!cells.has(key)) cells.set(key, []);
      cells.get(key).push(m);
    }
    clusters.replaceChildren();
    for (const members of cells.values()) {
      members.forEach((m) => m.node.classList.toggle("clustered", members.length > 1));
      if (members.length > 1) clusters.append(clusterNode(members, k, list, fit));
    }
  };
  return { layer: s("g", {}, layer, clusters), recluster };
}

function clusterNode(members, k, list, fit) {
  const [minX, minY, maxX, maxY] = bounds(members.map((m) => [m.x, m.y]));
  const places = [...new Set(members.map((m) => m.props.place))];
  const label = `${members.length} events: ${places.slice(0, 4).join(", ")}${places.length > 4 ? "…" : ""}`;
  const node = s("g", { class: "cluster", tabindex: 0, role: "button", "aria-label": label,
    transform: `translate(${(minX + maxX) / 2} ${(minY + maxY) / 2}) scale(${k})` },
  s("circle", { r: 12 }), s("text", { y: 4 }, String(members.length)), s("title", {}, label));
  const spot = Math.max(maxX - minX, maxY - minY) < 1e-6;
  return activate(node, () => (spot ? list(node, label, members.map((m) => m.props))
    : fit([minX, minY, maxX, maxY])));
}

// The first view: the case's region (its country at risk and region of interest, a
// country wider than REGION_MAX_WIDTH degrees, say Russia, by its located events only),
// where each track ends (where the unit is now), and the located events and track points
// less outliers (a few far-off ones, say talks in Washington or a division's home base
// overseas, would zoom out to the world); the world when there is none of these.
const REGION_MAX_WIDTH = 40;

function fitView(events, tracks, countries) {
  const located = [...events.map((f) => project(f.geometry.coordinates)),
    ...tracks.flatMap((t) => t.geometry.coordinates.map(project))];
  const [xRange, yRange] = [0, 1].map((axis) => robustRange(located.map((p) => p[axis])));
  const core = located.filter(([x, y]) => x >= xRange[0] && x <= xRange[1] && y >= yRange[0] && y <= yRange[1]);
  const trackEnds = tracks.map((t) => project(t.geometry.coordinates.at(-1)));
  const region = countries.filter((c) => c.properties.at_risk || c.properties.in_region)
    .map((c) => polygons(c.geometry).flatMap((polygon) => polygon[0].map(project)))
    .filter((points) => points.length && bounds(points)[2] - bounds(points)[0] <= REGION_MAX_WIDTH)
    .flat();
  const fitTo = [...region, ...trackEnds, ...core];
  return boxView(bounds(fitTo.length ? fitTo : [project([-180, 75]), project([180, -60])]));
}

// A view box around a bounding box, with a margin.
function boxView([minX, minY, maxX, maxY]) {
  const width = Math.max(maxX - minX, 4) * 1.25;
  const height = Math.max(maxY - minY, 3) * 1.25;
  return { x: (minX + maxX - width) / 2, y: (minY + maxY - height) / 2, w: width, h: height };
}

// Zoom (wheel, buttons) and pan (drag) by changing the view box; pins rescale after each
// change and whenever the map's size changes.
function panZoom(svg, home, pins, onScale, onMove = null) {
  const view = { ...home };
  const unitsPerPixel = () => {
    const ctm = svg.getScreenCTM();
    return ctm && ctm.a ? 1 / ctm.a : null;
  };
  const rescale = () => {
    const k = unitsPerPixel();
    if (!k) return; // not laid out yet
    onScale(k);
    for (const p of pins) {
      p.node.setAttribute("transform", `translate(${p.x} ${p.y}) scale(${k}) rotate(${p.rotate}) translate(${p.dx} ${p.dy})`);
      if (p.minWidth !== undefined) p.node.classList.toggle("hidden", p.minWidth / k < 60); // name wider than its land
    }
  };
  const moved = () => {
    rescale();
    onMove?.();
  };
  const apply = () => {
    svg.setAttribute("viewBox", `${view.x} ${view.y} ${view.w} ${view.h}`);
    moved();
  };
  const zoom = (factor, centre) => {
    const f = Math.min(Math.max(view.w * factor, 0.3), 400) / view.w;
    view.x = centre.x - (centre.x - view.x) * f;
    view.y = centre.y - (centre.y - view.y) * f;
    view.w *= f;
    view.h *= f;
    apply();
  };

  on(svg, "wheel", (event) => {
    event.preventDefault();
    const centre = new DOMPoint(event.clientX, event.clientY).matrixTransform(svg.getScreenCTM().inverse());
    zoom(Math.exp(Math.max(-1, Math.min(1, event.deltaY * 0.002))), centre);
  }, { passive: false });
  let drag = null;
  let dragged = false;
  on(svg, "pointerdown", (event) => {
    if (event.button !== 0) return;
    drag = { x: event.clientX, y: event.clientY, viewX: view.x, viewY: view.y, id: event.pointerId };
    dragged = false;
  });
  on(svg, "pointermove", (event) => {
    if (!drag) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!dragged && Math.hypot(dx, dy) < 4) return; // a click, not yet a drag
    if (!dragged) {
      dragged = true;
      svg.setPointerCapture(drag.id); // only now: capturing at once would take clicks from markers
      svg.classList.add("dragging");
    }
    const k = unitsPerPixel();
    view.x = drag.viewX - dx * k;
    view.y = drag.viewY - dy * k;
    apply();
  });
  const endDrag = () => {
    drag = null;
    svg.classList.remove("dragging");
  };
  on(svg, "pointerup", endDrag);
  on(svg, "pointercancel", endDrag);
  on(svg, "click", (event) => { // the click that ends a drag selects nothing
    if (dragged) {
      event.stopPropagation();
      dragged = false;
    }
  }, true);
  new ResizeObserver(moved).observe(svg);
  apply();
  return {
    rescale,
    by: (factor) => zoom(factor, { x: view.x + view.w / 2, y: view.y + view.h / 2 }),
    home: () => {
      Object.assign(view, home);
      apply();
    },
    fit: (box) => {
      Object.assign(view, boxView(box));
      apply();
    },
  };
}

function eventPanel(props) {
  return h("div", { class: "event-detail" },
    props.track ? h("div", { class: "track-detail" }, h("h3", {}, `Track: ${props.track.subject}`), trackFacts(props.track)) : null,
    h("h3", {}, kindLabel(props.kind), " ", props.modality ? badge(props.modality) : null,
      props.negated ? badge("negated", "contradicted") : null),
    h("p", { class: "meta" }, joined([props.place, props.time_start && `on ${props.time_start}`, props.actor || props.subject])),
    h("blockquote", { class: "sentence" }, props.sentence || ""),
    h("p", { class: "meta" }, provenance({ ...props, text: props.sentence })),
    DATA ? null : h("p", {}, h("a", { class: "open-doc", href: docHref(props.doc_id, props.start, props.end) },
      "open in document →")));
}

// The modalities by the marker they are drawn with (solid, hollow, faded), each group in
// drawing order.
function markerStyles() {
  const byOrder = Object.entries(VOCABULARY.modalities).sort(([, a], [, b]) => a.draw_order - b.draw_order);
  return ["solid", "hollow", "faded"]
    .map((marker) => ({ marker, modalities: byOrder.filter(([, m]) => m.marker === marker).map(([name]) => name) }))
    .filter((style) => style.modalities.length);
}

// "a", "a or b", "a, b or c" (or "and")
function listed(words, conjunction = "or") {
  return words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} ${conjunction} ${words.at(-1)}`;
}

function legendIcon(...children) {
  return s("svg", { viewBox: "-9 -9 18 18", "aria-hidden": "true" }, children);
}

function mapLegend(events, tracks, atRisk) {
  const kinds = [...new Set(events.map((f) => f.properties.kind))].sort();
  const shown = new Set(events.map((f) => f.properties.modality));
  const styles = markerStyles().filter(({ modalities }) => modalities.some((m) => shown.has(m)))
    .map(({ marker, modalities }) => [
      listed(modalities.map((m) => VOCABULARY.modalities[m].label)) + (marker === "solid" ? "" : `: ${marker}`),
      { kind: "other", modality: modalities[0] }]);
  if (events.some((f) => f.properties.negated)) styles.push(["negated: crossed", { kind: "other", negated: true }]);
  return [
    h("h3", {}, "Legend"),
    h("ul", {}, kinds.map((kind) => h("li", {},
      legendIcon(s("g", { class: markerClass({ kind }) }, markerShape(kind))), kindLabel(kind)))),
    h("ul", {}, styles.map(([label, props]) => h("li", {},
      legendIcon(s("g", { class: markerClass(props) }, markerGlyph(props))), label))),
    h("ul", {},
      tracks.length ? h("li", {}, legendIcon(s("path", { class: "track-line", d: "M-8,5L8,-5" })), "track of a unit, dated") : null,
      atRisk.length ? h("li", {}, legendIcon(s("rect", { class: "country at-risk", x: -8, y: -6, width: 16, height: 12 })),
        `country at risk: ${atRisk.map((c) => c.properties.name).join(", ")}`) : null,
      h("li", { class: "cluster-legend" }, legendIcon(s("g", { class: "cluster" }, s("circle", { r: 8 }))),
        "events crowded together: select to zoom in"),
      events.some((f) => f.properties.place_kind === "country")
        ? h("li", { class: "cluster-legend" }, legendIcon(s("g", { class: "country-events" }, s("rect", { x: -8, y: -6, width: 16, height: 12, rx: 2 }))),
          "events located only as a country: select to list them") : null),
    h("p", { class: "small muted" }, "Scroll or use the buttons to zoom, drag to pan."),
  ];
}

// -- timeline ----------------------------------------------------------------------------

const FILTERS = [["actor", "actors", "actor or speaker"], ["kind", "kinds", "kind"],
  ["modality", "modalities", "modality"], ["source", "sources", "source"]];

async function timelinePage() {
  const params = new URLSearchParams(location.search);
  const filters = Object.fromEntries(FILTERS.map(([key]) => [key, params.get(key) || ""]));
  const body = await api(`/api/timeline${query(filters)}`);
  return h("div", {}, h("h1", {}, "Timeline"),
    renderTimeline(body, filters, (changed) => navigate(`/timeline${query(changed)}`, { replace: true })));
}

// The offline report filters the embedded timeline itself, as the API does: items, and
// claims by their own item.
function filterTimeline(timeline, filters) {
  const matches = (item) => (!filters.actor || item.actor === filters.actor || item.speaker === filters.actor)
    && (!filters.kind || item.kind === filters.kind)
    && (!filters.modality || item.modality === filters.modality)
    && (!filters.source || item.source === filters.source);
  const items = timeline.items.filter(matches);
  const claims = timeline.claims.filter((c) => matches(c.claim));
  return { ...timeline, items, claims, total: { items: items.length, claims: claims.length } };
}

// [start, end) of a date given to a precision, in milliseconds (UTC); a publication date
// standing in for an item's own is a day.
function interval(date, precision) {
  const [y, m, d] = String(date).split("-").map(Number);
  const level = precision === "month" || precision === "year" ? precision : d ? "day" : m ? "month" : "year";
  if (level === "day") return [Date.UTC(y, m - 1, d), Date.UTC(y, m - 1, d + 1)];
  if (level === "month") return [Date.UTC(y, m - 1, 1), Date.UTC(y, m, 1)];
  return [Date.UTC(y, 0, 1), Date.UTC(y + 1, 0, 1)];
}

function dateLabel(item) {
  if (!item.date) return "undated";
  const cut = { month: 7, year: 4 }[item.precision] || 10;
  return String(item.date).slice(0, cut) + (item.precision === "published" ? " (published)" : "");
}

function renderTimeline(body, filters, onChange) {
  const facets = body.facets;
  const toolbar = h("div", { class: "toolbar" }, FILTERS.map(([key, facet, label]) => {
    const select = h("select", { name: key },
      h("option", { value: "" }, "all"),
      facets[facet].map((value) => h("option", { value, selected: value === filters[key] }, key === "kind" ? kindLabel(value) : human(value))));
    on(select, "change", () => onChange({ ...filters, [key]: select.value }));
    return h("label", {}, label, select);
  }));
  const { items, claims } = body;
  const detail = h("div", { class: "card timeline-detail" },
    h("p", { class: "muted" }, "Select an item to read it."));
  const list = h("ul", { class: "plain timeline-list" });
  const marks = new Map(); // ref -> the item's marks in the chart and its entry in the list
  let selected = [];
  const select = (item) => {
    selected.forEach((node) => node.classList.remove("selected"));
    selected = marks.get(item.ref) || [];
    selected.forEach((node) => node.classList.add("selected"));
    detail.replaceChildren(itemDetail(item));
  };
  const remember = (item, node) => {
    if (!marks.has(item.ref)) marks.set(item.ref, []);
    marks.get(item.ref).push(node);
    on(node, "click", () => select(item));
    return node;
  };

  for (const item of items) { // the API lists them by date, undated last
    const li = h("li", {}, h("span", { class: "when" }, dateLabel(item)), h("div", {},
      badge(item.type), badge([h("span", { class: `swatch ${kindClass(item.kind)}` }), kindLabel(item.kind)]),
      item.modality && item.modality !== "observed" ? badge(item.modality) : null,
      h("strong", {}, item.actor || item.speaker || ""), item.side ? h("span", { class: "meta" }, ` (${item.side})`) : null,
      h("div", {}, `“${item.text}”`), h("div", { class: "meta" }, provenance(item))));
    list.append(remember(item, li));
  }
  const chart = timelineChart(items, claims, remember);
  const kinds = [...new Set(items.map((i) => i.kind))].sort();
  const legend = h("p", { class: "small timeline-legend" },
    kinds.map((kind) => h("span", { class: kindClass(kind) }, h("span", { class: "swatch" }), kindLabel(kind))),
    h("span", { class: "muted" }, "dot: event; ring: statement; bar: dated to a month or year; ◆ claim, ○ evidence against it (red) or bearing it out (green)"));
  return h("div", { class: "timeline-view" }, toolbar,
    h("div", { class: "card" }, chart ? [h("div", { class: "timeline-scroll" }, chart), legend] : emptyNote("No dated item matches.")), detail,
    // Folded in the report, which is read top to bottom.
    h("details", { class: "items", open: !DATA }, h("summary", {}, h("h2", {}, `Items (${items.length})`),
      body.total.items > items.length ? h("span", { class: "muted" }, ` the first ${items.length} of ${body.total.items}: narrow them with the filters`) : null),
      h("div", { class: "card" }, items.length ? list : emptyNote("Nothing matches."))));
}

function itemDetail(item) {
  return h("div", {},
    h("h3", {}, badge(item.type), kindLabel(item.kind), item.modality ? ` (${item.modality})` : ""),
    h("p", { class: "meta" }, joined([dateLabel(item), item.actor || item.speaker, item.side])),
    h("blockquote", {}, item.text),
    h("p", { class: "meta" }, provenance(item)),
    DATA ? null : h("p", {}, citeLink(item, "open in document →")));
}

const CHART = { width: 1000, left: 210, right: 15, band: 44 };
const LABEL_CHARS = 34; // a row label longer than the left margin holds is shortened, whole in its tooltip

// Time to x. A few items dated long before the rest (background history) would squeeze
// the axis: it then starts at the 10th percentile, and earlier items gather in a band on
// the left.
function timeScale(spans) {
  const starts = spans.map((span) => span[0]).sort((a, b) => a - b);
  const last = spans.reduce((latest, [a, b]) => Math.max(latest, Math.min(b, a + DAY_MS)), -Infinity); // "2022" counts as its first day
  const p10 = starts[Math.floor(starts.length * 0.1)];
  const t0 = (last - starts[0] > 3 * (last - p10) ? p10 : starts[0]) - 3 * DAY_MS;
  const t1 = last + 3 * DAY_MS;
  const band = starts[0] < t0 ? CHART.band : 0;
  const { width, left, right } = CHART;
  const x = (t) => (t < t0 ? left + band / 2 : left + band + ((t - t0) / (t1 - t0)) * (width - left - band - right));
  return { t0, t1, band, earliest: starts[0], x };
}

function timelineChart(items, claims, remember) {
  const dated = items.filter((i) => i.date);
  const claimItems = claims.flatMap((c) => [c.claim, ...c.against, ...c.confirming]).filter((i) => i.date);
  const spans = [...dated, ...claimItems].map((i) => interval(i.date, i.precision));
  if (!spans.length) return null;
  const scale = timeScale(spans);
  const chart = s("svg", { class: "timeline", role: "group", "aria-label": "timeline of events and statements" });
  let y = timeAxis(chart, scale, 8);
  for (const [type, title] of [["statement", "Statements"], ["event", "Events"]]) {
    y = timeLane(chart, scale, y, title, dated.filter((i) => i.type === type), remember);
  }
  if (claims.length) y = claimsLane(chart, scale, y, claims, remember);
  const { left } = CHART;
  if (scale.band) chart.append(s("line", { class: "band-edge", x1: left + scale.band, x2: left + scale.band, y1: 8, y2: y }));
  chart.setAttribute("viewBox", `0 0 ${CHART.width} ${y + 4}`);
  return chart;
}

// Month ticks, or years when the span is long; returns the y below it.
function timeAxis(chart, scale, y) {
  const { t0, t1, band, x } = scale;
  const { width, left, right } = CHART;
  const axis = s("g", { class: "axis" });
  if (band) {
    axis.append(s("text", { class: "earlier", x: left + band / 2, y: y + 10 }, "earlier"),
      s("text", { class: "earlier", x: left + band / 2, y: y + 22 }, `from ${new Date(scale.earliest).getUTCFullYear()}`));
  }
  const first = new Date(t0);
  const years = (t1 - t0) / (365 * DAY_MS) > 3;
  for (let d = new Date(Date.UTC(first.getUTCFullYear(), years ? 0 : first.getUTCMonth(), 1)); d.getTime() <= t1;
    d = new Date(Date.UTC(d.getUTCFullYear() + (years ? 1 : 0), d.getUTCMonth() + (years ? 0 : 1), 1))) {
    const tx = x(d.getTime());
    if (d.getTime() < t0 || tx < left + band + 20) continue; // room for the band's label
    const near = tx > width - right - 30; // a label centred on the last tick would be cut
    axis.append(s("line", { x1: tx, x2: tx, y1: y + 14, y2: y + 20 }),
      s("text", { x: tx, y: y + 10, "text-anchor": near ? "end" : "middle" },
        years ? d.getUTCFullYear() : `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`));
  }
  axis.append(s("line", { x1: left, x2: width - right, y1: y + 20, y2: y + 20 }));
  chart.append(axis);
  return y + 28;
}

// A lane of items: a dot per item dated to the day (items of one day stack upwards), a bar
// over the month or year of the others; returns the y below it.
function timeLane(chart, scale, y, title, items, remember) {
  if (!items.length) return y;
  const { t0, t1, x } = scale;
  const { width, left, right } = CHART;
  const slot = (item) => {
    const [a, b] = interval(item.date, item.precision);
    return a < t0 ? "earlier" : `${a},${b}`;
  };
  const perSlot = new Map();
  for (const item of items) perSlot.set(slot(item), (perSlot.get(slot(item)) || 0) + 1);
  const tallest = Math.max(...perSlot.values());
  const step = Math.min(7, 84 / tallest);
  const height = 24 + step * tallest;
  chart.append(s("rect", { class: "lane-bg", x: left, y, width: width - left - right, height }),
    s("text", { class: "lane-label", x: 8, y: y + height / 2 + 4 }, `${title} (${items.length})`));
  const stacked = new Map();
  for (const item of items) {
    const [a, b] = interval(item.date, item.precision);
    const n = stacked.get(slot(item)) || 0;
    stacked.set(slot(item), n + 1);
    const cy = y + height - 8 - n * step;
    const cls = `${kindClass(item.kind)} item ${item.type}`;
    const mark = b - a <= DAY_MS || a < t0
      ? s("circle", { class: cls, cx: x(a < t0 ? a : (a + b) / 2), cy, r: 3.6 })
      : s("rect", { class: `${cls} span`, x: x(a), y: cy - 2, width: Math.max(x(Math.min(b, t1)) - x(a), 2), height: 4 });
    mark.append(s("title", {}, `${dateLabel(item)} ${kindLabel(item.kind)}: ${item.text}`));
    chart.append(remember(item, mark));
  }
  return y + height + 8;
}

// Each claim on its row, linked to the evidence against it (red) and bearing it out
// (green); returns the y below them.
function claimsLane(chart, scale, y, claims, remember) {
  const at = (item) => scale.x(interval(item.date, item.precision)[0] + DAY_MS / 2);
  chart.append(s("text", { class: "lane-label", x: 8, y: y + 12 }, "Claims vs evidence"));
  y += 22;
  for (const record of claims) {
    const claim = record.claim;
    if (!claim.date) continue;
    const row = y + 9;
    const cx = at(claim);
    const label = `${claim.speaker || claim.actor || claim.side || "claim"} ${dateLabel(claim)}`;
    chart.append(s("text", { class: "claim-row-label", x: 8, y: row + 4 },
      label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label, s("title", {}, label)));
    const marks = [];
    for (const [role, evidence] of [["against", record.against], ["confirming", record.confirming]]) {
      for (const item of evidence.filter((e) => e.date)) {
        chart.append(s("line", { class: `link ${role}`, x1: cx, x2: at(item), y1: row, y2: row }));
        marks.push(remember(item, s("circle", { class: `evidence-mark ${role}`, cx: at(item), cy: row, r: 4 },
          s("title", {}, `${role === "against" ? "against" : "bears it out"}: ${item.text}`))));
      }
    }
    const claimMark = s("path", { class: `claim-mark ${statusClass(record.status)}`,
      d: `M${cx},${row - 6}L${cx + 6},${row}L${cx},${row + 6}L${cx - 6},${row}Z` },
    s("title", {}, `${record.status}: ${claim.text}`));
    chart.append(...marks, remember(claim, claimMark));
    y += 20;
  }
  return y;
}

// -- claims vs evidence ------------------------------------------------------------------

async function claimsPage() {
  return renderClaims(await api("/api/contradictions"));
}

// A quoted item; `side` shows its side, "side unknown" where the analysis could not tell.
function quoted(item, extra, { side = false } = {}) {
  const who = item.speaker || item.actor;
  const credit = side ? [who ? `${who}, ` : "", sideLabel(item.side)] : joined([who, item.side], ", ");
  return h("li", {}, h("blockquote", {}, item.text),
    h("div", { class: "meta" }, extra ? h("span", { class: "reason" }, `${extra} — `) : null,
      credit, " — ", provenance(item)));
}

// A sentence holding both a statement and an event can be evidence twice: quote it once.
function bySentence(evidence) {
  const found = new Map();
  for (const item of evidence) {
    const key = `${item.doc_id}:${item.start}`;
    if (found.has(key)) found.get(key).reasons.push(item.reason);
    else found.set(key, { ...item, reasons: [item.reason] });
  }
  return [...found.values()].map((item) => ({ ...item, reason: [...new Set(item.reasons)].join("; ") }));
}

function claimCard(record) {
  const against = bySentence(record.against);
  const confirming = bySentence(record.confirming);
  return h("article", { class: `card contradiction ${statusClass(record.status)}` },
    h("p", { class: "why" }, badge(record.status, statusClass(record.status)), record.why),
    h("p", { class: "meta" }, independentSources(record.sources, " against"),
      `, in ${counted(against.length, "sentence")}`),
    h("div", { class: "grid2" },
      h("div", { class: "side claim" }, h("h3", {}, "Claim"), h("ul", { class: "plain" }, quoted(record.claim, null, { side: true }))),
      h("div", { class: "side against" },
        h("h3", {}, `Evidence against (${against.length})`),
        against.length ? h("ul", { class: "plain" }, against.map((e) => quoted(e, e.reason))) : emptyNote("none"),
        confirming.length ? [h("h3", { class: "confirming" }, `Bearing it out (${confirming.length})`),
          h("ul", { class: "plain confirming" }, confirming.map((e) => quoted(e, e.reason)))] : null)));
}

// One page of claims; "more" fetches and adds the next page (the API sends a page at a
// time: every claim with its evidence weighs megabytes at 10,000 documents).
function renderClaims(body) {
  const cards = h("div", {}, body.contradictions.map(claimCard));
  let shown = body.contradictions.length;
  const more = h("button", { type: "button", class: "more" });
  const label = () => more.replaceChildren(`show more (${shown} of ${body.total})`);
  label();
  on(more, "click", async () => {
    const next = await api(`/api/contradictions${query({ offset: shown })}`);
    cards.append(...next.contradictions.map(claimCard));
    shown += next.contradictions.length;
    label();
    more.hidden = shown >= next.total;
  });
  more.hidden = shown >= body.total;
  return h("div", {}, h("h1", {}, "Claims vs evidence"),
    shown ? [cards, more] : emptyNote("No claim has met evidence for or against it yet."),
    h("h2", {}, "Each source's record"), h("div", { class: "card" }, sourcesTable(body.sources)));
}

// -- indicators --------------------------------------------------------------------------

async function indicatorsPage() {
  return renderIndicators(await api("/api/indicators"));
}

function renderIndicators(body) {
  const indicators = body.indicators;
  return h("div", {}, h("h1", {}, "Indicators"),
    indicators.length ? h("div", { class: "board" }, indicators.map((i) => {
      const hits = i.hits;
      return h("article", { class: `card indicator ${statusClass(i.status)}` },
        h("p", {}, badge(i.status, statusClass(i.status)), h("strong", {}, i.name)),
        h("p", { class: "meta" }, joined([counted(i.sources, "independent source"),
          i.sources_against ? `${counted(i.sources_against, "independent source")} against` : "",
          i.first_seen ? `first seen ${i.first_seen}` : "", i.last_seen ? `last seen ${i.last_seen}` : ""])),
        // The latest sentence shows; the others fold away.
        hits.length ? h("ul", { class: "plain" }, hitItem(hits[hits.length - 1])) : null,
        hits.length > 1 ? h("details", {}, h("summary", { class: "small muted" }, `${hits.length - 1} more sentence(s)`),
          h("ul", { class: "plain" }, hits.slice(0, -1).map(hitItem))) : null);
    })) : emptyNote("The case defines no indicators."));
}

function hitItem(hit) {
  return h("li", {}, hit.against ? badge("against", "contradicted") : null, `“${hit.text}” `,
    h("span", { class: "meta" }, joined([hit.speaker], ", "), " ", provenance(hit)));
}

// -- ACH ---------------------------------------------------------------------------------

async function achPage() {
  const body = await api("/api/ach");
  const holder = h("div", {});
  const show = (current) => holder.replaceChildren(renderAch(current, { onRate: rate }));
  // A changed rating goes to the server, which answers with the whole matrix rescored.
  const rate = async (row, hypothesis, rating, select) => {
    select.classList.add("saving");
    try {
      show(await api("/api/ach/ratings", { method: "PUT", body: { row, hypothesis, rating } }));
    } catch (error) {
      select.classList.remove("saving");
      holder.prepend(h("p", { class: "error" }, String(error.message || error)));
    }
  };
  show(body);
  return holder;
}

// The ranking, the most diagnostic rows and the sensitivity checks: the brief's "ach" or
// the body of /api/ach.
function renderAchSummary(ach) {
  const tied = ach.tied || [];
  const leading = (id) => (tied.length ? tied.includes(id) : ach.evidence_count && id === ach.leader);
  const sources = new Map((ach.rows || []).map((row) => [row.id, row.sources]));
  return [
    h("p", { class: "verdict" }, achVerdict(ach)),
    h("table", { class: "scores" },
      h("thead", {}, h("tr", {}, h("th", { class: "num" }, "rank"), h("th", {}, "hypothesis"),
        h("th", { class: "num" }, "weighted inconsistency"), h("th", {}, "share of the weight"))),
      h("tbody", {}, ach.scores.map((score) => h("tr", { class: joined([leading(score.id) ? "leader" : "",
        tied.includes(score.id) ? "tied" : ""], " "), "data-hypothesis": score.id },
        h("td", { class: "num rank" }, score.rank), h("td", {}, `${score.id} ${score.name}`),
        h("td", { class: "num inconsistency" }, fixed(score.inconsistency)),
        h("td", { class: "share" }, h("div", { class: "share-cell" }, shareBar(score.share),
          h("span", { class: "small" }, percent(score.share)))))))),
    h("p", { class: "meta" }, `${ach.evidence_count} evidence row(s)`),
    ach.most_diagnostic.length ? h("ul", { class: "small diagnostic" }, ach.most_diagnostic.map((row) => h("li", {},
      `Most diagnostic: ${row.label} (diagnosticity ${fixed(row.diagnosticity)})`,
      typeof sources.get(row.id) === "number" ? [", ", independentSources(sources.get(row.id))] : null))) : null,
    ach.sensitivity.length ? h("ul", { class: "small sensitivity" }, ach.sensitivity.map((check) => h("li", {},
      `${check.name}: ${check.ranking.join(" > ")} — `,
      check.leader_changes ? h("strong", {}, "leader changes") : check.order_changes ? "order changes" : "ranking holds",
      ` (${check.dropped} row(s) dropped)`))) : null,
  ];
}

// What the ranking says in words: a tie is named as a tie, and words of likelihood go
// only to a clear leader (the analysis gives them only then).
function achVerdict(ach) {
  const tied = ach.tied || [];
  if (!ach.evidence_count) return "No evidence bears on the hypotheses yet: the order is only the case's.";
  if (tied.length) return `The evidence leaves a tie between ${listed(tied, "and")}: it does not tell them apart.`;
  const leader = ach.scores.find((score) => score.id === ach.leader);
  const share = leader ? ` (${percent(leader.share)} of the weight)` : "";
  if (!ach.leader_words) {
    return `The evidence gives no clear leader: ${ach.leader} ranks first${share}, with less than the others together.`;
  }
  return `The evidence makes ${ach.leader} “${ach.leader_words}”${share} by its share: a reading aid, not a calibrated probability.`;
}

function shareBar(share) {
  return s("svg", { class: "bar", viewBox: "0 0 100 10", preserveAspectRatio: "none", "aria-hidden": "true" },
    s("rect", { class: "track", width: 100, height: 10 }),
    s("rect", { class: "fill", width: Math.max(0, Math.min(1, share || 0)) * 100, height: 10 }));
}

function renderAch(body, { onRate = null } = {}) {
  const hypotheses = body.hypotheses;
  if (!hypotheses.length) return h("div", { class: "ach" }, h("h1", {}, "Competing hypotheses"), emptyNote("The case defines no hypotheses."));
  const diagnostic = new Set(body.most_diagnostic.map((row) => row.id));
  const rows = body.rows.map((row) => h("tr", { class: diagnostic.has(row.id) ? "diagnostic" : "", "data-row": row.id },
    h("td", { class: "label" }, row.label,
      typeof row.sources === "number" ? h("div", { class: "small muted" }, independentSources(row.sources)) : null,
      row.evidence.length ? h("details", {}, h("summary", {}, `${row.evidence.length} sentence(s)`),
        h("ul", { class: "small" }, row.evidence.map((link) => h("li", {}, citeLink(link))))) : null),
    h("td", {}, row.credibility), h("td", {}, row.relevance),
    hypotheses.map((hyp) => {
      const value = row.ratings[hyp.id] || VOCABULARY.default_rating; // for a hypothesis left out
      // The analyst's own ratings stand out from the computed ones.
      const cls = `rating r-${value}${row.overrides[hyp.id] ? " override" : ""}`;
      if (!onRate) return h("td", { class: cls }, value);
      const select = h("select", { class: "rating", "aria-label": `${row.id} against ${hyp.id}`,
        "data-row": row.id, "data-hypothesis": hyp.id },
      body.ratings.map((r) => h("option", { value: r, selected: r === value }, r === "NA" ? "NA (computed)" : r)));
      on(select, "change", () => onRate(row.id, hyp.id, select.value, select));
      return h("td", { class: cls }, select);
    })));
  return h("div", { class: "ach" }, h("h1", {}, "Competing hypotheses"),
    h("div", { class: "card" }, renderAchSummary(body)),
    h("h2", {}, "Matrix"),
    h("p", { class: "muted small" }, Object.entries(VOCABULARY.ratings).map(([name, r]) => `${name} ${r.label}`).join(", "), ";",
      " an outlined cell is the analyst's rating.", onRate ? " Change a rating to rescore; NA goes back to the computed one." : ""),
    h("div", { class: "card matrix" }, rows.length ? h("table", {},
      h("thead", {}, h("tr", {}, h("th", {}, "evidence"), h("th", {}, "credibility"), h("th", {}, "relevance"),
        hypotheses.map((hyp) => h("th", { class: "rating", title: hyp.name }, hyp.id)))),
      h("tbody", {}, rows)) : emptyNote("No evidence bears on the hypotheses yet.")));
}

// -- documents ---------------------------------------------------------------------------

async function documentPage(docId) {
  const doc = await api(`/api/documents/${encodeURIComponent(docId)}`);
  const text = h("div", { class: "doc-text" });
  const show = () => {
    const target = /^#(\d+)-(\d+)$/.exec(location.hash);
    text.replaceChildren(...documentNodes(doc, target ? [Number(target[1]), Number(target[2])] : null));
    const mark = text.querySelector("mark.target");
    if (mark) requestAnimationFrame(() => mark.scrollIntoView({ block: "center" }));
  };
  onHashOnly = show;
  show();
  const names = [["place", "places"], ["person", "people"], ["organisation", "organisations, states"],
    ["unit", "units, equipment"], ["date", "dates, quantities"]];
  const toggles = h("div", { class: "toggles" }, [["mentions", "names"], ["statements", "statements"], ["events", "events"]]
    .map(([layer, label]) => {
      const box = h("input", { type: "checkbox", checked: true });
      on(box, "change", () => text.classList.toggle(`hide-${layer}`, !box.checked));
      return h("label", {}, box, ` ${label}`);
    }));
  const spanList = (title, items) => items.length ? [h("h3", {}, `${title} (${items.length})`),
    h("ul", { class: "plain" }, items.map((item) => h("li", {},
      h("a", { href: `#${item.start}-${item.end}` }, item.id), " ", kindLabel(item.kind),
      item.speaker ? ` — ${item.speaker}` : "", item.modality && item.modality !== "observed" ? ` (${item.modality})` : "")))] : [];
  return h("div", {},
    h("h1", {}, doc.title || doc.name),
    h("p", { class: "meta" }, joined([doc.publisher, doc.published, doc.name]), " ",
      webAddress(doc.url) ? h("a", { class: "article", href: doc.url, target: "_blank", rel: "noopener noreferrer" }, doc.url) : ""),
    h("div", { class: "doc-layout" }, h("div", { class: "card" }, text),
      h("aside", { class: "card doc-side" }, h("h3", {}, "Show"), toggles,
        h("p", { class: "small doc-legend" }, names.map(([kind, label]) => h("span", { class: `mention m-${kind}` }, label))),
        spanList("Statements", doc.statements), spanList("Events", doc.events))));
}

// The text as flat runs split at every boundary of every span, each run carrying the
// classes of the spans over it, so overlapping spans need no nesting; the target span is
// then wrapped whole in one <mark class="target">. Offsets count code points, as Python does.
function documentNodes(doc, target) {
  const chars = Array.from(doc.text);
  const spans = [
    ...doc.mentions.map((m) => ({ ...m, cls: `mention m-${m.kind}`, title: joined([m.kind, m.entity], ": ") })),
    ...doc.statements.map((st) => ({ ...st, cls: "st", title: joined([`statement ${st.id}`, st.kind, st.speaker]) })),
    ...doc.events.map((ev) => ({ ...ev, cls: "ev", title: joined([`event ${ev.id}`, kindLabel(ev.kind), ev.modality]) })),
  ].filter((sp) => sp.start < sp.end && sp.end <= chars.length).sort((a, b) => a.start - b.start);
  const cuts = new Set([0, chars.length]);
  for (const sp of spans) cuts.add(sp.start).add(sp.end);
  if (target) cuts.add(target[0]).add(target[1]);
  const points = [...cuts].filter((c) => c >= 0 && c <= chars.length).sort((a, b) => a - b);
  const nodes = [];
  let mark = null;
  let next = 0; // spans[next] is the first span not yet open
  let over = []; // the spans open over the current run
  for (let i = 0; i < points.length - 1; i++) {
    const [a, b] = [points[i], points[i + 1]];
    over = over.filter((sp) => sp.end > a);
    while (next < spans.length && spans[next].start <= a) over.push(spans[next++]);
    const piece = chars.slice(a, b).join("");
    const run = over.length ? h("span", { class: [...new Set(over.map((sp) => sp.cls))].join(" "),
      title: over.map((sp) => sp.title).join("\n") }, piece) : document.createTextNode(piece);
    if (target && a >= target[0] && b <= target[1]) {
      if (!mark) nodes.push(mark = h("mark", { class: "target" }));
      mark.append(run);
    } else {
      nodes.push(run);
    }
  }
  return nodes;
}

// -- search and the list of documents ----------------------------------------------------

async function searchPage() {
  const q = new URLSearchParams(location.search).get("q") || "";
  const input = h("input", { type: "search", name: "q", value: q, placeholder: "words, \"a phrase\", prefix*",
    "aria-label": "search the documents" });
  const form = h("form", { class: "search", role: "search" }, input, h("button", { type: "submit" }, "Search"));
  on(form, "submit", (event) => {
    event.preventDefault();
    navigate(`/search${query({ q: input.value.trim() })}`);
  });
  if (q) return h("div", {}, h("h1", {}, "Search"), form, renderHits(await api(`/api/search${query({ q })}`), q));
  const list = h("div", {}, renderDocumentList(await api("/api/documents")));
  const refresh = async () => list.replaceChildren(renderDocumentList(await api("/api/documents")));
  return h("div", {}, h("h1", {}, "Documents"), form, ingestForm(refresh), list);
}

// Add a web page or a feed: the server fetches, extracts and stores it in the background
// (POST /api/ingest starts it; GET /api/ingest/{job} says how it stands).
function ingestForm(onAdded) {
  const input = h("input", { type: "url", name: "url", required: true, placeholder: "https://… a web page or an RSS/Atom feed",
    "aria-label": "address of a web page or feed to add" });
  const button = h("button", { type: "submit" }, "Add");
  const outcome = h("div", { class: "ingest-outcome", role: "status" });
  const form = h("form", { class: "search ingest" }, input, button);
  on(form, "submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    outcome.replaceChildren(h("p", { class: "muted" }, "Fetching…"));
    try {
      let job = await api("/api/ingest", { method: "POST", body: { url: input.value.trim() } });
      while (job.status === "running") {
        await new Promise((resolve) => setTimeout(resolve, 400));
        job = await api(`/api/ingest/${encodeURIComponent(job.job)}`);
      }
      outcome.replaceChildren(ingestOutcome(job));
      input.value = "";
      await onAdded();
    } catch (error) {
      outcome.replaceChildren(h("p", { class: "error" }, String(error.message || error)));
    } finally {
      button.disabled = false;
    }
  });
  return h("section", { class: "card ingest" }, h("h2", {}, "Add a web page or feed"), form, outcome);
}

function ingestOutcome(result) {
  return h("div", {},
    h("ul", { class: "plain ingested" }, result.documents.map((doc) => h("li", {}, badge(doc.status),
      " ", h("a", { href: docHref(doc.doc_id) }, doc.title || doc.name)))),
    result.errors.length ? h("ul", { class: "plain ingest-errors" }, result.errors.map((e) => h("li", { class: "muted" }, e))) : null);
}

function renderHits(body, q) {
  const hits = body.hits;
  if (!hits.length) return emptyNote(`No sentence matches “${q}”.`);
  return h("div", { class: "card" }, h("p", { class: "muted" }, `${hits.length} sentence(s)`),
    h("ul", { class: "plain hits" }, hits.map((hit) => h("li", {},
      h("a", { href: docHref(hit.doc_id, hit.start, hit.end) }, hit.name),
      h("span", { class: "meta" }, ` ${hit.published || "undated"}`),
      h("div", {}, snippetNodes(hit.snippet))))));
}

// The store marks the matched words of a snippet as [word]: those become <mark>s.
function snippetNodes(snippet) {
  return snippet.split(/\[([^\[\]]*)\]/).map((part, i) => (i % 2 ? h("mark", {}, part) : part));
}

function renderDocumentList(documents) {
  if (!documents.length) return emptyNote("The store holds no documents yet.");
  return h("div", { class: "card" }, h("table", { class: "documents" },
    h("thead", {}, h("tr", {}, h("th", {}, "published"), h("th", {}, "title"), h("th", {}, "publisher"), h("th", {}, "document"))),
    h("tbody", {}, documents.map((doc) => h("tr", {},
      h("td", {}, doc.published || ""), h("td", {}, h("a", { href: docHref(doc.doc_id) }, doc.title || doc.name)),
      h("td", {}, doc.publisher || ""), h("td", { class: "meta" }, doc.name))))));
}

// -- the offline report ------------------------------------------------------------------

function renderReport(data) {
  const timeline = h("div", {});
  const showTimeline = (filters) => timeline.replaceChildren(renderTimeline(
    filterTimeline(data.timeline, filters), filters, showTimeline));
  showTimeline({});
  const view = (id, content) => h("section", { class: "view", id }, content);
  const mapView = h("div", {}, h("h1", {}, "Map"));
  main.replaceChildren(
    view("overview", renderBrief(data.brief)),
    view("map", mapView),
    view("timeline", [h("h1", {}, "Timeline"), timeline]),
    view("ach", renderAch(data.ach)));
  // The map measures itself, so it is drawn once its frame is in the page.
  mapView.append(renderMap(data.map));
}

// The sticky header's height, for the stylesheet's scroll-margin-top: an anchor jump must
// land below it, however many rows the navigation wraps to.
function trackHeaderHeight() {
  const header = document.querySelector(".top");
  if (!header) return;
  const set = () => document.documentElement.style.setProperty("--header-height", `${header.offsetHeight}px`);
  new ResizeObserver(set).observe(header);
  set();
}

trackHeaderHeight();
if (DATA) {
  renderReport(DATA);
  if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
} else {
  keepToken();
  interceptLinks();
  route();
}
