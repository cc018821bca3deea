//! How one item is drawn: from its kind for corridor files, overridden by the simplestyle-spec
//! 1.1.0 properties (`stroke`, `stroke-width`, `stroke-opacity`, `fill`, `fill-opacity`,
//! `marker-color`, `marker-size`) and `stroke-dasharray`.

use egui::Color32;
use serde_json::{Map, Value};

use crate::model::Kind;
use crate::model::history::Phase;
use crate::style::overlay as style;

/// Colours and sizes for one item, in screen points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItemStyle {
    /// Line colour (and outline of areas).
    pub stroke: Color32,
    /// Line width.
    pub stroke_width: f32,
    /// Area fill.
    pub fill: Color32,
    /// Point colour.
    pub marker: Color32,
    /// Point radius.
    pub marker_radius: f32,
    /// Dash and gap lengths, for dashed lines.
    pub dash: Option<[f32; 2]>,
}

/// Reads `stroke-dasharray` ("5,3", "5 3" or [5, 3]) as dash and gap lengths in points.
///
/// # Examples
/// ```
/// use corridor_atlas::map::simplestyle::dash_pattern;
/// let properties = serde_json::json!({"stroke-dasharray": "6,3"});
/// assert_eq!(dash_pattern(properties.as_object().ok_or("object")?), Some([6.0, 3.0]));
/// let tiny = serde_json::json!({"stroke-dasharray": [1e-9, 1e-9]});
/// assert_eq!(dash_pattern(tiny.as_object().ok_or("object")?), Some([1.0, 1.0]));
/// # Ok::<(), &str>(())
/// ```
pub fn dash_pattern(properties: &Map<String, Value>) -> Option<[f32; 2]> {
    dasharray(properties)
}

/// Reads a simplestyle colour: `#rgb`, `#rrggbb`, with or without the `#`.
///
/// # Examples
/// ```
/// use corridor_atlas::map::simplestyle::parse_colour;
/// assert_eq!(parse_colour("#ff0000"), Some(egui::Color32::from_rgb(255, 0, 0)));
/// assert_eq!(parse_colour("0a0"), Some(egui::Color32::from_rgb(0, 0xaa, 0)));
/// assert_eq!(parse_colour("red"), None);
/// ```
pub fn parse_colour(text: &str) -> Option<Color32> {
    let hex = text.trim().trim_start_matches('#');
    let digit = |i: usize| hex.get(i..=i).and_then(|d| u8::from_str_radix(d, 16).ok());
    match hex.len() {
        3 => Some(crate::style::rgb(
            digit(0)? * 17,
            digit(1)? * 17,
            digit(2)? * 17,
        )),
        6 => {
            let byte = |i: usize| {
                hex.get(i..i + 2)
                    .and_then(|d| u8::from_str_radix(d, 16).ok())
            };
            Some(crate::style::rgb(byte(0)?, byte(2)?, byte(4)?))
        }
        _ => None,
    }
}

fn number(properties: &Map<String, Value>, key: &str) -> Option<f32> {
    let value = properties.get(key)?;
    let number = value
        .as_f64()
        .or_else(|| value.as_str()?.trim().parse().ok())?;
    number.is_finite().then_some(number as f32)
}

fn colour(properties: &Map<String, Value>, key: &str) -> Option<Color32> {
    parse_colour(properties.get(key)?.as_str()?)
}

fn dasharray(properties: &Map<String, Value>) -> Option<[f32; 2]> {
    let numbers: Vec<f32> = match properties.get("stroke-dasharray")? {
        Value::String(text) => text
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter_map(|part| part.trim().parse().ok())
            .collect(),
        Value::Array(values) => values
            .iter()
            .filter_map(|v| v.as_f64().map(|n| n as f32))
            .collect(),
        _ => return None,
    };
    let (dash, gap) = match numbers.as_slice() {
        [dash, gap, ..] => (*dash, *gap),
        [dash] => (*dash, *dash),
        _ => return None,
    };
    // A dash of a millionth of a point would be drawn a billion times: keep dashes and gaps
    // between one point and a screen's width, and a dash with no gap is a solid line.
    if !(dash.is_finite() && gap.is_finite()) || dash <= 0.0 || gap <= 0.0 {
        return None;
    }
    Some([dash.clamp(1.0, 1000.0), gap.clamp(1.0, 1000.0)])
}

impl ItemStyle {
    /// The style made lighter and thinner when `subdued`: for context items, which explain
    /// a story but are not in it.
    #[must_use]
    pub fn subdued_if(self, subdued: bool) -> Self {
        if !subdued {
            return self;
        }
        Self {
            stroke: self.stroke.gamma_multiply(style::CONTEXT_ALPHA),
            stroke_width: self.stroke_width * 0.7,
            fill: self.fill.gamma_multiply(style::CONTEXT_ALPHA),
            marker: self.marker.gamma_multiply(style::CONTEXT_ALPHA),
            marker_radius: self.marker_radius * 0.8,
            dash: self.dash,
        }
    }

    /// The look of an item in service in another phase: plans dotted and lighter, works
    /// under construction in long dashes, closed items grey, items not yet planned as faint
    /// ghosts.
    #[must_use]
    pub fn in_phase(self, phase: Phase) -> Self {
        let grey = |colour: Color32| style::closed(colour);
        match phase {
            Phase::Operating => self,
            Phase::Planned => Self {
                stroke: self.stroke.gamma_multiply(0.75),
                marker: self.marker.gamma_multiply(0.75),
                dash: Some(style::PLANNED_DASH),
                ..self
            },
            Phase::Construction => Self {
                dash: Some(style::CONSTRUCTION_DASH),
                marker: self.marker.gamma_multiply(0.85),
                ..self
            },
            Phase::Closed => Self {
                stroke: grey(self.stroke),
                fill: grey(self.fill),
                marker: grey(self.marker),
                ..self
            },
            Phase::NotYet => Self {
                stroke: self.stroke.gamma_multiply(style::GHOST_ALPHA),
                fill: self.fill.gamma_multiply(style::GHOST_ALPHA),
                marker: self.marker.gamma_multiply(style::GHOST_ALPHA),
                stroke_width: self.stroke_width * 0.8,
                dash: Some(style::PLANNED_DASH),
                ..self
            },
        }
    }

    /// The style of an item of `kind`, planned or not, with its own properties applied;
    /// `fallback` colours items of no known kind.
    pub fn of(
        kind: &Kind,
        planned: bool,
        properties: &Map<String, Value>,
        fallback: Color32,
    ) -> Self {
        let base = match kind {
            Kind::Other(_) => fallback,
            known => style::kind_colour(known),
        };
        let base = if planned {
            base.gamma_multiply(0.75)
        } else {
            base
        };
        // Plans are dotted, sea routes dashed: the two read apart at a glance.
        let pattern = if planned {
            Some(style::PLANNED_DASH)
        } else {
            matches!(
                kind,
                Kind::ShippingRoute | Kind::FerryRoute | Kind::SubseaCable
            )
            .then_some(style::DASH)
        };
        let stroke_opacity =
            number(properties, "stroke-opacity").map_or(1.0, |o| o.clamp(0.0, 1.0));
        let stroke = colour(properties, "stroke")
            .unwrap_or(base)
            .gamma_multiply(stroke_opacity);
        let fill = match (
            colour(properties, "fill"),
            number(properties, "fill-opacity"),
        ) {
            (Some(fill), opacity) => fill.gamma_multiply(opacity.unwrap_or(0.6).clamp(0.0, 1.0)),
            (None, Some(opacity)) => base.gamma_multiply(opacity.clamp(0.0, 1.0)),
            (None, None) if *kind == Kind::Region => base.gamma_multiply(style::REGION_FILL_ALPHA),
            (None, None) => base.gamma_multiply(0.25),
        };
        let marker_radius = match properties.get("marker-size").and_then(Value::as_str) {
            Some("small") => 4.0,
            Some("large") => 8.5,
            _ => style::POINT_RADIUS,
        };
        Self {
            stroke,
            stroke_width: number(properties, "stroke-width")
                .map_or(style::ROUTE_WIDTH, |w| w.clamp(0.5, 20.0)),
            fill,
            marker: colour(properties, "marker-color").unwrap_or(base),
            marker_radius,
            dash: dasharray(properties).or(pattern),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_is_drawn_dotted_and_never_like_a_sea_route() {
        let none = Map::new();
        let fallback = egui::Color32::GRAY;
        let sea = ItemStyle::of(&Kind::FerryRoute, false, &none, fallback).dash;
        let planned_rail = ItemStyle::of(&Kind::Railway, true, &none, fallback).dash;
        let planned_cable = ItemStyle::of(&Kind::SubseaCable, true, &none, fallback).dash;
        let rail = ItemStyle::of(&Kind::Railway, false, &none, fallback).dash;
        assert_eq!(sea, Some(style::DASH));
        assert_eq!(planned_rail, Some(style::PLANNED_DASH));
        // A planned cable is a plan first: dotted, though it lies at sea.
        assert_eq!(planned_cable, Some(style::PLANNED_DASH));
        assert_ne!(style::DASH, style::PLANNED_DASH);
        assert_eq!(rail, None);
    }
}
