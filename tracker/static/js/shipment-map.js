/* The shipment page's small map: the reported places (oldest to newest) and the destination.
   Data: <script type="application/json" id="shipment-points"> (re-read after htmx swaps it).
   Without tiles the markers still show on a blank background; the timeline lists everything. */
(function () {
  "use strict";
  var map = null;
  var layer = null;

  function readPoints() {
    var island = document.getElementById("shipment-points");
    if (!island) return null;
    try { return JSON.parse(island.textContent); } catch (e) { return null; }
  }

  /* Leaflet writes a string given to bindTooltip/bindPopup as HTML: places are typed by
     people, so tooltips and popups are built from text nodes and handed over as elements. */
  function text(value) {
    var span = document.createElement("span");
    span.textContent = value;
    return span;
  }

  function popup(lines) {
    var box = document.createElement("div");
    lines.filter(Boolean).forEach(function (text, i) {
      if (i) box.appendChild(document.createElement("br"));
      box.appendChild(document.createTextNode(text));
    });
    return box;
  }

  function draw() {
    var holder = document.getElementById("shipment-map");
    var data = readPoints();
    if (!holder || !data || typeof L === "undefined") return;
    var events = data.events || [];
    if (!events.length && !data.destination) { holder.hidden = true; return; }
    holder.hidden = false;
    if (!map) {
      map = L.map(holder, { scrollWheelZoom: false });
      L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
        maxZoom: 18,
        attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
      }).addTo(map);
    }
    if (layer) layer.remove();
    layer = L.featureGroup().addTo(map);
    var path = events.map(function (e) { return [e.lat, e.lon]; });
    if (path.length > 1) L.polyline(path, { color: "#0057b7", weight: 3 }).addTo(layer);
    events.forEach(function (e, i) {
      var last = i === events.length - 1;
      L.circleMarker([e.lat, e.lon], {
        radius: last ? 9 : 6, color: "#0057b7", weight: 2,
        fillColor: last ? "#0057b7" : "#fff", fillOpacity: 1
      }).bindTooltip(text(e.status + (e.place ? " · " + e.place : "")))
        .bindPopup(popup([e.status, e.place, e.when])).addTo(layer);
    });
    if (data.destination) {
      var d = data.destination;
      L.circleMarker([d.lat, d.lon], { radius: 8, color: "#116329", weight: 3, fillColor: "#ffd500", fillOpacity: 1 })
        .bindTooltip(text(d.label + ": " + d.place)).bindPopup(popup([d.label, d.place])).addTo(layer);
    }
    var bounds = layer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 9 });
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:after:settle", draw);
})();
