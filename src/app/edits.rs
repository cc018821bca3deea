//! Editing the current story: the actions of the edit bar, the article and the map, and the
//! question asked when the window closes with changes not saved.

use crate::layers::editing::Edit;
use crate::model::ItemRef;
use crate::panels::Action;

use super::App;

/// Closing the window while a story has changes not saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Quitting {
    /// Nothing asked.
    No,
    /// The window was asked to close: the question is shown.
    Asking,
    /// The user chose to close without saving.
    Anyway,
}

impl App {
    /// Actions that edit the current story.
    pub(super) fn apply_to_edits(&mut self, ctx: &egui::Context, action: Action) {
        let story = self.current_story;
        let outcome = match action {
            Action::EditStory(true) => self.layers.start_editing(story),
            Action::EditStory(false) => {
                self.layers.stop_editing(story);
                self.words = None;
                Ok(())
            }
            Action::Edit(change) => self.layers.edit(story, change),
            Action::UndoEdit => {
                self.layers.undo_redo(story, false);
                Ok(())
            }
            Action::RedoEdit => {
                self.layers.undo_redo(story, true);
                Ok(())
            }
            Action::SaveStory => self.layers.save(story).map(|()| {
                self.notice = Some("The story is saved.".to_owned());
            }),
            Action::SelectWords(words) => {
                self.words = words;
                Ok(())
            }
            Action::LinkSelectedWords => self.link_selected_words(),
            Action::NewPlaceHere(lon_deg, lat_deg) => self.new_place(lon_deg, lat_deg),
            Action::QuitWithoutSaving => {
                self.quitting = Quitting::Anyway;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                Ok(())
            }
            _ => Ok(()),
        };
        if let Err(message) = outcome {
            self.notice = Some(message);
        }
    }

    /// The selected words become a link from their sentence to the selected item.
    fn link_selected_words(&mut self) -> Result<(), String> {
        let (Some(words), Some(item)) = (self.words.clone(), self.selection.first().cloned())
        else {
            return Err("Select words of the article and an item to link them to.".to_owned());
        };
        let story = self.current_story;
        self.layers.edit(
            story,
            Edit::LinkWords {
                item: item.clone(),
                words,
            },
        )?;
        self.words = None;
        // The item is now the story's own too.
        self.select(vec![ItemRef {
            layer: story,
            id: item.id,
        }]);
        Ok(())
    }

    /// A place at a clicked position, named after the selected words (which it is linked
    /// from), and selected.
    fn new_place(&mut self, lon_deg: f64, lat_deg: f64) -> Result<(), String> {
        let story = self.current_story;
        let name = self
            .words
            .clone()
            .and_then(|words| Some(self.story()?.article.text.get(words)?.trim().to_owned()))
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| "New place".to_owned());
        let before: Vec<String> = self
            .story_layer()
            .map(|layer| layer.corridors.iter().map(|c| c.id.0.clone()).collect())
            .unwrap_or_default();
        self.layers.edit(
            story,
            Edit::NewPlace {
                name,
                lon_deg,
                lat_deg,
                words: self.words.take(),
            },
        )?;
        let added = self.story_layer().and_then(|layer| {
            layer
                .corridors
                .iter()
                .find(|c| !before.contains(&c.id.0))
                .map(|c| layer.item(&c.id))
        });
        if let Some(added) = added {
            self.select(vec![added]);
        }
        Ok(())
    }

    /// A close with unsaved changes is held back, and the question asked.
    pub(super) fn quit_guard(&mut self, ctx: &egui::Context) {
        let closing = ctx.input(|input| input.viewport().close_requested());
        if closing && self.quitting != Quitting::Anyway && !self.layers.unsaved().is_empty() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.quitting = Quitting::Asking;
        }
    }

    /// Save, close without saving, or go on editing.
    pub(super) fn quit_question_ui(&mut self, ctx: &egui::Context) -> Option<Action> {
        if self.quitting != Quitting::Asking {
            return None;
        }
        let unsaved: Vec<String> = self
            .layers
            .unsaved()
            .into_iter()
            .filter_map(|id| Some(self.layers.get(id)?.name.clone()))
            .collect();
        let mut action = None;
        egui::Modal::new(egui::Id::unique("unsaved-changes")).show(ctx, |ui| {
            ui.heading("Unsaved changes");
            ui.label("These stories have changes that are not saved:");
            for name in &unsaved {
                ui.label(format!("• {name}"));
            }
            ui.horizontal(|ui| {
                if ui.button("Save and close").clicked() {
                    for id in self.layers.unsaved() {
                        if let Err(message) = self.layers.save(id) {
                            self.notice = Some(message);
                        }
                    }
                    if self.layers.unsaved().is_empty() {
                        action = Some(Action::Quit);
                    }
                    self.quitting = Quitting::No;
                }
                if ui.button("Close without saving").clicked() {
                    action = Some(Action::QuitWithoutSaving);
                    self.quitting = Quitting::No;
                }
                if ui.button("Cancel").clicked() {
                    self.quitting = Quitting::No;
                }
            });
        });
        action
    }
}
