//! Place labels of the offline basemap, drawn in screen space so they stay upright and sharp
//! at every zoom and never get cut at a tile edge.

use std::sync::Arc;

use egui::{
    Align2, Color32, FontFamily, FontId, Galley, Painter, Pos2, Rect, Response, Ui, Vec2, vec2,
};
use walkers::{MapMemory, Plugin, Projector, lon_lat};

use crate::io::basemap::{Place, PlaceKind};
use crate::style::map as colours;

/// Draws the basemap's place labels, most important first, skipping any that would overlap
/// one already drawn.
pub struct Labels<'a> {
    /// All labelled places.
    pub places: &'a [Place],
    /// Screen rectangles already taken by labels in this frame, shared by all label makers.
    pub label_space: &'a std::cell::RefCell<Vec<Rect>>,
}

/// The lowest zoom at which a place of this kind and rank gets a label.
fn min_zoom(place: &Place) -> f64 {
    match (place.kind, place.rank) {
        (PlaceKind::Sea, _) => 3.0,
        (PlaceKind::Country, _) => 3.5,
        (PlaceKind::Capital, _) | (PlaceKind::City, 1) => 4.0,
        (PlaceKind::City, 2) => 5.5,
        (PlaceKind::City, _) => 6.5,
    }
}

fn priority(place: &Place) -> (u8, u8) {
    let kind = match place.kind {
        PlaceKind::Capital => 0,
        PlaceKind::Sea => 1,
        PlaceKind::City => 2,
        PlaceKind::Country => 3,
    };
    (place.rank, kind)
}

/// The text of a place's label, its font and its colour: country names in capitals.
fn label_text(place: &Place) -> (String, FontId, Color32) {
    match place.kind {
        PlaceKind::Country => (
            place.name.to_uppercase(),
            FontId::new(12.0, FontFamily::Proportional),
            colours::COUNTRY_TEXT,
        ),
        PlaceKind::Sea => (
            place.name.clone(),
            FontId::new(13.0, FontFamily::Proportional),
            colours::SEA_TEXT,
        ),
        PlaceKind::Capital => (
            place.name.clone(),
            FontId::new(13.5, FontFamily::Proportional),
            colours::CITY_TEXT,
        ),
        PlaceKind::City => (
            place.name.clone(),
            FontId::new(12.0, FontFamily::Proportional),
            colours::CITY_TEXT,
        ),
    }
}

/// Where a label of `size` goes: a city's name beside its dot, any other name centred on
/// its place.
fn label_rect(anchor: Pos2, size: Vec2, is_city: bool, clip: Rect) -> Rect {
    if !is_city {
        return Align2::CENTER_CENTER.anchor_size(anchor, size);
    }
    let right = Align2::LEFT_CENTER.anchor_size(anchor + vec2(6.0, 0.0), size);
    // A name that would run off the map's right edge is written to the left.
    if right.right() > clip.right() {
        Align2::RIGHT_CENTER.anchor_size(anchor - vec2(6.0, 0.0), size)
    } else {
        right
    }
}

/// Draws a city's dot, bigger for a capital.
fn city_dot(painter: &Painter, place: &Place, anchor: Pos2) {
    let radius = if place.kind == PlaceKind::Capital {
        3.5
    } else {
        2.5
    };
    painter.circle(
        anchor,
        radius,
        colours::CITY_DOT,
        egui::Stroke::new(1.0, colours::LABEL_HALO),
    );
}

/// Writes `galley` at `at` in `colour` over a halo, so that it stands out from what is under it.
fn haloed_text(painter: &Painter, at: Pos2, galley: Arc<Galley>, colour: Color32) {
    for offset in [
        vec2(-1.0, 0.0),
        vec2(1.0, 0.0),
        vec2(0.0, -1.0),
        vec2(0.0, 1.0),
    ] {
        painter.galley_with_override_text_color(at + offset, galley.clone(), colours::LABEL_HALO);
    }
    painter.galley(at, galley, colour);
}

impl Plugin for Labels<'_> {
    fn run(
        self: Box<Self>,
        ui: &mut Ui,
        _response: &Response,
        projector: &Projector,
        _memory: &MapMemory,
    ) {
        let zoom = projector.zoom();
        let clip = projector.clip_rect();
        let painter = ui.painter().with_clip_rect(clip);
        let mut places: Vec<&Place> = self
            .places
            .iter()
            .filter(|place| zoom >= min_zoom(place))
            .collect();
        places.sort_by_key(|place| priority(place));

        let mut taken = self.label_space.borrow_mut();
        for place in places {
            let anchor = projector
                .project(lon_lat(place.position.x(), place.position.y()))
                .to_pos2();
            if !clip.expand(100.0).contains(anchor) {
                continue;
            }
            let (text, font, colour) = label_text(place);
            let is_city = matches!(place.kind, PlaceKind::Capital | PlaceKind::City);
            let galley = painter.layout_no_wrap(text, font, colour);
            let rect = label_rect(anchor, galley.size(), is_city, clip);
            let footprint = rect.expand(3.0);
            if taken.iter().any(|other| other.intersects(footprint)) {
                continue;
            }
            taken.push(footprint);
            if is_city {
                city_dot(&painter, place, anchor);
            }
            haloed_text(&painter, rect.min, galley, colour);
        }
    }
}
