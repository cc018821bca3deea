//! Keys: the menus' shortcuts, which work even while typing, and the map's keys.

use egui::Key;

use crate::map::MapAction;
use crate::panels::Action;
use crate::panels::time_bar::TimeAction;

use super::App;

impl App {
    /// The shortcuts that work even while a text field has the keyboard.
    pub(super) fn shortcut_actions(ctx: &egui::Context) -> Vec<Action> {
        ctx.input_mut(|input| {
            crate::panels::shortcuts()
                .into_iter()
                .filter(|(shortcut, _)| input.consume_shortcut(shortcut))
                .map(|(_, action)| action)
                .collect()
        })
    }

    pub(super) fn keyboard_actions(ctx: &egui::Context) -> Vec<Action> {
        if ctx.egui_wants_keyboard_input() {
            return Vec::new();
        }
        let step = 100.0;
        ctx.input(|input| {
            // With Ctrl or Cmd held these keys belong to the menus' shortcuts; Ctrl+Z and
            // Ctrl+Y undo and redo a story's edits (a text field keeps them for itself).
            if input.modifiers.command {
                let undo = input.key_pressed(Key::Z) && !input.modifiers.shift;
                let redo = input.key_pressed(Key::Y)
                    || (input.key_pressed(Key::Z) && input.modifiers.shift);
                return [(undo, Action::UndoEdit), (redo, Action::RedoEdit)]
                    .into_iter()
                    .filter(|(pressed, _)| *pressed)
                    .map(|(_, action)| action)
                    .collect();
            }
            // Alt with the arrows steps from event to event on the time bar. Each key says
            // which modifiers it came with: Alt may be let go within the same frame.
            let steps: Vec<Action> = input
                .events
                .iter()
                .filter_map(|event| match event {
                    egui::Event::Key {
                        key,
                        pressed: true,
                        modifiers,
                        ..
                    } if modifiers.alt => match key {
                        Key::ArrowLeft => Some(false),
                        Key::ArrowRight => Some(true),
                        _ => None,
                    },
                    _ => None,
                })
                .map(|forward| Action::Time(TimeAction::Step(forward)))
                .collect();
            if !steps.is_empty() || input.modifiers.alt {
                return steps;
            }
            [
                (Key::Plus, MapAction::ZoomIn),
                (Key::Equals, MapAction::ZoomIn),
                (Key::Minus, MapAction::ZoomOut),
                (Key::Home, MapAction::Home),
                (Key::ArrowLeft, MapAction::Pan(egui::vec2(-step, 0.0))),
                (Key::ArrowRight, MapAction::Pan(egui::vec2(step, 0.0))),
                (Key::ArrowUp, MapAction::Pan(egui::vec2(0.0, -step))),
                (Key::ArrowDown, MapAction::Pan(egui::vec2(0.0, step))),
            ]
            .into_iter()
            .filter(|(key, _)| input.key_pressed(*key))
            .map(|(_, action)| Action::Map(action))
            .chain(
                input
                    .key_pressed(Key::Escape)
                    .then(|| Action::Select(Vec::new())),
            )
            .collect()
        })
    }
}
