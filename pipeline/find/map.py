"""The find page's map, made with Folium but shaped for a public, locked-down site.

Folium's defaults don't fit here, so this module narrows them:

* assets: Leaflet and Leaflet.markercluster come from the XStatic packages and are served by the
  site itself; nothing else Folium would load (jQuery, Bootstrap, Font Awesome...) is used;
* data: no participant string is ever handed to Folium's Popup/Tooltip (they are pasted into
  JavaScript unescaped). Markers are made in the browser from the site's ``places.json`` (loaded
  once, shared with the list), and their popups are built with DOM ``textContent``; the script
  carries no register data at all;
* output: only the map's *script* is taken (Folium's page header sets ``user-scalable=no`` and
  page-wide styles); it goes into a file of its own, with stable element ids, so builds are
  byte-identical and the page needs no inline script.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import folium
from branca.element import MacroElement
from folium.plugins import MarkerCluster
from folium.template import Template
from xstatic.pkg import leaflet as xs_leaflet
from xstatic.pkg import leaflet_markercluster as xs_cluster

VENDOR_DIR = "vendor"  # under the site's theme static directory

# (source package directory, file inside it, name under vendor/): exactly what the map uses.
_VENDOR_FILES = [
    (xs_leaflet.BASE_DIR, "leaflet.js", "leaflet/leaflet.js"),
    (xs_leaflet.BASE_DIR, "leaflet.css", "leaflet/leaflet.css"),
    (xs_leaflet.BASE_DIR, "images/layers.png", "leaflet/images/layers.png"),
    (xs_leaflet.BASE_DIR, "images/layers-2x.png", "leaflet/images/layers-2x.png"),
    (xs_leaflet.BASE_DIR, "images/marker-icon.png", "leaflet/images/marker-icon.png"),  # named in leaflet.css
    (xs_cluster.BASE_DIR, "leaflet.markercluster.js", "markercluster/leaflet.markercluster.js"),
    (xs_cluster.BASE_DIR, "MarkerCluster.css", "markercluster/MarkerCluster.css"),
    (xs_cluster.BASE_DIR, "MarkerCluster.Default.css", "markercluster/MarkerCluster.Default.css"),
]


def copy_vendor_assets(target: Path) -> list[str]:
    """Copy Leaflet and markercluster from their PyPI packages into ``target``; return the names."""
    names = []
    for base, source, name in _VENDOR_FILES:
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(base) / source, destination)
        names.append(name)
    return names


@dataclass(frozen=True)
class MapAssets:
    """What the page must load for the map, as paths relative to the theme static root."""

    js: tuple[str, ...]
    css: tuple[str, ...]


class SiteMap(folium.Map):
    """A ``folium.Map`` that loads only self-hosted Leaflet (never Folium's CDN list)."""

    default_js = [("leaflet", f"{VENDOR_DIR}/leaflet/leaflet.js")]
    default_css = [("leaflet_css", f"{VENDOR_DIR}/leaflet/leaflet.css")]


class SiteMarkerCluster(MarkerCluster):
    """Folium's MarkerCluster with the plugin served by the site itself."""

    default_js = [("markerclusterjs", f"{VENDOR_DIR}/markercluster/leaflet.markercluster.js")]
    default_css = [
        ("markerclustercss", f"{VENDOR_DIR}/markercluster/MarkerCluster.css"),
        ("markerclusterdefaultcss", f"{VENDOR_DIR}/markercluster/MarkerCluster.Default.css"),
    ]


class SitePlainLayer(folium.FeatureGroup):
    """A plain layer for a small register's markers (no cluster code to download).

    ``theme/static/js/find/mapview.js`` asks its layer for markercluster's ``addLayers`` and
    ``zoomToShowLayer``; :class:`PlacesLayer` gives a plain layer both (every marker is shown
    on its own, so showing one needs no zooming: its popup pans the map to it)."""


class PlacesLayer(MacroElement):
    """Adds one marker per place to a cluster, from the page's places data, with safe popups.

    The browser-side code lives in ``theme/static/js/places-layer.js`` (``SafePlace.addPlaces``);
    this element only wires the Folium map and cluster to it, so the generated script stays tiny
    and free of data.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {% if this.plain %}
        (function (layer) {
            layer.addLayers = function (markers) {
                markers.forEach(function (marker) { layer.addLayer(marker); });
                return layer;
            };
            layer.zoomToShowLayer = function (marker, done) { done(); };
        })({{ this._parent.get_name() }});
        {% endif %}
        SafePlace.addPlaces({{ this._parent._parent.get_name() }}, {{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, plain: bool = False):
        super().__init__()
        self._name = "PlacesLayer"
        self.plain = plain


def build_map(*, center: tuple[float, float], tiles: dict, zoom: int = 10, cluster: bool = True) -> SiteMap:
    """The map for /find/: tiles from the configured server, a cluster (or, for a register of
    at most ``MAP_CLUSTER_ABOVE`` places, a plain layer), and the places layer."""
    # A fixed first view (not fit_bounds, which animates while the page is still wiring up).
    site_map = SiteMap(
        location=list(center),
        zoom_start=zoom,
        tiles=None,
        control_scale=True,
        max_bounds=False,
        prefer_canvas=False,
    )
    # Pages send no Referer (Referrer-Policy: no-referrer), but tile servers such as
    # OpenStreetMap's refuse tile requests without one: the tiles alone send the site's origin
    # (never a page's path), as MAP_TILES["referrer_policy"] says.
    folium.TileLayer(
        tiles=tiles["url"],
        attr=tiles["attribution"],
        max_zoom=tiles.get("max_zoom", 19),
        min_zoom=tiles.get("min_zoom", 9),
        referrer_policy=tiles.get("referrer_policy", "strict-origin-when-cross-origin"),
        name="map",
    ).add_to(site_map)
    layer = (
        SiteMarkerCluster(
            name="Safe Places",
            control=False,
            options={"showCoverageOnHover": False, "maxClusterRadius": 50, "chunkedLoading": True},
        )
        if cluster
        else SitePlainLayer(name="Safe Places", control=False)
    )
    layer.add_to(site_map)
    PlacesLayer(plain=not cluster).add_to(layer)
    _stable_ids(site_map)
    return site_map


def _stable_ids(root) -> None:
    """Replace Folium's random element ids with ones derived from position in the tree."""
    counter = 0

    def walk(element):
        nonlocal counter
        element._id = "safeplace" if element is root else str(counter)
        counter += 1
        for child in list(element._children.values()):
            walk(child)

    walk(root)

    # Children are keyed by their (old) names; re-key so rendering order and names agree.
    def rekey(element):
        element._children = {c.get_name(): c for c in element._children.values()}
        for child in element._children.values():
            rekey(child)

    rekey(root)


def render_map(site_map: SiteMap) -> tuple[str, str, MapAssets]:
    """Render to (container element id, JavaScript source, assets), leaving Folium's page behind."""
    figure = site_map.get_root()
    figure.render()
    script = figure.script.render().strip() + "\n"  # type: ignore[attr-defined]
    js, css = [], []
    for element in _walk(site_map):
        js += [url for _, url in getattr(element, "default_js", []) if url not in js]
        css += [url for _, url in getattr(element, "default_css", []) if url not in css]
    return site_map.get_name(), script, MapAssets(tuple(js), tuple(css))


def _walk(element):
    yield element
    for child in element._children.values():
        yield from _walk(child)
