//! The date the map shows: the time bar's state, each dated item as of that date, the events
//! to step through, and playing through time.

use std::collections::BTreeSet;
use std::time::Instant;

use jiff::civil::Date;

use crate::layers::Layer;
use crate::map::overlay::ItemTime;
use crate::model::history::{Phase, Shown, When};
use crate::panels::time_bar::{TimeAction, TimeBar};

use super::App;

/// How long playing through the whole span of the time bar takes, in seconds.
const PLAY_SECONDS: f64 = 20.0;

/// The time bar's state.
#[derive(Debug, Default)]
pub(super) struct TimeState {
    /// The date the user chose; `None` shows the current story's date.
    pub chosen: Option<Date>,
    /// Items not yet planned on the date are drawn faintly instead of hidden.
    pub ghosts: bool,
    /// Phases left off the map by the status filter.
    pub hidden_phases: BTreeSet<Phase>,
    /// Playing: when the last step was taken, and how far into the day it went.
    pub playing: Option<(Instant, f64)>,
    /// The stretch of time the bar shows, when the user zoomed it.
    pub view: Option<(Date, Date)>,
}

/// A story's date: the `date` of its metadata, read as far as it goes (`2023-04-10`).
pub(super) fn story_day(date: &str) -> Option<Date> {
    let date = date.trim();
    let head = date.get(..10).unwrap_or(date);
    When::parse(head)
        .or_else(|_| When::parse(date.get(..7).unwrap_or(date)))
        .or_else(|_| When::parse(date.get(..4).unwrap_or(date)))
        .ok()
        .map(|when| when.day)
}

/// The stretch of time the bar shows: the user's, or over a long span the last decades from
/// twenty years before the date shown; moved to take in the date shown, within the span.
fn shown_stretch(view: Option<(Date, Date)>, span: (Date, Date), as_of: Date) -> (Date, Date) {
    let years = |n: i16| jiff::Span::new().years(n);
    let (first, last) = view.unwrap_or_else(|| {
        let recent = Date::new(as_of.year().saturating_sub(20), 1, 1).unwrap_or(span.0);
        (recent.max(span.0), span.1)
    });
    let (first, last) = (first.max(span.0), last.min(span.1));
    let length = first.until(last).unwrap_or_default();
    if as_of < first {
        let last = as_of.checked_add(length).unwrap_or(span.1).min(span.1);
        return (as_of.max(span.0), last);
    }
    if as_of > last {
        let first = as_of.checked_sub(length).unwrap_or(span.0).max(span.0);
        return (first, as_of.min(span.1));
    }
    if first >= last {
        return (
            span.0,
            span.1.max(span.0.checked_add(years(1)).unwrap_or(span.1)),
        );
    }
    (first, last)
}

fn today() -> Date {
    jiff::ZonedDateTime::now().date()
}

impl App {
    /// The date the map shows: the one chosen on the time bar, else the current story's.
    pub fn as_of(&self) -> Date {
        self.time
            .chosen
            .or_else(|| self.story().and_then(|story| story_day(&story.meta.date)))
            .unwrap_or_else(today)
    }

    /// What an item is on the date shown: `None` for an item that has no status and no
    /// history (a place, an area, most features of users' files).
    pub(super) fn phase_of(&self, layer: &Layer, index: usize) -> Option<(Phase, Shown)> {
        let corridor = layer.corridors.get(index)?;
        if corridor.is_dated() {
            return Some(corridor.phase_on(self.as_of()));
        }
        corridor
            .info
            .status
            .map(|status| (Phase::of(status), Shown::Valid(0)))
    }

    /// Whether the date and the status filter let an item be drawn.
    pub(super) fn shown_then(&self, layer: &Layer, index: usize) -> bool {
        match self.phase_of(layer, index) {
            None => true,
            Some((Phase::NotYet, _)) => self.time.ghosts,
            Some((phase, _)) => !self.time.hidden_phases.contains(&phase),
        }
    }

    /// Whether the date or the filter may hide some of a layer's items.
    pub(super) fn time_hides_some(&self, layer: &Layer) -> bool {
        !layer.overlay.dated.is_empty() || !self.time.hidden_phases.is_empty()
    }

    /// How each dated item of a layer is drawn on the date shown, by index.
    pub(super) fn item_times(&self, layer: &Layer) -> Vec<ItemTime> {
        crate::map::overlay::times_on(&layer.overlay, &layer.corridors, self.as_of())
    }

    /// Every day on which something happens to an item of a shown layer, in order.
    pub(super) fn event_days(&self) -> Vec<Date> {
        let mut days = BTreeSet::new();
        for layer in self
            .layers
            .layers
            .iter()
            .filter(|layer| self.layer_shown(layer))
        {
            for corridor in layer
                .overlay
                .dated
                .iter()
                .filter_map(|&index| layer.corridors.get(index))
            {
                for event in &corridor.info.dated.events {
                    days.extend(event.when.map(|when| when.day));
                    days.extend(event.until.map(|when| when.day));
                }
                let spans = std::iter::once(&corridor.info.dated.span)
                    .chain(corridor.versions.iter().map(|version| &version.span));
                for span in spans {
                    days.extend(span.from.map(|when| when.day));
                    days.extend(span.to.map(|when| when.day));
                }
            }
        }
        days.into_iter().collect()
    }

    /// What the time bar shows: its span, the events, the stories' dates and the state.
    pub(super) fn time_bar(&self) -> TimeBar {
        let events = self.event_days();
        let stories: Vec<(Date, String)> = self
            .layers
            .layers
            .iter()
            .filter_map(|layer| {
                let story = layer.story.as_ref()?;
                Some((story_day(&story.meta.date)?, story.meta.title().to_owned()))
            })
            .collect();
        let as_of = self.as_of();
        let first = events
            .iter()
            .chain(stories.iter().map(|(day, _)| day))
            .chain(std::iter::once(&as_of))
            .min()
            .copied()
            .unwrap_or(as_of);
        let last = events
            .iter()
            .chain(stories.iter().map(|(day, _)| day))
            .chain([&as_of, &today()])
            .max()
            .copied()
            .unwrap_or(as_of);
        let span = (Date::new(first.year(), 1, 1).unwrap_or(first), last);
        let (first, last) = shown_stretch(self.time.view, span, as_of);
        TimeBar {
            first,
            last,
            span,
            as_of,
            events,
            stories,
            ghosts: self.time.ghosts,
            hidden_phases: self.time.hidden_phases.clone(),
            playing: self.time.playing.is_some(),
            chosen: self.time.chosen.is_some(),
        }
    }

    /// The next (`forward`) or previous event from the date shown.
    fn step_to_event(&self, forward: bool) -> Option<Date> {
        let as_of = self.as_of();
        let days = self.event_days();
        if forward {
            days.into_iter().find(|day| *day > as_of)
        } else {
            days.into_iter().rev().find(|day| *day < as_of)
        }
    }

    pub(super) fn apply_time(&mut self, action: TimeAction) {
        match action {
            TimeAction::Set(day) => {
                self.time.chosen = Some(day);
                self.time.playing = None;
            }
            TimeAction::Step(forward) => {
                if let Some(day) = self.step_to_event(forward) {
                    self.time.chosen = Some(day);
                }
                self.time.playing = None;
            }
            TimeAction::StoryDate => {
                self.time.chosen = None;
                self.time.playing = None;
            }
            TimeAction::Play(play) => {
                self.time.playing = play.then(|| (Instant::now(), 0.0));
                if play && self.as_of() >= self.time_bar().last {
                    self.time.chosen = Some(self.time_bar().first);
                }
            }
            TimeAction::Ghosts(ghosts) => self.time.ghosts = ghosts,
            TimeAction::View(first, last) => self.time.view = Some((first, last)),
            TimeAction::WholeSpan => self.time.view = Some(self.time_bar().span),
            TimeAction::TogglePhase(phase) => {
                if !self.time.hidden_phases.remove(&phase) {
                    self.time.hidden_phases.insert(phase);
                }
            }
        }
    }

    /// While playing: moves the date on by the time since the last frame, and asks for the
    /// next frame; stops at the end of the bar.
    pub(super) fn play_step(&mut self, ctx: &egui::Context) {
        let Some((since, carried)) = self.time.playing else {
            return;
        };
        let bar = self.time_bar();
        let span_days = bar
            .first
            .until(bar.last)
            .map_or(0.0, |span| f64::from(span.get_days()));
        let span_days = span_days.max(1.0);
        let days = carried + since.elapsed().as_secs_f64() * span_days / PLAY_SECONDS;
        let whole = days.floor();
        let next = self
            .as_of()
            .checked_add(jiff::Span::new().days(whole as i64))
            .unwrap_or(bar.last);
        if next >= bar.last {
            self.time.chosen = Some(bar.last);
            self.time.playing = None;
            return;
        }
        self.time.chosen = Some(next);
        self.time.playing = Some((Instant::now(), days - whole));
        ctx.request_repaint();
    }
}
