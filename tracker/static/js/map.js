/* The map page: fetches the GeoJSON the list below was built from (#map-list[data-geojson]),
   one marker per feature, coloured by status group and shaped by kind, with a text popup.
   When the filters change (htmx swaps #map-list) the markers are fetched again and the map
   fits them; when the reader pans or zooms, it asks only for what is in view (bbox + zoom),
   which the server answers in clusters (a count; a click zooms in) where there are many.
   Tiles are a bonus: without them the markers show on a blank background and the list has
   everything. */
(function () {
  "use strict";
  var GROUPS = {
    done: ["fulfilled", "delivered", "allocated"],
    moving: ["pledged", "dispatched", "in_transit", "at_customs", "arrived"],
    waiting: ["open", "offered", "planned"],
    stopped: ["cancelled", "withdrawn", "lost", "returned"]
  };
  var map = null;
  var layer = null;
  var shownUrl = null;
  var fittedView = null;
  var moveTimer = null;
  var words = { kind: {}, status: {}, open: "Open", to: "To" };

  function group(status) {
    for (var name in GROUPS) { if (GROUPS[name].indexOf(status) >= 0) return name; }
    return "waiting";
  }

  function statusText(p) {
    return ((words.status[p.kind] || {})[p.status]) || p.status;
  }

  function popup(p) {
    var box = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = (words.kind[p.kind] || p.kind) + ": " + (p.reference || p.item || "");
    box.appendChild(title);
    [statusText(p), p.place, p.destination ? words.to + ": " + p.destination : ""]
      .filter(Boolean).forEach(function (text) {
        box.appendChild(document.createElement("br"));
        box.appendChild(document.createTextNode(text));
      });
    box.appendChild(document.createElement("br"));
    var link = document.createElement("a");
    link.href = p.url;
    link.textContent = words.open;
    box.appendChild(link);
    return box;
  }

  /* Leaflet writes a string given to bindTooltip/bindPopup as HTML: tooltips and popups are
     elements built from text nodes, whatever they show. */
  function text(value) {
    var span = document.createElement("span");
    span.textContent = value;
    return span;
  }

  function cluster(p, latlng) {
    var count = document.createElement("span");
    count.textContent = String(p.count);
    var label = (words.kind[p.kind] || p.kind) + " × " + p.count;
    var icon = L.divIcon({ className: "map-cluster kind-" + p.kind, html: count, iconSize: [34, 34] });
    return L.marker(latlng, { icon: icon, title: label, alt: label, keyboard: true })
      .on("click", function () { map.setView(latlng, Math.min(map.getZoom() + 2, 18)); });
  }

  function marker(feature, latlng) {
    var p = feature.properties;
    if (p.cluster) return cluster(p, latlng);
    var label = (words.kind[p.kind] || p.kind) + " · " + statusText(p) + " · " + (p.reference || p.item || "");
    var icon = L.divIcon({
      className: "map-pin kind-" + p.kind + " st-" + group(p.status),
      iconSize: [16, 16]
    });
    return L.marker(latlng, { icon: icon, title: label, alt: label, keyboard: true })
      .bindTooltip(text(statusText(p)));
  }

  /* The view, widened to a grid of a quarter tile so that small pans ask for the same URL
     (which the browser keeps for a minute). */
  function viewQuery() {
    var b = map.getBounds();
    var z = map.getZoom();
    var step = 90 / Math.pow(2, z);
    function down(v) { return (Math.floor(v / step) * step).toFixed(5); }
    function up(v) { return (Math.ceil(v / step) * step).toFixed(5); }
    var west = Math.max(-180, b.getWest()), east = Math.min(180, b.getEast());
    var south = Math.max(-90, b.getSouth()), north = Math.min(90, b.getNorth());
    return "&bbox=" + [down(west), down(south), up(east), up(north)].join(",") + "&zoom=" + z;
  }

  function viewKey() {
    return map.getCenter().toString() + "@" + map.getZoom();
  }

  function draw(data, fit) {
    if (layer) layer.remove();
    layer = L.geoJSON(data, {
      pointToLayer: marker,
      onEachFeature: function (f, l) { if (!f.properties.cluster) l.bindPopup(popup(f.properties)); }
    }).addTo(map);
    var bounds = layer.getBounds();
    if (fit && bounds.isValid()) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 10, animate: false });
      fittedView = viewKey();
    }
  }

  function load(inView) {
    var list = document.getElementById("map-list");
    if (!list || !map) return;
    var url = list.getAttribute("data-geojson");
    if (!url) return;
    if (inView) url += viewQuery();
    if (url === shownUrl) return;
    shownUrl = url;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) { if (url === shownUrl) draw(data, !inView); })
      .catch(function () { shownUrl = null; });
  }

  function moved() {
    if (viewKey() === fittedView) return;  // our own fitBounds: the markers are there
    fittedView = null;
    clearTimeout(moveTimer);
    moveTimer = setTimeout(function () { load(true); }, 250);
  }

  function init() {
    var holder = document.getElementById("map");
    if (!holder || typeof L === "undefined") return;
    var island = document.getElementById("map-labels");
    if (island) { try { words = JSON.parse(island.textContent); } catch (e) { /* keep English */ } }
    map = L.map(holder, { scrollWheelZoom: false }).setView([49.5, 25.0], 5);
    L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 18,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
    }).addTo(map);
    map.on("moveend", moved);
    load(false);
  }

  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("htmx:after:settle", function () { load(false); });
})();
