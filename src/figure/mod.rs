//! A figure for a report: the map with its title, the date shown, the legend, a scale bar,
//! the attribution, and the sentences of the article that speak of the items, laid out on a
//! page and written as one SVG document. [`output`] turns it into SVG, PDF or PNG.

pub mod compose;
pub mod headless;
pub mod output;
pub mod svg;

use egui::Color32;

use crate::io::basemap::{Basemap, PlaceKind};
use crate::map::mercator::{Unit, unit};
use crate::map::overlay::{ItemShape, ItemTime, Overlay, OverlayItem, time_of};
use crate::map::overlay_layer::phase_look;
use crate::map::simplestyle::ItemStyle;
use crate::map::view::{BoundsDeg, round_length_m};
use crate::model::Kind;
use crate::model::history::Phase;
use crate::style::basemap as colours;
use crate::style::figure as ink;
use svg::{Svg, TextStyle, paint, text_width, wrap};

/// What a figure shows besides the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FigureOptions {
    /// The legend of the kinds shown.
    pub legend: bool,
    /// The sentences that mention the items, and their sources.
    pub citations: bool,
    /// The English gloss under each quoted sentence.
    pub gloss: bool,
}

impl Default for FigureOptions {
    fn default() -> Self {
        Self {
            legend: true,
            citations: true,
            gloss: false,
        }
    }
}

/// One sentence of an article that mentions an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The sentence, in the article's language.
    pub text: String,
    /// Its English gloss, if the story has one.
    pub gloss: Option<String>,
    /// Where it comes from: "AZERTAC, 2023-04-10, paragraph 8".
    pub place: String,
}

/// What the figure says of one item: its name, what it was on the date, the sentences that
/// mention it and its sources.
#[derive(Debug, Clone, PartialEq)]
pub struct Citation {
    /// The item's name.
    pub name: String,
    /// Its kind and its status on the date: "Railway, operating".
    pub what: String,
    /// Its colour on the map.
    pub colour: Color32,
    /// The sentences that mention it.
    pub quotes: Vec<Quote>,
    /// Its sources: title and address.
    pub sources: Vec<(String, String)>,
    /// Sources left out for room.
    pub more_sources: usize,
}

/// One layer's items as the figure draws them.
pub struct FigureLayer<'a> {
    /// The prepared items.
    pub overlay: &'a Overlay,
    /// Per item: drawn or not; empty draws all.
    pub visible: &'a [bool],
    /// The dated items on the date shown.
    pub time: &'a [ItemTime],
    /// The selected items, drawn with a halo and always named.
    pub selected: &'a [usize],
}

/// Everything a figure shows.
pub struct Figure<'a> {
    /// The title, e.g. the story's.
    pub title: String,
    /// The line under it: the date shown, the story's source.
    pub subtitle: String,
    /// The part of the world the map shows (fitted into the map's frame).
    pub bounds: BoundsDeg,
    /// The share of the map's frame left free around `bounds` on each side (0 to 0.4).
    pub margin: f64,
    /// The layers, bottom first.
    pub layers: Vec<FigureLayer<'a>>,
    /// The citations of the items, in order.
    pub citations: Vec<Citation>,
    /// Who made the basemap and the data.
    pub attribution: String,
    /// What is shown besides the map.
    pub options: FigureOptions,
    /// The basemap, drawn as vectors.
    pub basemap: &'a Basemap,
}

/// A page size in page units (points for a PDF).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Page {
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// A rectangle: left, top, width, height.
type Frame = [f64; 4];

/// Where the parts go on the page.
struct Layout {
    margin: f64,
    map: Frame,
    side: Option<Frame>,
    /// The size of body text.
    text: f64,
}

fn layout(figure: &Figure<'_>, page: Page) -> Layout {
    let short = page.width.min(page.height);
    let margin = (short * 0.035).max(10.0);
    let text = (short / 60.0).clamp(7.0, 14.0);
    let top = margin + text * 4.2;
    let has_side = figure.options.legend || figure.options.citations;
    let (map, side) = if !has_side {
        (
            [
                margin,
                top,
                page.width - 2.0 * margin,
                page.height - top - margin,
            ],
            None,
        )
    } else if page.width >= page.height {
        let map_w = (page.width - 2.0 * margin) * 0.64;
        (
            [margin, top, map_w, page.height - top - margin],
            Some([
                2.0 * margin + map_w,
                top,
                page.width - 3.0 * margin - map_w,
                page.height - top - margin,
            ]),
        )
    } else {
        let map_h = (page.height - top - margin) * 0.6;
        (
            [margin, top, page.width - 2.0 * margin, map_h],
            Some([
                margin,
                top + map_h + margin,
                page.width - 2.0 * margin,
                page.height - top - map_h - 2.0 * margin,
            ]),
        )
    };
    Layout {
        margin,
        map,
        side,
        text,
    }
}

/// The least width or height of the part of the world a figure shows, in degrees of
/// longitude.
const MIN_SPAN_DEG: f64 = 1.5;

/// From Mercator units to page units, for a map frame.
struct Projection {
    scale: f64,
    origin: Unit,
    frame: Frame,
}

impl Projection {
    fn fit(bounds: BoundsDeg, margin: f64, frame: Frame) -> Self {
        let [x0, y0] = unit(bounds.west, bounds.north);
        let [x1, y1] = unit(bounds.east, bounds.south);
        let [_, _, w, h] = frame;
        let room = 1.0 - 2.0 * margin.clamp(0.0, 0.4);
        // A port or a town alone is shown with its surroundings: at least about 150 km.
        let least = MIN_SPAN_DEG / 360.0;
        let scale = ((w * room) / (x1 - x0).max(least)).min((h * room) / (y1 - y0).max(least));
        let centre = [f64::midpoint(x0, x1), f64::midpoint(y0, y1)];
        let origin = [centre[0] - w / 2.0 / scale, centre[1] - h / 2.0 / scale];
        Self {
            scale,
            origin,
            frame,
        }
    }

    fn at(&self, [x, y]: Unit) -> [f64; 2] {
        let [left, top, _, _] = self.frame;
        [
            left + (x - self.origin[0]) * self.scale,
            top + (y - self.origin[1]) * self.scale,
        ]
    }

    fn line(&self, units: &[Unit]) -> Vec<[f64; 2]> {
        units.iter().map(|u| self.at(*u)).collect()
    }

    /// The box of Mercator units the frame shows.
    fn units_in_frame(&self) -> (Unit, Unit) {
        let [_, _, w, h] = self.frame;
        (
            self.origin,
            [
                self.origin[0] + w / self.scale,
                self.origin[1] + h / self.scale,
            ],
        )
    }

    /// The box of Mercator units the frame shows, with room for line widths and labels.
    fn units_shown(&self) -> (Unit, Unit) {
        let [_, _, w, h] = self.frame;
        let margin = 0.1 * w.max(h) / self.scale;
        (
            [self.origin[0] - margin, self.origin[1] - margin],
            [
                self.origin[0] + w / self.scale + margin,
                self.origin[1] + h / self.scale + margin,
            ],
        )
    }

    fn centre_lat_deg(&self) -> f64 {
        let [_, _, w, h] = self.frame;
        let centre = [
            self.origin[0] + w / 2.0 / self.scale,
            self.origin[1] + h / 2.0 / self.scale,
        ];
        crate::map::mercator::lon_lat(centre).1
    }
}

/// The figure as an SVG document on a page of `page` units.
pub fn svg(figure: &Figure<'_>, page: Page) -> String {
    let layout = layout(figure, page);
    let mut doc = Svg::new(page.width, page.height);
    doc.rect(
        [0.0, 0.0, page.width, page.height],
        &paint("fill", Color32::WHITE),
    );
    heading(&mut doc, figure, &layout, page);
    let projection = Projection::fit(figure.bounds, figure.margin, layout.map);
    let [x, y, w, h] = layout.map;
    doc.raw(&format!(
        "<defs><clipPath id=\"map\"><rect x=\"{x:.2}\" y=\"{y:.2}\" width=\"{w:.2}\" height=\"{h:.2}\"/></clipPath></defs>"
    ));
    doc.open("clip-path=\"url(#map)\"");
    basemap(&mut doc, figure.basemap, &projection, &layout);
    let mut labels = Labels::default();
    // What the map frame really shows, for the legend.
    let mut drawn = Drawn::default();
    for layer in &figure.layers {
        items(
            &mut doc,
            layer,
            &projection,
            (&mut labels, &mut drawn),
            &layout,
        );
    }
    labels.write(&mut doc, layout.text * 0.95, layout.map);
    scale_bar(&mut doc, &projection, &layout);
    attribution(&mut doc, &figure.attribution, &layout);
    doc.close();
    doc.rect(
        layout.map,
        "fill=\"none\" stroke=\"#555555\" stroke-width=\"0.8\"",
    );
    if let Some(side) = layout.side {
        side_panel(&mut doc, figure, side, (&layout, &drawn));
    }
    doc.finish()
}

fn heading(doc: &mut Svg, figure: &Figure<'_>, layout: &Layout, page: Page) {
    let size = layout.text * 1.9;
    let most = page.width - 2.0 * layout.margin;
    // A title too long for the page is cut at a word, with an ellipsis.
    let mut title = figure.title.clone();
    let mut words: Vec<&str> = figure.title.split_whitespace().collect();
    while text_width(&title, size) > most && words.len() > 1 {
        words.pop();
        title = format!("{}…", words.join(" "));
    }
    let ink = ink::INK;
    doc.text(
        [layout.margin, layout.margin + size],
        &title,
        TextStyle {
            bold: true,
            ..TextStyle::plain(size, ink)
        },
    );
    doc.text(
        [layout.margin, layout.margin + size + layout.text * 1.6],
        &figure.subtitle,
        TextStyle::plain(layout.text, ink::SUBTITLE),
    );
}

fn rgb(c: colours::Rgb) -> Color32 {
    crate::style::rgb(c[0], c[1], c[2])
}

/// Water, land, lakes, borders and the larger places, as vectors.
fn basemap(doc: &mut Svg, basemap: &Basemap, projection: &Projection, layout: &Layout) {
    doc.rect(layout.map, &paint("fill", rgb(colours::WATER)));
    let (low, high) = projection.units_shown();
    let shown = |polygon: &geo::Polygon<f64>| {
        use geo::BoundingRect;
        polygon.bounding_rect().is_some_and(|rect| {
            let a = unit(rect.min().x, rect.max().y);
            let b = unit(rect.max().x, rect.min().y);
            a[0] <= high[0] && b[0] >= low[0] && a[1] <= high[1] && b[1] >= low[1]
        })
    };
    let rings = |polygons: &geo::MultiPolygon<f64>| -> Vec<Vec<[f64; 2]>> {
        polygons
            .0
            .iter()
            .filter(|p| shown(p))
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
            .map(|ring| {
                ring.coords()
                    .map(|c| projection.at(unit(c.x, c.y)))
                    .collect()
            })
            .collect()
    };
    let land = rings(&basemap.land);
    doc.path(
        land.iter().map(Vec::as_slice),
        true,
        &format!(
            "{} fill-rule=\"evenodd\" {} stroke-width=\"0.6\"",
            paint("fill", rgb(colours::LAND)),
            paint("stroke", rgb(colours::COAST))
        ),
    );
    let lakes = rings(&basemap.lakes);
    doc.path(
        lakes.iter().map(Vec::as_slice),
        true,
        &format!(
            "{} {} stroke-width=\"0.5\"",
            paint("fill", rgb(colours::WATER)),
            paint("stroke", rgb(colours::COAST))
        ),
    );
    let borders: Vec<Vec<[f64; 2]>> = basemap
        .borders
        .0
        .iter()
        .map(|line| {
            line.coords()
                .map(|c| projection.at(unit(c.x, c.y)))
                .collect()
        })
        .collect();
    doc.path(
        borders.iter().map(Vec::as_slice),
        false,
        &format!(
            "fill=\"none\" {} stroke-width=\"0.8\" stroke-dasharray=\"3 2\"",
            paint("stroke", rgb(colours::BORDER))
        ),
    );
    places(doc, basemap, projection, layout);
}

/// Capitals and the main cities in the frame, with their names.
fn places(doc: &mut Svg, basemap: &Basemap, projection: &Projection, layout: &Layout) {
    let [x, y, w, h] = layout.map;
    let size = layout.text * 0.85;
    for place in basemap
        .places
        .iter()
        .filter(|p| p.kind == PlaceKind::Capital || p.rank <= 2)
    {
        let at = projection.at(unit(place.position.x(), place.position.y()));
        if at[0] < x + 4.0 || at[0] > x + w - 4.0 || at[1] < y + 4.0 || at[1] > y + h - 4.0 {
            continue;
        }
        if at[0] + size * 0.45 + text_width(&place.name, size) > x + w {
            continue;
        }
        doc.circle(at, size * 0.22, &paint("fill", ink::PLACE_DOT));
        doc.text(
            [at[0] + size * 0.45, at[1] + size * 0.35],
            &place.name,
            TextStyle::plain(size, ink::PLACE_TEXT),
        );
    }
}

/// A path's stroke attributes in a style.
fn stroke(style: &ItemStyle, width: f64, colour: Color32) -> String {
    let dash = style
        .dash
        .map(|[d, g]| format!(" stroke-dasharray=\"{d:.1} {g:.1}\""))
        .unwrap_or_default();
    format!(
        "fill=\"none\" {} stroke-width=\"{width:.2}\" stroke-linecap=\"round\" stroke-linejoin=\"round\"{dash}",
        paint("stroke", colour)
    )
}

/// The kinds and phases of the items drawn in the map's frame.
#[derive(Default)]
struct Drawn {
    kinds: std::collections::BTreeSet<Kind>,
    phases: std::collections::BTreeSet<Phase>,
}

/// Names waiting to be written, last over everything, where they do not overlap.
#[derive(Default)]
struct Labels {
    wanted: Vec<([f64; 2], String, bool)>,
}

impl Labels {
    fn write(self, doc: &mut Svg, size: f64, [fx, fy, fw, fh]: Frame) {
        let mut taken: Vec<Frame> = Vec::new();
        let mut wanted = self.wanted;
        // Selected items are named first, so that theirs are never crowded out.
        wanted.sort_by_key(|(_, _, selected)| !selected);
        for (at, name, selected) in wanted {
            let width = text_width(&name, size);
            let frame = [at[0], at[1] - size, width, size * 1.3];
            // Only whole names inside the map: a cut one reads as another word.
            let inside = frame[0] >= fx
                && frame[1] >= fy
                && frame[0] + frame[2] <= fx + fw
                && frame[1] + frame[3] <= fy + fh;
            let overlaps = !inside
                || taken.iter().any(|t| {
                    frame[0] < t[0] + t[2]
                        && t[0] < frame[0] + frame[2]
                        && frame[1] < t[1] + t[3]
                        && t[1] < frame[1] + frame[3]
                });
            if overlaps {
                continue;
            }
            taken.push(frame);
            // A light box behind the name, not an outline of its letters: an outline would be
            // a second copy of the text in a PDF.
            doc.rect(
                [
                    frame[0] - 1.5,
                    frame[1] + size * 0.05,
                    frame[2] + 3.0,
                    size * 1.2,
                ],
                "fill=\"#ffffff\" fill-opacity=\"0.75\" rx=\"2\"",
            );
            doc.text(
                at,
                &name,
                TextStyle {
                    bold: selected,
                    ..TextStyle::plain(size, ink::LABEL)
                },
            );
        }
    }
}

/// The items of one layer: areas, then lines, then points, the selected ones over a halo.
fn items(
    doc: &mut Svg,
    layer: &FigureLayer<'_>,
    projection: &Projection,
    (labels, drawn_here): (&mut Labels, &mut Drawn),
    layout: &Layout,
) {
    let (low, high) = projection.units_shown();
    let scale = layout.text / 10.0;
    let drawn: Vec<(usize, &OverlayItem)> = layer
        .overlay
        .in_box(low, high)
        .into_iter()
        .filter(|i| layer.visible.get(*i).copied().unwrap_or(true))
        .filter_map(|i| Some((i, layer.overlay.items.get(i)?)))
        .collect();
    let (in_low, in_high) = projection.units_in_frame();
    for (index, item) in &drawn {
        let inside = item.envelope.is_some_and(|[a, b]| {
            a[0] <= in_high[0] && b[0] >= in_low[0] && a[1] <= in_high[1] && b[1] >= in_low[1]
        });
        if inside {
            drawn_here.kinds.insert(item.kind.clone());
            drawn_here
                .phases
                .insert(crate::map::overlay::phase_drawn(layer.time, *index, item));
        }
    }
    for pass in 0..3 {
        for (index, item) in &drawn {
            let (style, version) = match time_of(layer.time, *index) {
                Some(time) => (item.style.in_phase(time.phase), Some(time.version)),
                None => (item.style, None),
            };
            let selected = layer.selected.contains(index);
            // Each item's shapes are a group named by its id, for editors and other tools.
            doc.open(&format!("data-item=\"{}\"", svg::escape(&item.id.0)));
            let shapes = layer.overlay.shapes(*index);
            for shape in shapes.in_version(version) {
                shape_ui(doc, projection, (shape, &style), pass, selected, scale);
            }
            doc.close();
            if pass == 2
                && (item.kind != Kind::Region || selected)
                && let Some(at) = label_at(shapes.in_version(version).next(), projection, scale)
            {
                labels
                    .wanted
                    .push((at, item.short_name().to_owned(), selected));
            }
        }
    }
}

/// Draws one shape in its pass: areas first (0), lines (1), points (2).
fn shape_ui(
    doc: &mut Svg,
    projection: &Projection,
    (shape, style): (&ItemShape, &ItemStyle),
    pass: u8,
    selected: bool,
    scale: f64,
) {
    let halo = crate::style::overlay::SELECTION_HALO;
    let width = f64::from(style.stroke_width) * scale;
    match (shape, pass) {
        (ItemShape::Area { rings, .. }, 0) => {
            let rings: Vec<Vec<[f64; 2]>> = rings.iter().map(|r| projection.line(r)).collect();
            let outline = if selected { 2.5 } else { 1.0 } * scale;
            doc.path(
                rings.iter().map(Vec::as_slice),
                true,
                &format!(
                    "{} fill-rule=\"evenodd\" {} stroke-width=\"{outline:.2}\"",
                    paint("fill", style.fill),
                    paint("stroke", style.stroke)
                ),
            );
        }
        (ItemShape::Lines(lines), 1) => {
            let lines: Vec<Vec<[f64; 2]>> = lines.iter().map(|l| projection.line(l)).collect();
            let (under, colour) = if selected {
                (width + 8.0 * scale, halo)
            } else {
                (width + 2.0 * scale, crate::style::overlay::CASING)
            };
            let plain = ItemStyle {
                dash: None,
                ..*style
            };
            doc.path(
                lines.iter().map(Vec::as_slice),
                false,
                &stroke(&plain, under, colour),
            );
            doc.path(
                lines.iter().map(Vec::as_slice),
                false,
                &stroke(style, width, style.stroke),
            );
        }
        (ItemShape::Point(u), 2) => {
            let at = projection.at(*u);
            let radius = f64::from(style.marker_radius) * scale;
            if selected {
                doc.circle(at, radius + 4.0 * scale, &paint("fill", halo));
            }
            doc.circle(
                at,
                radius,
                &format!(
                    "{} stroke=\"#ffffff\" stroke-width=\"{:.2}\"",
                    paint("fill", style.marker),
                    1.5 * scale
                ),
            );
        }
        _ => {}
    }
}

/// Where an item's name goes: beside a point, above the middle of its longest line.
fn label_at(shape: Option<&ItemShape>, projection: &Projection, scale: f64) -> Option<[f64; 2]> {
    match shape? {
        ItemShape::Point(u) => {
            let [x, y] = projection.at(*u);
            Some([x + 9.0 * scale, y + 3.5 * scale])
        }
        ItemShape::Lines(lines) => {
            let line = lines.iter().max_by_key(|l| l.len())?;
            let middle = line.get(line.len() / 2)?;
            let [x, y] = projection.at(*middle);
            Some([x + 4.0 * scale, y - 6.0 * scale])
        }
        ItemShape::Area { .. } => None,
    }
}

/// A scale bar in the map's bottom-left corner, for the latitude of its centre.
fn scale_bar(doc: &mut Svg, projection: &Projection, layout: &Layout) {
    let [x, y, w, h] = layout.map;
    let metres_per_unit =
        40_075_016.686 * projection.centre_lat_deg().to_radians().cos() / projection.scale;
    let length_m = round_length_m(w * 0.2 * metres_per_unit);
    let length = length_m / metres_per_unit;
    let size = layout.text * 0.85;
    let left = x + layout.text;
    let base = y + h - layout.text;
    doc.rect(
        [left - 3.0, base - size * 1.9, length + 6.0, size * 2.4],
        "fill=\"#ffffff\" fill-opacity=\"0.75\"",
    );
    doc.path(
        [&[
            [left, base - 4.0],
            [left, base],
            [left + length, base],
            [left + length, base - 4.0],
        ][..]],
        false,
        "fill=\"none\" stroke=\"#333333\" stroke-width=\"1.2\"",
    );
    let label = if length_m >= 1000.0 {
        format!("{} km", length_m / 1000.0)
    } else {
        format!("{length_m} m")
    };
    doc.text(
        [left, base - 6.0],
        &label,
        TextStyle::plain(size, ink::SCALE_TEXT),
    );
}

/// The attribution in the map's bottom-right corner.
fn attribution(doc: &mut Svg, text: &str, layout: &Layout) {
    let [x, y, w, h] = layout.map;
    let size = layout.text * 0.75;
    let width = text_width(text, size);
    let right = x + w - 4.0;
    let base = y + h - 4.0;
    doc.rect(
        [
            right - width - 4.0,
            base - size * 1.2,
            width + 8.0,
            size * 1.6,
        ],
        "fill=\"#ffffff\" fill-opacity=\"0.8\"",
    );
    doc.text(
        [right, base],
        text,
        TextStyle {
            anchor: "end",
            ..TextStyle::plain(size, ink::ATTRIBUTION)
        },
    );
}

/// The legend and the citations beside (or under) the map.
fn side_panel(doc: &mut Svg, figure: &Figure<'_>, side: Frame, (layout, drawn): (&Layout, &Drawn)) {
    let [x, top, w, h] = side;
    let mut y = top + layout.text;
    let bottom = top + h;
    if figure.options.legend {
        y = legend(doc, drawn, [x, y, w, h], layout.text);
        y += layout.text;
    }
    if figure.options.citations {
        citations(doc, figure, [x, y, w, bottom - y], layout.text);
    }
}

fn legend(doc: &mut Svg, drawn: &Drawn, [x, top, width, _]: Frame, size: f64) -> f64 {
    let ink = ink::INK;
    doc.text(
        [x, top],
        "Legend",
        TextStyle {
            bold: true,
            ..TextStyle::plain(size * 1.1, ink)
        },
    );
    let first = top + size * 1.6;
    let none = serde_json::Map::new();
    let mut rows: Vec<(Option<&Kind>, ItemStyle, &str)> = drawn
        .kinds
        .iter()
        .map(|kind| {
            let style = ItemStyle::of(kind, false, &none, Color32::GRAY);
            (Some(kind), style, kind.label())
        })
        .collect();
    for phase in &drawn.phases {
        let Some((dash, words)) = phase_look(*phase) else {
            continue;
        };
        let sample = ItemStyle::of(&Kind::Railway, false, &none, Color32::GRAY);
        let colour = match phase {
            Phase::Closed => crate::style::overlay::CLOSED_SAMPLE,
            Phase::NotYet => crate::style::overlay::PLANNED_SAMPLE
                .gamma_multiply(crate::style::overlay::GHOST_ALPHA),
            _ => crate::style::overlay::PLANNED_SAMPLE,
        };
        let style = ItemStyle {
            stroke: colour,
            dash,
            ..sample
        };
        rows.push((None, style, words));
    }
    // Two columns when the side is wide enough for them.
    let columns = if width >= size * 30.0 && rows.len() > 5 {
        2
    } else {
        1
    };
    let per_column = rows.len().div_ceil(columns);
    for (n, (kind, style, label)) in rows.iter().enumerate() {
        let column = (n / per_column.max(1)) as f64;
        let row = (n % per_column.max(1)) as f64;
        let at = [x + column * width / 2.0, first + row * size * 1.45];
        legend_row(doc, at, size, (*kind, style), label);
    }
    first + per_column as f64 * size * 1.45
}

/// One row of the legend: a sample drawn as the map draws the kind (a marker for points, a
/// patch for areas, else a line), and its words.
fn legend_row(
    doc: &mut Svg,
    [x, y]: [f64; 2],
    size: f64,
    (kind, style): (Option<&Kind>, &ItemStyle),
    label: &str,
) {
    let middle = [x + size * 1.1, y - size * 0.35];
    let scale = size / 10.0;
    match kind {
        Some(Kind::Seaport | Kind::OilTerminal | Kind::Place | Kind::OilField) => {
            doc.circle(
                middle,
                f64::from(style.marker_radius) * scale,
                &format!(
                    "{} stroke=\"#ffffff\" stroke-width=\"1\"",
                    paint("fill", style.marker)
                ),
            );
        }
        Some(Kind::Region) => doc.rect(
            [x, y - size * 0.8, size * 2.2, size * 0.9],
            &paint("fill", style.stroke.gamma_multiply(0.35)),
        ),
        _ => {
            let line = [[x, middle[1]], [x + size * 2.2, middle[1]]];
            doc.path(
                [&line[..]],
                false,
                &stroke(style, f64::from(style.stroke_width) * scale, style.stroke),
            );
        }
    }
    doc.text(
        [x + size * 3.0, y],
        label,
        TextStyle::plain(size, ink::LEGEND_TEXT),
    );
}

/// The citations: for each item its name, the sentences that mention it, and its sources,
/// as many as there is room for, and how many more there are.
fn citations(doc: &mut Svg, figure: &Figure<'_>, [x, top, w, h]: Frame, size: f64) {
    let ink = ink::INK;
    let grey = ink::NOTE;
    let bottom = top + h - size;
    doc.text(
        [x, top],
        "What the article says, and the sources",
        TextStyle {
            bold: true,
            ..TextStyle::plain(size * 1.1, ink)
        },
    );
    let mut y = top + size * 1.7;
    let small = size * 0.82;
    for (shown, citation) in figure.citations.iter().enumerate() {
        // Where room is short, fewer of its sources are listed (the rest are counted).
        let fitted = (0..=citation.sources.len()).rev().find_map(|keep| {
            let lines = citation_lines(citation, keep, (figure.options.gloss, size, small), w);
            let needed: f64 = lines.iter().map(|l| l.1.size * 1.3).sum();
            (y + needed <= bottom).then_some(lines)
        });
        let Some(lines) = fitted else {
            let left = figure.citations.len() - shown;
            doc.text(
                [x, y.min(bottom)],
                &format!("… {left} more in the GeoJSON export of the same view"),
                TextStyle {
                    italic: true,
                    ..TextStyle::plain(small, grey)
                },
            );
            return;
        };
        doc.rect(
            [x, y - size * 0.8, size * 0.8, size * 0.8],
            &paint("fill", citation.colour),
        );
        for (indent, style, text) in lines {
            doc.text([x + indent, y], &text, style);
            y += style.size * 1.3;
        }
        y += size * 0.5;
    }
}

/// A citation as lines: (indent, style, text).
fn citation_lines(
    citation: &Citation,
    sources: usize,
    (gloss, size, small): (bool, f64, f64),
    width: f64,
) -> Vec<(f64, TextStyle, String)> {
    let ink = ink::INK;
    let grey = ink::NOTE;
    let mut lines = vec![(
        size * 1.2,
        TextStyle {
            bold: true,
            ..TextStyle::plain(size, ink)
        },
        format!("{} ({})", citation.name, citation.what),
    )];
    let indent = size * 1.2;
    let quote_style = TextStyle {
        italic: true,
        ..TextStyle::plain(size, ink)
    };
    for quote in &citation.quotes {
        for line in wrap(&format!("„{}“", quote.text), size, width - indent) {
            lines.push((indent, quote_style, line));
        }
        if gloss && let Some(gloss) = &quote.gloss {
            for line in wrap(gloss, small, width - indent) {
                lines.push((indent, TextStyle::plain(small, grey), line));
            }
        }
        lines.push((
            indent,
            TextStyle::plain(small, grey),
            format!("— {}", quote.place),
        ));
    }
    for (number, (title, url)) in citation.sources.iter().take(sources).enumerate() {
        let text = format!("[{}] {title}", number + 1);
        for line in
            wrap(&text, small, width - indent)
                .into_iter()
                .chain(wrap(url, small, width - indent))
        {
            lines.push((indent, TextStyle::plain(small, grey), line));
        }
    }
    let more = citation.more_sources + citation.sources.len().saturating_sub(sources);
    if more > 0 {
        lines.push((
            indent,
            TextStyle::plain(small, grey),
            format!("and {more} more sources in the data"),
        ));
    }
    lines
}
