/* The map page: fetches the GeoJSON the list below was built from (#map-list[data-geojson]),
   one marker per feature, coloured by status group and shaped by kind, with a text popup.
   When the filters change (htmx swaps #map-list) the markers are fetched again. Tiles are a
   bonus: without them the markers show on a blank background and the list has everything. */
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

  function marker(feature, latlng) {
    var p = feature.properties;
    var label = (words.kind[p.kind] || p.kind) + " · " + statusText(p) + " · " + (p.reference || p.item || "");
    var icon = L.divIcon({
      className: "map-pin kind-" + p.kind + " st-" + group(p.status),
      iconSize: [16, 16]
    });
    return L.marker(latlng, { icon: icon, title: label, alt: label, keyboard: true })
      .bindTooltip(text(statusText(p)));
  }

  function load() {
    var list = document.getElementById("map-list");
    if (!list || !map) return;
    var url = list.getAttribute("data-geojson");
    if (!url || url === shownUrl) return;
    shownUrl = url;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) {
        if (layer) layer.remove();
        layer = L.geoJSON(data, {
          pointToLayer: marker,
          onEachFeature: function (f, l) { l.bindPopup(popup(f.properties)); }
        }).addTo(map);
        var bounds = layer.getBounds();
        if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 10 });
      })
      .catch(function () { shownUrl = null; });
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
    load();
  }

  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("htmx:after:settle", load);
})();
