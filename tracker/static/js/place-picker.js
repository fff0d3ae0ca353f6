/* The map picker under a place field: tapping the map sets the hidden latitude/longitude
   inputs (stored with precision "point"). Markup: <details data-place-picker="NAME"> holding
   .place-picker-map, #NAME-lat, #NAME-lon and #NAME-point (data-template with "%s").
   Text only (textContent); without JavaScript the form works without the map. */
(function () {
  "use strict";

  function init(box) {
    var name = box.getAttribute("data-place-picker");
    var holder = box.querySelector(".place-picker-map");
    var lat = document.getElementById(name + "-lat");
    var lon = document.getElementById(name + "-lon");
    var shown = document.getElementById(name + "-point");
    var map = null;
    var marker = null;
    if (!holder || !lat || !lon) return;

    function show() {
      if (shown && lat.value && lon.value) {
        shown.textContent = (shown.getAttribute("data-template") || "%s")
          .replace("%s", lat.value + ", " + lon.value);
      }
    }

    box.addEventListener("toggle", function () {
      if (!box.open || map || typeof L === "undefined") return;
      holder.style.height = "18rem";
      var has = lat.value && lon.value;
      var start = has ? [Number(lat.value), Number(lon.value)] : [48.6, 31.2];
      map = L.map(holder).setView(start, has ? 12 : 6);
      L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
        maxZoom: 18,
        attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
      }).addTo(map);
      if (has) marker = L.marker(start).addTo(map);
      map.on("click", function (e) {
        lat.value = e.latlng.lat.toFixed(5);
        lon.value = e.latlng.lng.toFixed(5);
        if (marker) marker.setLatLng(e.latlng);
        else marker = L.marker(e.latlng).addTo(map);
        show();
      });
    });
    show();
  }

  document.querySelectorAll("[data-place-picker]").forEach(init);
})();
