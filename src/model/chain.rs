//! Corridors as chains of legs: which items a corridor runs through, its length by mode and
//! in all, and where the chain is broken.

use std::collections::BTreeMap;

use crate::model::corridor::{Corridor, Kind, Leg, Status};

/// One step of a corridor as found: each choice's id and its item, if there is one.
#[derive(Debug, Clone)]
pub struct Step<'a> {
    /// The choices of this step (one for most steps), with the item each id names.
    pub choices: Vec<(&'a str, Option<&'a Corridor>)>,
}

impl Step<'_> {
    /// The choice whose figures count in the totals: the first that is there.
    pub fn counted(&self) -> Option<&Corridor> {
        self.choices.iter().find_map(|(_, item)| *item)
    }
}

/// The steps of `corridor`, each id looked up with `find`.
pub fn steps<'a>(
    corridor: &'a Corridor,
    find: impl Fn(&str) -> Option<&'a Corridor>,
) -> Vec<Step<'a>> {
    corridor
        .info
        .legs
        .iter()
        .map(|leg: &Leg| Step {
            choices: leg.ids().into_iter().map(|id| (id, find(id))).collect(),
        })
        .collect()
}

/// Lengths of a chain: as sources state them and as drawn, by mode and in all.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Totals {
    /// Per kind of leg (railway, shipping route...): (stated km, drawn km).
    pub by_mode: BTreeMap<String, (f64, f64)>,
    /// Stated km of every leg that states one.
    pub stated_km: f64,
    /// Drawn km of every leg that is a line.
    pub drawn_km: f64,
    /// Legs that are lines but state no length.
    pub unstated: usize,
}

/// The totals of a chain, counting the first item of each choice.
///
/// # Examples
/// ```
/// use corridor_atlas::model::chain::{steps, totals};
/// use corridor_atlas::model::{Corridor, FeatureId};
/// use corridor_atlas::model::corridor::{CorridorProperties, Kind, Leg};
/// let leg = |id: &str, kind: Kind, km: f64| Corridor {
///     id: FeatureId(id.into()),
///     info: CorridorProperties { kind: Some(kind), length_km: Some(km), ..Default::default() },
///     properties: Default::default(),
///     geometry: Some(geo::LineString::from(vec![(49.0, 40.0), (50.0, 40.0)]).into()),
///     versions: Vec::new(),
/// };
/// let items = [leg("rail", Kind::Railway, 100.0), leg("ferry", Kind::FerryRoute, 50.0)];
/// let chain = Corridor {
///     id: FeatureId("chain".into()),
///     info: CorridorProperties {
///         kind: Some(Kind::Corridor),
///         legs: vec![Leg::One("rail".into()), Leg::One("ferry".into())],
///         ..Default::default()
///     },
///     properties: Default::default(),
///     geometry: None,
///     versions: Vec::new(),
/// };
/// let found = steps(&chain, |id| items.iter().find(|c| c.id.0 == id));
/// let sums = totals(&found);
/// assert_eq!(sums.stated_km, 150.0);
/// assert_eq!(sums.by_mode["Railway"].0, 100.0);
/// ```
pub fn totals(steps: &[Step<'_>]) -> Totals {
    let mut totals = Totals::default();
    for item in steps.iter().filter_map(Step::counted) {
        let drawn = item.geodesic_length_km().unwrap_or(0.0);
        let stated = item.info.length_km;
        if item.geodesic_length_km().is_some() && stated.is_none() {
            totals.unstated += 1;
        }
        if stated.is_none() && drawn == 0.0 {
            continue;
        }
        let mode = totals
            .by_mode
            .entry(item.kind().label().to_owned())
            .or_insert((0.0, 0.0));
        mode.0 += stated.unwrap_or(0.0);
        mode.1 += drawn;
        totals.stated_km += stated.unwrap_or(0.0);
        totals.drawn_km += drawn;
    }
    totals
}

/// Where a chain is broken, in words: a step whose items are all missing, or none of whose
/// items is operating.
pub fn breaks(steps: &[Step<'_>]) -> Vec<String> {
    let mut found = Vec::new();
    for (number, step) in steps.iter().enumerate() {
        let ids: Vec<&str> = step.choices.iter().map(|(id, _)| *id).collect();
        let present: Vec<&Corridor> = step.choices.iter().filter_map(|(_, item)| *item).collect();
        if present.is_empty() {
            found.push(format!(
                "leg {}: no item is called {}",
                number + 1,
                ids.join(" or ")
            ));
            continue;
        }
        // Places and regions have no status; a leg of infrastructure must be operating.
        let working = present.iter().any(|item| {
            matches!(item.kind(), Kind::Place | Kind::Region | Kind::OilField)
                || item
                    .info
                    .status
                    .is_none_or(|status| status == Status::Operating)
        });
        if !working {
            let names: Vec<String> = present
                .iter()
                .map(|item| {
                    let status = item.info.status.map_or("", Status::label);
                    format!("{} ({status})", item.name())
                })
                .collect();
            found.push(format!(
                "leg {}: {} is not operating",
                number + 1,
                names.join(" or ")
            ));
        }
    }
    found
}
