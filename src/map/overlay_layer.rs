//! Draws the story's items over the basemap: regions, routes, points, labels, then the
//! selection, in that order. Widths are in screen points, so routes keep their width at every
//! zoom.

use egui::{Align2, Color32, FontId, Pos2, Rect, Response, Shape, Stroke, Ui, pos2, vec2};
use walkers::{MapMemory, Plugin, Projector};

use crate::map::mercator;
use crate::map::overlay::{ItemShape, ItemTime, Overlay, OverlayItem, Unit, time_of};
use crate::map::simplestyle::ItemStyle;
use crate::model::Kind;
use crate::model::history::Phase;
use crate::style::overlay as style;

/// Screen position of Mercator units for the current view.
#[derive(Debug, Clone, Copy)]
pub struct ScreenTransform {
    centre: Unit,
    world_points: f64,
    clip_centre: Pos2,
}

impl ScreenTransform {
    /// The transform of the map as `projector` draws it.
    pub fn new(projector: &Projector<'_>) -> Self {
        let clip_centre = projector.clip_rect().center();
        let centre = projector.unproject(clip_centre.to_vec2());
        let [x, y] = mercator::unit(centre.x(), centre.y());
        Self::from_parts([x, y], projector.zoom(), clip_centre)
    }

    /// The transform that puts `centre` at `clip_centre` at `zoom`.
    pub fn from_parts(centre: Unit, zoom: f64, clip_centre: Pos2) -> Self {
        Self {
            centre,
            world_points: mercator::world_points(zoom),
            clip_centre,
        }
    }

    /// Where `unit` is on the screen.
    pub fn to_screen(&self, [x, y]: Unit) -> Pos2 {
        pos2(
            self.clip_centre.x + ((x - self.centre[0]) * self.world_points) as f32,
            self.clip_centre.y + ((y - self.centre[1]) * self.world_points) as f32,
        )
    }

    /// The Mercator units under a screen position.
    pub fn to_unit(&self, pos: Pos2) -> Unit {
        [
            self.centre[0] + f64::from(pos.x - self.clip_centre.x) / self.world_points,
            self.centre[1] + f64::from(pos.y - self.clip_centre.y) / self.world_points,
        ]
    }

    /// How many Mercator units `points` screen points make.
    pub fn units(&self, points: f32) -> f64 {
        f64::from(points) / self.world_points
    }
}

/// What to draw and how: which items are visible, selected and highlighted.
pub struct OverlayLayer<'a> {
    /// The prepared items.
    pub overlay: &'a Overlay,
    /// Per item: drawn or hidden.
    pub visible: &'a [bool],
    /// Items that are selected.
    pub selected: &'a [usize],
    /// Items whose passage the pointer is on, or that the pointer is over.
    pub highlighted: &'a [usize],
    /// The dated items on the date shown, by index.
    pub time: &'a [ItemTime],
    /// Draw the items themselves; `false` when tiles show them and only the selection and
    /// highlight are drawn here.
    pub vectors: bool,
    /// Screen rectangles already taken by labels in this frame, shared by all label makers.
    pub label_space: &'a std::cell::RefCell<Vec<Rect>>,
}

fn polyline(painter: &egui::Painter, points: Vec<Pos2>, stroke: Stroke, dash: Option<[f32; 2]>) {
    match dash {
        Some([dash, gap]) => painter.extend(Shape::dashed_line(&points, stroke, dash, gap)),
        None => {
            painter.add(Shape::line(points, stroke));
        }
    }
}

/// `points` moved `offset` points to the left of their direction (on the screen, y down),
/// corners mitred up to twice the offset.
fn offset_polyline(points: &[Pos2], offset: f32) -> Vec<Pos2> {
    if offset == 0.0 || points.len() < 2 {
        return points.to_vec();
    }
    // A repeated position has no direction: it would bend its neighbours.
    let mut points = points.to_vec();
    points.dedup_by(|a, b| (*a - *b).length_sq() < 1e-6);
    let normal = |a: Pos2, b: Pos2| {
        let d = (b - a).normalized();
        // Left of the direction with y pointing down; none for a segment of no length.
        (d != egui::Vec2::ZERO).then(|| vec2(d.y, -d.x))
    };
    (0..points.len())
        .map(|i| {
            let here = points.get(i).copied().unwrap_or(Pos2::ZERO);
            let before = i
                .checked_sub(1)
                .and_then(|j| points.get(j))
                .and_then(|p| normal(*p, here));
            let after = points.get(i + 1).and_then(|p| normal(here, *p));
            let n = match (before, after) {
                (Some(a), Some(b)) => {
                    let sum = a + b;
                    let cos = (sum.length() / 2.0).max(0.5);
                    sum.normalized() / cos
                }
                (Some(a), None) | (None, Some(a)) => a,
                (None, None) => egui::Vec2::ZERO,
            };
            let n = if n.x.is_finite() && n.y.is_finite() {
                n
            } else {
                egui::Vec2::ZERO
            };
            here + n * offset
        })
        .collect()
}

/// The outline of a selected or highlighted area, over its fill; story regions have their
/// own strong fill, every other area (a user's polygon, tiled or not) gets this.
fn draw_area_halo(
    painter: &egui::Painter,
    t: &ScreenTransform,
    item: &OverlayItem,
    style: &ItemStyle,
    shape: &ItemShape,
    halo: Color32,
) {
    let ItemShape::Area {
        rings, outlines, ..
    } = shape
    else {
        return;
    };
    if item.kind == Kind::Region {
        return;
    }
    // Tiled layers keep no outlines of their own: their rings are the outline.
    let edges = if outlines.is_empty() { rings } else { outlines };
    for ring in edges {
        let points: Vec<Pos2> = ring.iter().map(|u| t.to_screen(*u)).collect();
        painter.add(Shape::line(
            points.clone(),
            Stroke::new(2.0 * style::HALO_WIDTH, halo),
        ));
        painter.add(Shape::line(points, Stroke::new(2.0, style.stroke)));
    }
}

/// Draws the lines of a shape over a casing, or over `halo` when it is highlighted or
/// selected.
fn draw_lines(
    painter: &egui::Painter,
    t: &ScreenTransform,
    item: &OverlayItem,
    style: &ItemStyle,
    shape: &ItemShape,
    halo: Option<Color32>,
) {
    let ItemShape::Lines(lines) = shape else {
        return;
    };
    let width = style.stroke_width;
    for line in lines {
        let points: Vec<Pos2> = line.iter().map(|u| t.to_screen(*u)).collect();
        let points = offset_polyline(&points, item.offset_points);
        let (under_width, under_colour) = match halo {
            Some(halo) => (width + 2.0 * style::HALO_WIDTH, halo),
            None => (width + 2.0, style::CASING),
        };
        painter.add(Shape::line(
            points.clone(),
            Stroke::new(under_width, under_colour),
        ));
        polyline(
            painter,
            points,
            Stroke::new(width, style.stroke),
            style.dash,
        );
    }
}

/// Draws a point's marker by its kind, over `halo` when it is highlighted or selected.
fn draw_point(
    painter: &egui::Painter,
    t: &ScreenTransform,
    item: &OverlayItem,
    style: &ItemStyle,
    shape: &ItemShape,
    halo: Option<Color32>,
) {
    let ItemShape::Point(u) = shape else {
        return;
    };
    let centre = t.to_screen(*u);
    let colour = style.marker;
    let radius = style.marker_radius;
    if let Some(halo) = halo {
        painter.circle_filled(centre, radius + style::HALO_WIDTH, halo);
    }
    match item.kind {
        Kind::OilTerminal => {
            let rect = Rect::from_center_size(centre, vec2(2.0 * radius, 2.0 * radius));
            painter.rect(
                rect,
                1.0,
                colour,
                Stroke::new(1.5, Color32::WHITE),
                egui::StrokeKind::Outside,
            );
        }
        Kind::Place => {
            painter.circle(
                centre,
                radius * 0.8,
                Color32::WHITE,
                Stroke::new(2.5, colour),
            );
            painter.circle_filled(centre, radius * 0.35, colour);
        }
        _ => {
            painter.circle(centre, radius, colour, Stroke::new(1.5, Color32::WHITE));
            // Ports get a white ring inside, as on nautical charts.
            if item.kind == Kind::Seaport {
                painter.circle_stroke(centre, radius * 0.45, Stroke::new(1.2, Color32::WHITE));
            }
        }
    }
}

/// Where an item's name is written and which way it is aligned from there: beside a point
/// from zoom 4, above the middle of a route's visible part from zoom 6.5, never for areas.
fn label_anchor(
    t: &ScreenTransform,
    shape: Option<&ItemShape>,
    zoom: f64,
    clip: Rect,
) -> Option<(Pos2, Align2)> {
    match shape? {
        ItemShape::Point(u) if zoom >= 4.0 => Some((
            t.to_screen(*u) + vec2(style::POINT_RADIUS + 4.0, 0.0),
            Align2::LEFT_CENTER,
        )),
        ItemShape::Lines(lines) if zoom >= 6.5 => {
            // The middle of the part of the route that is on the map, so that the name
            // stands by the line the user sees.
            let inside = clip.shrink(30.0);
            let line = lines.iter().max_by_key(|l| l.len())?;
            let seen: Vec<Pos2> = line
                .windows(2)
                .filter_map(|pair| match pair {
                    [a, b] => Some((t.to_screen(*a), t.to_screen(*b))),
                    _ => None,
                })
                .flat_map(|(a, b)| (0..8).map(move |k| a.lerp(b, k as f32 / 8.0)))
                .filter(|p| inside.contains(*p))
                .collect();
            let middle = seen.get(seen.len() / 2)?;
            Some((*middle + vec2(0.0, -8.0), Align2::CENTER_BOTTOM))
        }
        _ => None,
    }
}

impl OverlayLayer<'_> {
    fn is_visible(&self, index: usize) -> bool {
        self.visible.get(index).copied().unwrap_or(true)
    }

    /// How an item looks on the date shown, and which version of its route is drawn.
    fn look(&self, index: usize, item: &OverlayItem) -> (ItemStyle, Option<usize>) {
        match time_of(self.time, index) {
            Some(time) => (item.style.in_phase(time.phase), Some(time.version)),
            None => (item.style, None),
        }
    }

    fn draw_area(
        &self,
        painter: &egui::Painter,
        t: &ScreenTransform,
        index: usize,
        (item, style): (&OverlayItem, &ItemStyle),
        shape: &ItemShape,
    ) {
        let ItemShape::Area {
            outlines,
            triangles,
            ..
        } = shape
        else {
            return;
        };
        let strong = self.selected.contains(&index) || self.highlighted.contains(&index);
        let fill = if strong && item.kind == Kind::Region {
            style.stroke.gamma_multiply(style::REGION_FILL_ALPHA_STRONG)
        } else {
            style.fill
        };
        let mut mesh = egui::Mesh::default();
        for corner in triangles {
            let next = u32::try_from(mesh.vertices.len()).unwrap_or(u32::MAX);
            mesh.colored_vertex(t.to_screen(*corner), fill);
            mesh.indices.push(next);
        }
        painter.add(Shape::mesh(mesh));
        // Story regions are outlined only when they are the point; other areas always.
        if strong || item.kind != Kind::Region {
            let width = if strong { 2.0 } else { 1.2 };
            for ring in outlines {
                let points = ring.iter().map(|u| t.to_screen(*u)).collect();
                polyline(painter, points, Stroke::new(width, style.stroke), None);
            }
        }
    }

    /// The visible items that reach into the view, with room for line widths and labels; none
    /// when tiles draw the items.
    fn items_in_view(&self, t: &ScreenTransform, clip: Rect) -> Vec<(usize, &OverlayItem)> {
        let margin = t.units(40.0);
        let view_min = t.to_unit(clip.min);
        let view_max = t.to_unit(clip.max);
        let (min, max) = (
            [view_min[0] - margin, view_min[1] - margin],
            [view_max[0] + margin, view_max[1] + margin],
        );
        // Tiles draw a big layer's items, all but the dated ones, whose look and route follow
        // the date: only those are drawn here.
        let candidates = if self.vectors {
            self.overlay.in_box(min, max)
        } else {
            self.overlay
                .dated
                .iter()
                .copied()
                .filter(|index| {
                    let envelope = self
                        .overlay
                        .items
                        .get(*index)
                        .and_then(|item| item.envelope);
                    envelope.is_some_and(|[low, high]| {
                        low[0] <= max[0]
                            && high[0] >= min[0]
                            && low[1] <= max[1]
                            && high[1] >= min[1]
                    })
                })
                .collect()
        };
        candidates
            .into_iter()
            .filter(|index| self.is_visible(*index))
            .filter_map(|index| Some((index, self.overlay.items.get(index)?)))
            .collect()
    }

    /// Draws the items: areas, then lines, then points.
    fn draw_items(
        &self,
        painter: &egui::Painter,
        t: &ScreenTransform,
        items: &[(usize, &OverlayItem)],
    ) {
        for (index, item) in items {
            let (style, version) = self.look(*index, item);
            for shape in self.overlay.shapes(*index).in_version(version) {
                self.draw_area(painter, t, *index, (item, &style), shape);
            }
        }
        // Sea routes under pipelines under railways: the rail line is what most passages name.
        let mut lines: Vec<&(usize, &OverlayItem)> = items.iter().collect();
        lines.sort_by_key(|(_, item)| match item.kind {
            Kind::Railway => 3,
            Kind::OilPipeline => 2,
            _ => 1,
        });
        for (index, item) in lines {
            let (style, version) = self.look(*index, item);
            for shape in self.overlay.shapes(*index).in_version(version) {
                draw_lines(painter, t, item, &style, shape, None);
            }
        }
        for (index, item) in items {
            let (style, version) = self.look(*index, item);
            for shape in self.overlay.shapes(*index).in_version(version) {
                draw_point(painter, t, item, &style, shape, None);
            }
        }
    }

    /// Draws the highlight and then the selection again, with a halo, over every item.
    fn draw_halos(&self, painter: &egui::Painter, t: &ScreenTransform) {
        for (halo, indices) in [
            (style::HOVER_HALO, self.highlighted),
            (style::SELECTION_HALO, self.selected),
        ] {
            for (index, item) in indices
                .iter()
                .filter(|i| self.is_visible(**i))
                .filter_map(|i| Some((*i, self.overlay.items.get(*i)?)))
            {
                let (style, version) = self.look(index, item);
                for shape in self.overlay.shapes(index).in_version(version) {
                    draw_area_halo(painter, t, item, &style, shape, halo);
                    draw_lines(painter, t, item, &style, shape, Some(halo));
                    draw_point(painter, t, item, &style, shape, Some(halo));
                }
            }
        }
    }

    /// Writes the items' names where there is room, selected items first so theirs are never
    /// crowded out, and takes that room from the labels drawn after.
    fn draw_labels(
        &self,
        painter: &egui::Painter,
        t: &ScreenTransform,
        items: &[(usize, &OverlayItem)],
        zoom: f64,
        clip: Rect,
    ) {
        let mut taken = self.label_space.borrow_mut();
        let mut order: Vec<&(usize, &OverlayItem)> = items.iter().collect();
        order.sort_by_key(|(index, _)| !self.selected.contains(index));
        for (index, item) in order {
            let (_, version) = self.look(*index, item);
            if time_of(self.time, *index).is_some_and(|time| time.phase == Phase::NotYet) {
                continue;
            }
            let Some((anchor, align)) = label_anchor(
                t,
                self.overlay.shapes(*index).in_version(version).next(),
                zoom,
                clip,
            ) else {
                continue;
            };
            let galley = painter.layout_no_wrap(
                item.short_name().to_owned(),
                FontId::proportional(12.5),
                style::LABEL_TEXT,
            );
            let mut rect = align.anchor_size(anchor, galley.size());
            // A point's name that would run off the right edge goes to its left instead.
            if align == Align2::LEFT_CENTER && rect.right() > clip.right() {
                let left = anchor - vec2(2.0 * (style::POINT_RADIUS + 4.0), 0.0);
                rect = Align2::RIGHT_CENTER.anchor_size(left, galley.size());
            }
            // A route's name slides along to stay whole on the map.
            if align == Align2::CENTER_BOTTOM {
                let inside = clip.shrink(4.0);
                let dx = (inside.right() - rect.right()).min(0.0)
                    + (inside.left() - rect.left()).max(0.0);
                rect = rect.translate(vec2(dx, 0.0));
            }
            if !clip.intersects(rect) || taken.iter().any(|r| r.intersects(rect.expand(2.0))) {
                continue;
            }
            taken.push(rect);
            painter.rect_filled(rect.expand(2.0), 3.0, style::LABEL_BACKGROUND);
            painter.galley(rect.min, galley, style::LABEL_TEXT);
        }
    }
}

impl Plugin for OverlayLayer<'_> {
    fn run(
        self: Box<Self>,
        ui: &mut Ui,
        _response: &Response,
        projector: &Projector,
        _memory: &MapMemory,
    ) {
        let clip = projector.clip_rect();
        let painter = ui.painter().with_clip_rect(clip);
        let t = ScreenTransform::new(projector);
        let items = self.items_in_view(&t, clip);
        self.draw_items(&painter, &t, &items);
        // The highlight and the selection over the items, under the labels.
        self.draw_halos(&painter, &t);
        // Labels last.
        self.draw_labels(&painter, &t, &items, projector.zoom(), clip);
    }
}

/// How the legend shows a phase other than operating: its dash (none for a solid line) and
/// its words; `None` for operating, the look of each kind.
pub fn phase_look(phase: Phase) -> Option<(Option<[f32; 2]>, &'static str)> {
    match phase {
        Phase::Planned => Some((Some(style::PLANNED_DASH), "Planned: dotted, lighter")),
        Phase::Construction => Some((
            Some(style::CONSTRUCTION_DASH),
            "Under construction: long dashes",
        )),
        Phase::Closed => Some((None, "Closed or idle: grey")),
        Phase::NotYet => Some((Some(style::PLANNED_DASH), "Not yet planned: faint")),
        Phase::Operating => None,
    }
}

/// Draws the legend: a swatch per kind shown on the map, then how items in other phases than
/// operating are drawn, for the phases of the items shown.
pub fn legend_ui(ui: &mut Ui, kinds: &[Kind], phases: &[Phase]) {
    for kind in kinds {
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(vec2(22.0, 12.0), egui::Sense::hover());
            swatch(ui.painter(), rect, kind, false);
            ui.label(kind.label());
        });
    }
    for phase in phases {
        let Some((look, words)) = phase_look(*phase) else {
            continue;
        };
        let colour = match phase {
            Phase::Closed => style::CLOSED_SAMPLE,
            Phase::NotYet => style::PLANNED_SAMPLE.gamma_multiply(style::GHOST_ALPHA),
            _ => style::PLANNED_SAMPLE,
        };
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(vec2(22.0, 12.0), egui::Sense::hover());
            let points = [rect.left_center(), rect.right_center()];
            match look {
                Some([dash, gap]) => painter_dotted(ui.painter(), &points, colour, dash, gap),
                None => {
                    ui.painter().line_segment(points, Stroke::new(3.0, colour));
                }
            }
            ui.label(words);
        });
    }
}

fn painter_dotted(painter: &egui::Painter, points: &[Pos2], colour: Color32, dot: f32, gap: f32) {
    painter.extend(Shape::dashed_line(
        points,
        Stroke::new(3.0, colour),
        dot,
        gap,
    ));
}

/// A small picture of how an item of `kind` is drawn, fitted into `rect`.
pub fn swatch(painter: &egui::Painter, rect: Rect, kind: &Kind, planned: bool) {
    let colour = style::kind_colour(kind);
    let colour = if planned {
        colour.gamma_multiply(0.75)
    } else {
        colour
    };
    // The same symbols as on the map, a little smaller.
    match kind {
        Kind::OilTerminal => {
            let square = Rect::from_center_size(rect.center(), vec2(9.0, 9.0));
            painter.rect_filled(square, 1.0, colour);
        }
        Kind::Place => {
            painter.circle(rect.center(), 4.0, Color32::WHITE, Stroke::new(2.0, colour));
            painter.circle_filled(rect.center(), 1.6, colour);
        }
        Kind::Seaport => {
            painter.circle(rect.center(), 5.0, colour, Stroke::new(1.0, Color32::WHITE));
            painter.circle_stroke(rect.center(), 2.2, Stroke::new(1.0, Color32::WHITE));
        }
        Kind::Region => {
            painter.rect_filled(rect.shrink(1.0), 2.0, colour.gamma_multiply(0.35));
        }
        _ => {
            let points = vec![rect.left_center(), rect.right_center()];
            let sea = matches!(
                kind,
                Kind::ShippingRoute | Kind::FerryRoute | Kind::SubseaCable
            );
            if planned {
                let [dot, gap] = style::PLANNED_DASH;
                painter_dotted(painter, &points, colour, dot, gap);
            } else if sea {
                painter.extend(Shape::dashed_line(
                    &points,
                    Stroke::new(3.0, colour),
                    5.0,
                    3.0,
                ));
            } else {
                painter.line_segment(
                    [rect.left_center(), rect.right_center()],
                    Stroke::new(3.0, colour),
                );
            }
        }
    }
}
