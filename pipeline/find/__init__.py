"""The find page's data: exports (places.json, GeoJSON, CSV), the cells and search shards of a big
register, the server-rendered list and the map."""
