//! Place labels of the offline basemap, drawn in screen space so they stay upright and sharp
//! at every zoom and never get cut at a tile edge.

use egui::{Align2, FontFamily, FontId, Rect, Response, Ui, vec2};
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
            let (text, font, colour) = match place.kind {
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
            };
            let is_city = matches!(place.kind, PlaceKind::Capital | PlaceKind::City);
            let galley = painter.layout_no_wrap(text, font, colour);
            let rect = if is_city {
                let right = Align2::LEFT_CENTER.anchor_size(anchor + vec2(6.0, 0.0), galley.size());
                // A name that would run off the map's right edge is written to the left.
                if right.right() > clip.right() {
                    Align2::RIGHT_CENTER.anchor_size(anchor - vec2(6.0, 0.0), galley.size())
                } else {
                    right
                }
            } else {
                Align2::CENTER_CENTER.anchor_size(anchor, galley.size())
            };
            let footprint = rect.expand(3.0);
            if taken.iter().any(|other| other.intersects(footprint)) {
                continue;
            }
            taken.push(footprint);
            if is_city {
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
            for offset in [
                vec2(-1.0, 0.0),
                vec2(1.0, 0.0),
                vec2(0.0, -1.0),
                vec2(0.0, 1.0),
            ] {
                painter.galley_with_override_text_color(
                    rect.min + offset,
                    galley.clone(),
                    colours::LABEL_HALO,
                );
            }
            painter.galley(rect.min, galley, colour);
        }
    }
}
