//! The time bar under the map: the date shown, a slider across the span of the events with
//! their ticks and the stories' dates, stepping from event to event, playing, and the status
//! filter.

use std::collections::BTreeSet;

use egui::{Align2, Color32, FontId, Pos2, Rect, Sense, Stroke, Ui, pos2, vec2};
use jiff::civil::Date;

use crate::model::history::{Phase, When};
use crate::panels::{Action, named_button};
use crate::style::time_bar as style;

/// What the user did on the time bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeAction {
    /// Show the map as of this day.
    Set(Date),
    /// Go to the next (`true`) or previous event.
    Step(bool),
    /// Go back to the current story's date.
    StoryDate,
    /// Start (`true`) or stop playing.
    Play(bool),
    /// Draw items not yet planned on the date faintly (`true`) or hide them.
    Ghosts(bool),
    /// Show or hide the items in this phase.
    TogglePhase(Phase),
    /// Show this stretch of time on the bar (the wheel zooms it).
    View(Date, Date),
    /// Show the whole span of the events on the bar.
    WholeSpan,
}

/// What the time bar shows.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeBar {
    /// The first day shown on the bar.
    pub first: Date,
    /// The last day shown on the bar.
    pub last: Date,
    /// The first and last day of all events and stories: how far the bar may show.
    pub span: (Date, Date),
    /// The date the map shows.
    pub as_of: Date,
    /// The days on which something happens to a shown item, in order.
    pub events: Vec<Date>,
    /// Each open story's date and title.
    pub stories: Vec<(Date, String)>,
    /// Items not yet planned are drawn faintly.
    pub ghosts: bool,
    /// Phases the status filter hides.
    pub hidden_phases: BTreeSet<Phase>,
    /// Playing through time.
    pub playing: bool,
    /// The user chose the date (it is not the story's own).
    pub chosen: bool,
}

/// The name of the slider, for screen readers and tests.
pub const SLIDER_NAME: &str = "Date shown";

/// The phases the status filter offers, in the order of a project's life.
pub const FILTER_PHASES: [Phase; 4] = [
    Phase::Planned,
    Phase::Construction,
    Phase::Operating,
    Phase::Closed,
];

/// Days from the first day of the bar, as a number for positions.
fn days_between(from: Date, to: Date) -> f64 {
    from.until(to)
        .map_or(0.0, |span| f64::from(span.get_days()))
}

/// The day `days` after `from`, kept within the bar.
fn day_after(from: Date, days: f64, last: Date) -> Date {
    from.checked_add(jiff::Span::new().days(days.round() as i64))
        .unwrap_or(last)
        .min(last)
        .max(from)
}

/// Draws the time bar and returns what the user chose.
pub fn time_bar_ui(ui: &mut Ui, bar: &TimeBar) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.horizontal_wrapped(|ui| {
        let previous = named_button(
            ui,
            egui::Button::new("◀ Event"),
            "Previous event (Alt+←)",
            bar.events.iter().any(|day| *day < bar.as_of),
        );
        if previous.clicked() {
            actions.push(TimeAction::Step(false));
        }
        let (play_icon, play_name) = if bar.playing {
            ("Pause", "Pause")
        } else {
            ("Play", "Play through time")
        };
        if named_button(ui, egui::Button::new(play_icon), play_name, true).clicked() {
            actions.push(TimeAction::Play(!bar.playing));
        }
        let next = named_button(
            ui,
            egui::Button::new("Event ▶"),
            "Next event (Alt+→)",
            bar.events.iter().any(|day| *day > bar.as_of),
        );
        if next.clicked() {
            actions.push(TimeAction::Step(true));
        }
        ui.label(egui::RichText::new(When::of_day(bar.as_of).label()).strong())
            .on_hover_text("The date the map, the list and the details show");
        let story_date = named_button(
            ui,
            egui::Button::new("Story's date"),
            "Back to the date of the story shown",
            bar.chosen,
        );
        if story_date.clicked() {
            actions.push(TimeAction::StoryDate);
        }
        if (bar.first, bar.last) != bar.span
            && named_button(
                ui,
                egui::Button::new("Whole span"),
                "Show every year with events on the bar (the wheel over the bar zooms it)",
                true,
            )
            .clicked()
        {
            actions.push(TimeAction::WholeSpan);
        }
        ui.separator();
        let shown = match bar.hidden_phases.len() {
            0 => "Show: all".to_owned(),
            n => format!(
                "Show: {} of {}",
                FILTER_PHASES.len() - n,
                FILTER_PHASES.len()
            ),
        };
        ui.menu_button(shown, |ui| actions.extend(filter_ui(ui, bar)))
            .response
            .on_hover_text("Which items the map shows on this date, by their status then");
    });
    actions.extend(slider_ui(ui, bar));
    actions.into_iter().map(Action::Time).collect()
}

/// The status filter and the ghosts, in the time bar's menu.
fn filter_ui(ui: &mut Ui, bar: &TimeBar) -> Vec<TimeAction> {
    let mut actions = Vec::new();
    for phase in FILTER_PHASES {
        let mut shown = !bar.hidden_phases.contains(&phase);
        let name = format!("Show {} items", phase.label());
        let toggle = ui.checkbox(&mut shown, phase.label());
        toggle.widget_info(|| egui::WidgetInfo::selected(egui::Role::CheckBox, true, shown, &name));
        if toggle.changed() {
            actions.push(TimeAction::TogglePhase(phase));
        }
    }
    ui.separator();
    let mut ghosts = bar.ghosts;
    if ui
        .checkbox(&mut ghosts, "Not yet planned, faintly")
        .on_hover_text("Draw the items that do not exist yet on this date as faint ghosts")
        .changed()
    {
        actions.push(TimeAction::Ghosts(ghosts));
    }
    actions
}

/// The slider: a track from the first to the last day with a tick for each event, a mark
/// for each story's date, the years written under it, and the handle at the date shown.
fn slider_ui(ui: &mut Ui, bar: &TimeBar) -> Option<TimeAction> {
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(vec2(width, 38.0), Sense::click_and_drag());
    response.widget_info(|| {
        egui::WidgetInfo::slider(true, days_between(bar.first, bar.as_of), SLIDER_NAME)
    });
    let track = Rect::from_min_max(
        pos2(rect.left() + 12.0, rect.top() + 12.0),
        pos2(rect.right() - 12.0, rect.top() + 16.0),
    );
    let total = days_between(bar.first, bar.last).max(1.0);
    let x_of =
        |day: Date| track.left() + (days_between(bar.first, day) / total) as f32 * track.width();
    let painter = ui.painter_at(rect);
    painter.rect_filled(track, 2.0, style::TRACK);
    years_ui(&painter, bar, track, &x_of);
    let shown = |day: &Date| (bar.first..=bar.last).contains(day);
    for day in bar.events.iter().filter(|day| shown(day)) {
        let x = x_of(*day);
        painter.line_segment(
            [pos2(x, track.top() - 6.0), pos2(x, track.top())],
            Stroke::new(1.5, style::EVENT_TICK),
        );
    }
    for (day, title) in bar.stories.iter().filter(|(day, _)| shown(day)) {
        let x = x_of(*day);
        let tip = pos2(x, track.bottom() + 1.0);
        painter.add(egui::Shape::convex_polygon(
            vec![tip, tip + vec2(-5.0, 8.0), tip + vec2(5.0, 8.0)],
            style::STORY_MARK,
            Stroke::NONE,
        ));
        let near = response
            .hover_pos()
            .is_some_and(|pointer| (pointer.x - x).abs() < 6.0 && pointer.y > track.bottom());
        if near {
            response
                .clone()
                .on_hover_text(format!("{title}: {}", When::of_day(*day).label()));
        }
    }
    let handle = pos2(x_of(bar.as_of), track.center().y);
    painter.circle(handle, 7.0, style::HANDLE, Stroke::new(2.0, Color32::WHITE));
    edges_ui(&painter, bar, track);
    if let Some(view) = zoom_ui(ui, &response, bar, track) {
        return Some(view);
    }
    let at = response.interact_pointer_pos()?;
    if !(response.dragged() || response.clicked()) {
        return None;
    }
    let fraction = f64::from(((at.x - track.left()) / track.width()).clamp(0.0, 1.0));
    let day = day_after(bar.first, fraction * total, bar.last);
    (day != bar.as_of).then_some(TimeAction::Set(day))
}

/// The wheel over the bar zooms its stretch of time around the pointer, within the span.
fn zoom_ui(ui: &Ui, response: &egui::Response, bar: &TimeBar, track: Rect) -> Option<TimeAction> {
    let pointer = response.hover_pos()?;
    let scroll = ui.input(|input| input.smooth_scroll_delta.y + input.smooth_scroll_delta.x);
    if scroll == 0.0 {
        return None;
    }
    let total = days_between(bar.first, bar.last).max(1.0);
    let whole = days_between(bar.span.0, bar.span.1).max(1.0);
    let fraction = f64::from(((pointer.x - track.left()) / track.width()).clamp(0.0, 1.0));
    // Up zooms in: a year at least, the whole span at most.
    let length = (total * (1.0 - f64::from(scroll) * 0.003).clamp(0.5, 2.0)).clamp(366.0, whole);
    let pivot = days_between(bar.span.0, bar.first) + fraction * total;
    let start = (pivot - fraction * length).clamp(0.0, whole - length);
    let first = day_after(bar.span.0, start, bar.span.1);
    let last = day_after(bar.span.0, start + length, bar.span.1);
    ((first, last) != (bar.first, bar.last)).then_some(TimeAction::View(first, last))
}

/// Says at either end of the bar that events lie beyond what it shows.
fn edges_ui(painter: &egui::Painter, bar: &TimeBar, track: Rect) {
    let earlier = bar.events.iter().filter(|day| **day < bar.first).count();
    let later = bar.events.iter().filter(|day| **day > bar.last).count();
    let font = FontId::proportional(10.0);
    if earlier > 0 {
        painter.text(
            pos2(track.left() - 10.0, track.center().y),
            Align2::LEFT_CENTER,
            "◀",
            font.clone(),
            style::YEAR_TEXT,
        );
    }
    if later > 0 {
        painter.text(
            pos2(track.right() + 10.0, track.center().y),
            Align2::RIGHT_CENTER,
            "▶",
            font,
            style::YEAR_TEXT,
        );
    }
}

/// The years under the track, as many as there is room for.
fn years_ui(painter: &egui::Painter, bar: &TimeBar, track: Rect, x_of: &dyn Fn(Date) -> f32) {
    let years = i32::from(bar.last.year() - bar.first.year()).max(1);
    // About 44 points a label.
    let room = (track.width() / 44.0).max(1.0) as i32;
    let every = [1, 2, 5, 10, 20, 50]
        .into_iter()
        .find(|step| years / step <= room)
        .unwrap_or(100);
    let mut year = bar.first.year();
    while year <= bar.last.year() {
        if i32::from(year) % every == 0
            && let Ok(day) = Date::new(year, 1, 1)
        {
            let x = x_of(day);
            painter.line_segment(
                [pos2(x, track.bottom()), pos2(x, track.bottom() + 4.0)],
                Stroke::new(1.0, style::YEAR_TEXT),
            );
            painter.text(
                Pos2::new(x, track.bottom() + 10.0),
                Align2::CENTER_TOP,
                year.to_string(),
                FontId::proportional(11.0),
                style::YEAR_TEXT,
            );
        }
        year += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_on_the_bar_stays_within_it() {
        let first = Date::new(2000, 1, 1).unwrap_or(Date::MIN);
        let last = Date::new(2000, 12, 31).unwrap_or(Date::MAX);
        assert_eq!(
            day_after(first, 31.0, last),
            Date::new(2000, 2, 1).unwrap_or(Date::MIN)
        );
        assert_eq!(day_after(first, 9999.0, last), last);
        assert_eq!(day_after(first, -5.0, last), first);
        assert_eq!(days_between(first, last), 365.0);
    }
}
