"""Geocoding (offline GeoNames gazetteer or Nominatim, through geopy) and distances.

Import the interface from `tracker.geo.service`.
"""
