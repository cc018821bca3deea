//! Time: dates as precise as their sources, each item's dated events (status changes, plans,
//! figures), the route versions valid between two dates, and what an item is on a given day.

use jiff::civil::Date;
use serde_json::{Map, Value};

use crate::model::corridor::{Corridor, Source, Status};

/// How much of a date its source gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Precision {
    /// `2017`.
    Year,
    /// `2017-10`.
    Month,
    /// `2017-10-30`.
    Day,
}

/// A date as precise as its source: `2017`, `2017-10` or `2017-10-30`. A year or a month
/// counts from its first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct When {
    /// The first day it stands for.
    pub day: Date,
    /// How much of it the source gave.
    pub precision: Precision,
}

impl When {
    /// Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    ///
    /// # Errors
    /// Says what is wrong with `text`, quoting it.
    ///
    /// # Examples
    /// ```
    /// use corridor_atlas::model::history::{Precision, When};
    /// let when = When::parse("2017-10").map_err(|e| e.to_string())?;
    /// assert_eq!(when.precision, Precision::Month);
    /// assert_eq!(when.day.to_string(), "2017-10-01");
    /// assert_eq!(when.label(), "October 2017");
    /// assert!(When::parse("2023-13").is_err());
    /// assert!(When::parse("2023-02-30").is_err());
    /// assert!(When::parse("April 2023").is_err());
    /// # Ok::<(), String>(())
    /// ```
    pub fn parse(text: &str) -> Result<Self, String> {
        let form = || format!("“{text}” is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD");
        let parts: Vec<&str> = text.trim().split('-').collect();
        let number = |part: &str, digits: usize| -> Result<i16, String> {
            if part.len() != digits || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(form());
            }
            part.parse::<i16>().map_err(|_| form())
        };
        let (year, month, day, precision) = match parts.as_slice() {
            [y] => (number(y, 4)?, 1, 1, Precision::Year),
            [y, m] => (number(y, 4)?, number(m, 2)?, 1, Precision::Month),
            [y, m, d] => (number(y, 4)?, number(m, 2)?, number(d, 2)?, Precision::Day),
            _ => return Err(form()),
        };
        let month = i8::try_from(month).map_err(|_| form())?;
        let day_of_month = i8::try_from(day).map_err(|_| form())?;
        let day = Date::new(year, month, day_of_month)
            .map_err(|_| format!("“{text}” is not a day of the calendar"))?;
        Ok(Self { day, precision })
    }

    /// A day, as precise as it is.
    pub fn of_day(day: Date) -> Self {
        Self {
            day,
            precision: Precision::Day,
        }
    }

    /// The date as written in the data: `2017`, `2017-10` or `2017-10-30`.
    pub fn iso(&self) -> String {
        match self.precision {
            Precision::Year => format!("{:04}", self.day.year()),
            Precision::Month => format!("{:04}-{:02}", self.day.year(), self.day.month()),
            Precision::Day => self.day.to_string(),
        }
    }

    /// The date in words: `2017`, `October 2017`, `30 October 2017`.
    pub fn label(&self) -> String {
        let month = MONTHS
            .get(usize::try_from(self.day.month() - 1).unwrap_or(0))
            .copied()
            .unwrap_or("");
        match self.precision {
            Precision::Year => format!("{}", self.day.year()),
            Precision::Month => format!("{month} {}", self.day.year()),
            Precision::Day => format!("{} {month} {}", self.day.day(), self.day.year()),
        }
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// From one date up to (not including) another; an open end reaches as far as time goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    /// Valid from this date.
    pub from: Option<When>,
    /// Valid until this date.
    pub to: Option<When>,
}

impl Span {
    /// Whether `day` falls in the span.
    pub fn contains(&self, day: Date) -> bool {
        self.from.is_none_or(|from| from.day <= day) && self.to.is_none_or(|to| day < to.day)
    }

    /// Whether either end is given.
    pub fn is_bounded(&self) -> bool {
        self.from.is_some() || self.to.is_some()
    }

    /// Whether the two spans share a day.
    pub fn overlaps(&self, other: &Span) -> bool {
        let starts_before_end = |a: &Span, b: &Span| match (a.from, b.to) {
            (Some(from), Some(to)) => from.day < to.day,
            _ => true,
        };
        starts_before_end(self, other) && starts_before_end(other, self)
    }

    /// The span in words: "October 2019 – January 2023", "from June 2024".
    pub fn label(&self) -> String {
        match (self.from, self.to) {
            (Some(from), Some(to)) => format!("{} – {}", from.label(), to.label()),
            (Some(from), None) => format!("from {}", from.label()),
            (None, Some(to)) => format!("until {}", to.label()),
            (None, None) => "at all dates".to_owned(),
        }
    }
}

/// One dated event in an item's history.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Event {
    /// When it happened.
    pub when: Option<When>,
    /// The status from then on.
    pub status: Option<Status>,
    /// When a temporary status (a closure for renewal) ended.
    pub until: Option<When>,
    /// The route version the plan of that date named (its `plan` label).
    pub plan: Option<String>,
    /// Figures that changed then, by field (`capacity`, `length_km`…).
    pub set: Map<String, Value>,
    /// What happened, in a sentence.
    pub what: String,
    /// Which of the item's sources say so.
    pub cites: Vec<usize>,
    /// A source named in words, for files whose items have no `sources` list.
    pub source: Option<String>,
}

impl Event {
    /// When it happened (events without a date are not kept).
    pub fn day(&self) -> Date {
        self.when.map_or(Date::MIN, |when| when.day)
    }
}

/// One route an item had between two dates, such as an earlier plan of a cable's landings.
#[derive(Debug, Clone)]
pub struct RouteVersion {
    /// When this route was the one.
    pub span: Span,
    /// The plan's label, e.g. "2019 plan: Siyazan – Aktau".
    pub plan: Option<String>,
    /// What the version is, in a sentence.
    pub description: Option<String>,
    /// Where the route ran.
    pub geometry: Option<geo::Geometry<f64>>,
    /// Where its positions come from.
    pub sources: Vec<Source>,
    /// Which of `sources` back which field.
    pub cites: std::collections::BTreeMap<String, Vec<usize>>,
}

/// What an item is on a day, for its look on the map and its badge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Phase {
    /// Not planned yet, or its route is not valid on that day.
    NotYet,
    /// Proposed or shelved.
    Planned,
    /// Being built.
    Construction,
    /// In service.
    Operating,
    /// Idle, mothballed, retired or cancelled.
    Closed,
}

impl Phase {
    /// The phase of a status.
    pub fn of(status: Status) -> Self {
        match status {
            Status::Proposed | Status::Shelved => Self::Planned,
            Status::Construction => Self::Construction,
            Status::Operating => Self::Operating,
            Status::Idle | Status::Mothballed | Status::Retired | Status::Cancelled => Self::Closed,
        }
    }

    /// A short word for the status filter and the legend.
    pub fn label(self) -> &'static str {
        match self {
            Self::NotYet => "not yet planned",
            Self::Planned => "planned",
            Self::Construction => "under construction",
            Self::Operating => "operating",
            Self::Closed => "closed",
        }
    }
}

/// An item's dated facts, as read from its properties.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dated {
    /// The events, in date order.
    pub events: Vec<Event>,
    /// When the feature's own geometry was valid (`valid_from`, `valid_to`).
    pub span: Span,
    /// The plan the feature's own geometry belongs to.
    pub plan: Option<String>,
}

/// Reads `history`, `valid_from`, `valid_to` and `plan` from a feature's properties. What
/// cannot be read is named in the returned problems and left out; the rest still counts.
///
/// # Examples
/// ```
/// use corridor_atlas::model::history::read_dated;
/// let properties = serde_json::json!({
///     "valid_from": "2024-06",
///     "history": [
///         {"date": "2017-10-30", "status": "operating", "what": "Opened."},
///         {"date": "2007-11-21", "status": "construction", "what": "Building began."},
///         {"date": "2023-13", "status": "idle"}
///     ]
/// });
/// let (dated, problems) = read_dated(properties.as_object().ok_or("object")?);
/// assert_eq!(dated.events.len(), 2);
/// assert_eq!(dated.events[0].what, "Building began.");
/// assert_eq!(problems.len(), 2, "{problems:?}");
/// assert!(problems[0].contains("history event 2 (2007-11-21) is out of order"));
/// assert!(problems[1].contains("history event 3"));
/// # Ok::<(), &str>(())
/// ```
pub fn read_dated(properties: &Map<String, Value>) -> (Dated, Vec<String>) {
    let mut problems = Vec::new();
    let [valid_from, valid_to, plan, history] =
        crate::model::corridor::members(properties, ["valid_from", "valid_to", "plan", "history"]);
    let mut date_of = |key: &str, value: Option<&Value>| -> Option<When> {
        let value = value.filter(|v| !v.is_null())?;
        let Some(text) = value.as_str() else {
            problems.push(format!("{key} is not a date in quotes; it is left out"));
            return None;
        };
        When::parse(text)
            .map_err(|why| problems.push(format!("{key}: {why}; it is left out")))
            .ok()
    };
    let mut span = Span {
        from: date_of("valid_from", valid_from),
        to: date_of("valid_to", valid_to),
    };
    if let (Some(from), Some(to)) = (span.from, span.to)
        && to.day <= from.day
    {
        problems.push(format!(
            "valid_to {} is not after valid_from {}; the geometry is shown at all dates",
            to.iso(),
            from.iso()
        ));
        span = Span::default();
    }
    let plan = plan.and_then(Value::as_str).map(str::to_owned);
    let events = match history.filter(|v| !v.is_null()) {
        None => Vec::new(),
        Some(Value::Array(list)) => read_events(list, &mut problems),
        Some(_) => {
            problems.push("history is not a list of events; it is left out".to_owned());
            Vec::new()
        }
    };
    (Dated { events, span, plan }, problems)
}

fn read_events(list: &[Value], problems: &mut Vec<String>) -> Vec<Event> {
    let mut events: Vec<Event> = Vec::new();
    let mut latest: Option<When> = None;
    for (index, value) in list.iter().enumerate() {
        let number = index + 1;
        let event = match read_event(value) {
            Ok((event, notes)) => {
                let date = event.when.map(|w| w.iso()).unwrap_or_default();
                problems.extend(
                    notes
                        .into_iter()
                        .map(|note| format!("history event {number} ({date}): {note}")),
                );
                event
            }
            Err(why) => {
                problems.push(format!(
                    "history event {number}: {why}; the event is left out"
                ));
                continue;
            }
        };
        if let (Some(when), Some(before)) = (event.when, latest)
            && when.day < before.day
        {
            problems.push(format!(
                "history event {number} ({}) is out of order: it comes after an event of {}; the events are put in date order",
                when.iso(),
                before.iso()
            ));
        }
        latest = latest.max(event.when);
        events.push(event);
    }
    // Stable: events of one day keep the order the file gives them.
    events.sort_by_key(Event::day);
    events
}

/// One event, with notes on the parts left out; an error when the event as a whole cannot
/// be used.
fn read_event(value: &Value) -> Result<(Event, Vec<String>), String> {
    let Some(object) = value.as_object() else {
        return Err("it is not an object".to_owned());
    };
    let text = |key: &str| object.get(key).and_then(Value::as_str);
    let when = match text("date") {
        Some(date) => When::parse(date)?,
        None => return Err("it has no \"date\"".to_owned()),
    };
    let mut notes = Vec::new();
    let status = match object.get("status").filter(|v| !v.is_null()) {
        None => None,
        Some(value) => Some(serde_json::from_value::<Status>(value.clone()).map_err(|_| {
            format!(
                "status {value} is not one of proposed, construction, operating, idle, mothballed, retired, shelved, cancelled"
            )
        })?),
    };
    let until = match text("until").map(When::parse) {
        Some(Ok(until)) if until.day <= when.day => {
            notes.push(format!(
                "“until” {} is not after the event's date; the end is left out",
                until.iso()
            ));
            None
        }
        Some(Ok(until)) => Some(until),
        Some(Err(why)) => {
            notes.push(format!("until: {why}; the end is left out"));
            None
        }
        None => None,
    };
    let cites = match object.get("cites") {
        None => Vec::new(),
        Some(value) => serde_json::from_value::<Vec<usize>>(value.clone()).unwrap_or_else(|_| {
            notes.push("cites is not a list of source numbers; it is left out".to_owned());
            Vec::new()
        }),
    };
    let event = Event {
        when: Some(when),
        status,
        until,
        plan: text("plan").map(str::to_owned),
        set: object
            .get("set")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
        what: text("what").unwrap_or_default().to_owned(),
        cites,
        source: text("source").map(str::to_owned),
    };
    Ok((event, notes))
}

/// Which geometry of an item is drawn on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// The one valid then: 0 is the feature's own, `k` its `k`-th other version.
    Valid(usize),
    /// None is valid then; this one is the nearest, for a ghost.
    Nearest(usize),
}

impl Corridor {
    /// Whether anything about the item depends on the date.
    pub fn is_dated(&self) -> bool {
        !self.info.dated.events.is_empty()
            || self.info.dated.span.is_bounded()
            || !self.versions.is_empty()
    }

    /// Every span of its geometries: its own first, then the other versions'.
    fn spans(&self) -> impl Iterator<Item = Span> {
        std::iter::once(self.info.dated.span).chain(self.versions.iter().map(|v| v.span))
    }

    /// Which of its geometries is drawn on `day`.
    pub fn shown_on(&self, day: Date) -> Shown {
        if let Some(valid) = self.spans().position(|span| span.contains(day)) {
            return Shown::Valid(valid);
        }
        // None valid: before them all the earliest, else the latest that ended.
        let earliest = self
            .spans()
            .enumerate()
            .min_by_key(|(_, span)| span.from.map(|w| w.day));
        let ended = self
            .spans()
            .enumerate()
            .filter(|(_, span)| span.to.is_some_and(|to| to.day <= day))
            .max_by_key(|(_, span)| span.to.map(|w| w.day));
        Shown::Nearest(ended.or(earliest).map_or(0, |(index, _)| index))
    }

    /// The geometry drawn on `day`: the version valid then, or the nearest.
    pub fn geometry_on(&self, day: Date) -> Option<&geo::Geometry<f64>> {
        let (Shown::Valid(version) | Shown::Nearest(version)) = self.shown_on(day);
        match version {
            0 => self.geometry.as_ref(),
            k => self.versions.get(k - 1)?.geometry.as_ref(),
        }
    }

    /// Its status on `day`, from its history; `None` before it was first planned or built.
    /// An item whose history gives no status has its `status` at every date.
    pub fn status_on(&self, day: Date) -> Option<Status> {
        let events = &self.info.dated.events;
        if !events.iter().any(|event| event.status.is_some()) {
            return self.info.status;
        }
        let mut status = None;
        let mut begun = false;
        for event in events.iter().take_while(|event| event.day() <= day) {
            let Some(this) = event.status else {
                continue;
            };
            begun = true;
            // A temporary status that is over leaves the one before it.
            if event.until.is_some_and(|until| until.day <= day) {
                continue;
            }
            status = Some(this);
        }
        if begun {
            status.or(self.info.status)
        } else {
            None
        }
    }

    /// What it is on `day`: its phase, and which geometry is drawn.
    pub fn phase_on(&self, day: Date) -> (Phase, Shown) {
        let shown = self.shown_on(day);
        let phase = match (self.status_on(day), shown) {
            (_, Shown::Nearest(_)) | (None, _) if self.is_dated() => Phase::NotYet,
            (Some(status), _) => Phase::of(status),
            (None, _) => Phase::Operating,
        };
        (phase, shown)
    }

    /// A figure on `day`: the value the latest event up to then set, else the item's own.
    pub fn figure_on(&self, key: &str, day: Date) -> Option<Value> {
        self.info
            .dated
            .events
            .iter()
            .take_while(|event| event.day() <= day)
            .filter_map(|event| event.set.get(key))
            .last()
            .cloned()
            .or_else(|| self.properties.get(key))
    }

    /// What a new route version overlaps among the item's own: "route versions “A” (…) and
    /// “B” (…) overlap", one problem for each.
    pub fn overlaps_of(&self, version: &RouteVersion) -> Vec<String> {
        let name = |plan: &Option<String>, k: usize| match plan {
            Some(plan) => plan.clone(),
            None if k == 0 => "the feature itself".to_owned(),
            None => format!("version {}", k + 1),
        };
        let new_name = name(&version.plan, self.versions.len() + 1);
        self.spans()
            .enumerate()
            .filter(|(_, span)| span.overlaps(&version.span))
            .map(|(k, span)| {
                let plan = match k {
                    0 => &self.info.dated.plan,
                    _ => &self.versions.get(k - 1).and_then(|v| v.plan.clone()),
                };
                format!(
                    "route versions “{}” ({}) and “{new_name}” ({}) overlap; where they do, the first is drawn",
                    name(plan, k),
                    span.label(),
                    version.span.label()
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FeatureId;

    fn item(properties: &Value) -> Corridor {
        let map = properties.as_object().cloned().unwrap_or_default();
        let (dated, problems) = read_dated(&map);
        assert!(problems.is_empty(), "{problems:?}");
        let mut info = crate::model::corridor::CorridorProperties::from_properties(&map).0;
        info.dated = dated;
        Corridor {
            id: FeatureId("x".into()),
            info,
            properties: map.into(),
            geometry: None,
            versions: Vec::new(),
        }
    }

    fn day(text: &str) -> Date {
        When::parse(text).map_or(Date::MIN, |w| w.day)
    }

    #[test]
    fn a_closure_for_renewal_ends_and_the_line_operates_again() {
        let line = item(&serde_json::json!({
            "status": "operating",
            "history": [
                {"date": "2007-11", "status": "construction"},
                {"date": "2017-10-30", "status": "operating"},
                {"date": "2023-06", "status": "idle", "until": "2024-05"}
            ]
        }));
        assert_eq!(line.status_on(day("2007-10-31")), None);
        assert_eq!(line.phase_on(day("2007")).0, Phase::NotYet);
        assert_eq!(line.status_on(day("2016")), Some(Status::Construction));
        assert_eq!(line.status_on(day("2017-10-30")), Some(Status::Operating));
        assert_eq!(line.status_on(day("2023-12")), Some(Status::Idle));
        assert_eq!(line.status_on(day("2024-05")), Some(Status::Operating));
        assert_eq!(line.phase_on(day("2023-12")).0, Phase::Closed);
    }

    #[test]
    fn an_item_without_history_is_what_its_status_says_at_every_date() {
        let port = item(&serde_json::json!({"status": "idle"}));
        assert!(!port.is_dated());
        assert_eq!(port.status_on(day("1900")), Some(Status::Idle));
        assert_eq!(port.phase_on(day("1900")), (Phase::Closed, Shown::Valid(0)));
    }

    #[test]
    fn figures_change_with_the_date() {
        let port = item(&serde_json::json!({
            "capacity": 25,
            "history": [{"date": "2018-05-14", "status": "operating", "set": {"capacity": 15}}]
        }));
        assert_eq!(
            port.figure_on("capacity", day("2019")),
            Some(Value::from(15))
        );
        assert_eq!(
            port.figure_on("capacity", day("2010")),
            Some(Value::from(25))
        );
    }

    #[test]
    fn bad_dates_and_ends_are_named() {
        let map = serde_json::json!({
            "valid_from": "2024", "valid_to": "2019",
            "history": [
                {"date": "2019-11", "status": "proposed", "until": "2019-01"},
                {"date": "2019-11", "status": "sailing"},
                "2020",
                {"status": "operating"}
            ]
        });
        let (dated, problems) = read_dated(map.as_object().unwrap_or(&Map::new()));
        assert_eq!(dated.span, Span::default());
        assert_eq!(dated.events.len(), 1);
        assert_eq!(dated.events.first().and_then(|e| e.until), None);
        let expected = [
            "valid_to 2019 is not after valid_from 2024",
            "history event 1 (2019-11): “until” 2019-01 is not after",
            "history event 2: status \"sailing\" is not one of",
            "history event 3: it is not an object",
            "history event 4: it has no \"date\"",
        ];
        assert_eq!(problems.len(), expected.len(), "{problems:?}");
        for (problem, start) in problems.iter().zip(expected) {
            assert!(problem.starts_with(start), "{problem}");
        }
    }

    #[test]
    fn overlapping_versions_are_found() {
        let a = Span {
            from: When::parse("2019").ok(),
            to: When::parse("2023").ok(),
        };
        let b = Span {
            from: When::parse("2023").ok(),
            to: None,
        };
        let c = Span {
            from: When::parse("2022").ok(),
            to: When::parse("2024").ok(),
        };
        assert!(!a.overlaps(&b));
        assert!(a.overlaps(&c));
        assert!(b.overlaps(&c));
    }
}
