//! The tools for editing a story: the bar above the article (edit, undo, redo, save,
//! accept or reject every proposal, link the selected words), and each passage as the
//! editor sees it (words to select, the gloss, whether anything in it is on the map).

use egui::{RichText, Ui};

use crate::layers::editing::Edit;
use crate::model::{Passage, PassageId, Story};
use crate::panels::{Action, named_button};

/// What the edit bar shows.
// Independent facts about the story, each shown by its own button: not a state machine.
#[allow(clippy::struct_excessive_bools)]
pub struct EditBar<'a> {
    /// The story can be edited (it was read from a folder).
    pub editable: bool,
    /// It is being edited.
    pub editing: bool,
    /// There is a change to take back, and one to make again.
    pub can_undo: bool,
    /// …and one to make again.
    pub can_redo: bool,
    /// Changed since it was opened or saved.
    pub dirty: bool,
    /// How many of its links are proposed.
    pub proposed: usize,
    /// The words selected in the article.
    pub words: Option<&'a str>,
    /// The name of the selected item, which the words would be linked to.
    pub item: Option<&'a str>,
}

/// The edit bar above the article; returns what the user chose.
pub fn edit_bar_ui(ui: &mut Ui, bar: &EditBar<'_>) -> Option<Action> {
    let mut action = None;
    if !bar.editing {
        if bar.editable
            && ui
                .button("Edit this story")
                .on_hover_text(
                    "Confirm proposed links, link words to items, add places, write glosses",
                )
                .clicked()
        {
            action = Some(Action::EditStory(true));
        }
        return action;
    }
    ui.horizontal_wrapped(|ui| {
        let mut button = |ui: &mut Ui, label: &str, name: &str, enabled: bool, chosen: Action| {
            if named_button(ui, egui::Button::new(label).small(), name, enabled).clicked() {
                action = Some(chosen);
            }
        };
        button(ui, "↶", "Undo", bar.can_undo, Action::UndoEdit);
        button(ui, "↷", "Redo", bar.can_redo, Action::RedoEdit);
        button(ui, "Save", "Save the story", bar.dirty, Action::SaveStory);
        // Stopping would drop what is not saved: save or undo it first.
        let done = if bar.dirty {
            "Stop editing (save or undo the changes first)"
        } else {
            "Stop editing"
        };
        button(ui, "Done", done, !bar.dirty, Action::EditStory(false));
        if bar.proposed > 0 {
            button(
                ui,
                &format!("Accept all {}", bar.proposed),
                "Accept every proposed link",
                true,
                Action::Edit(Edit::AcceptAll),
            );
            button(
                ui,
                "Reject all",
                "Reject every proposed link",
                true,
                Action::Edit(Edit::RejectAll),
            );
        }
    });
    match (bar.words, bar.item) {
        (Some(words), Some(item)) => {
            let label = format!("Link “{words}” to {item}");
            if named_button(
                ui,
                egui::Button::new(label).wrap(),
                "Link the selected words",
                true,
            )
            .clicked()
            {
                action = Some(Action::LinkSelectedWords);
            }
        }
        (Some(_), None) => {
            ui.weak(
                "Select an item (or right-click the map: New place here) to link these words to.",
            );
        }
        _ => {
            ui.weak("Select words of a sentence to link them to the selected item.");
        }
    }
    ui.separator();
    action
}

/// A passage as the editor sees it: its words, which can be selected, the gloss to write,
/// and whether anything in it is on the map. Returns what the user chose, and the words
/// selected in it (a byte range of the article), if any.
pub fn edit_passage_ui(
    ui: &mut Ui,
    story: &Story,
    passage: &Passage,
) -> (Vec<Action>, Option<std::ops::Range<usize>>) {
    let mut actions = Vec::new();
    let text = story.article.passage_text(passage);
    let mut words = None;
    let mut shown: &str = text;
    let output = egui::TextEdit::multiline(&mut shown)
        .desired_rows(1)
        .desired_width(f32::INFINITY)
        .id_salt(("passage-words", &passage.id.0))
        .show(ui);
    output.response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::TextInput,
            true,
            format!("Words of {}", passage.id),
        )
    });
    if let Some(range) = output.cursor_range
        && !range.is_empty()
    {
        let [start, end] = range.sorted_cursors();
        let byte = |chars: usize| {
            text.char_indices()
                .nth(chars)
                .map_or(text.len(), |(at, _)| at)
        };
        words = Some(
            passage.range.start + byte(start.index.0)..passage.range.start + byte(end.index.0),
        );
    }
    actions.extend(field_ui(
        ui,
        ("gloss", &passage.id),
        "English gloss",
        &passage.gloss_en,
        |gloss| Edit::SetGloss {
            passage: passage.id.clone(),
            gloss,
        },
    ));
    let mut off_map = passage.non_spatial.is_some();
    if ui
        .checkbox(&mut off_map, "Nothing in it is on the map")
        .changed()
    {
        actions.push(Action::Edit(Edit::SetNonSpatial {
            passage: passage.id.clone(),
            reason: off_map.then(|| "to be explained".to_owned()),
        }));
    }
    if let Some(reason) = &passage.non_spatial {
        actions.extend(field_ui(
            ui,
            ("reason", &passage.id),
            "Why nothing is on the map",
            reason,
            |reason| Edit::SetNonSpatial {
                passage: passage.id.clone(),
                reason: Some(reason),
            },
        ));
    }
    (actions, words)
}

/// A line of text the user writes; the change becomes one edit (one step to undo) when the
/// field loses the keyboard.
fn field_ui(
    ui: &mut Ui,
    salt: (&str, &PassageId),
    name: &str,
    value: &str,
    edit: impl FnOnce(String) -> Edit,
) -> Option<Action> {
    let id = ui.scope_id().with(("edit-field", salt.0, &salt.1.0));
    let mut text: String = ui
        .data(|data| data.get_temp::<String>(id))
        .unwrap_or_else(|| value.to_owned());
    let mut action = None;
    ui.horizontal(|ui| {
        ui.label(RichText::new(name).small().weak());
        let response = ui.add(
            egui::TextEdit::singleline(&mut text)
                .desired_width(f32::INFINITY)
                .hint_text(name),
        );
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::TextInput, true, format!("{name} of {}", salt.1))
        });
        if response.changed() {
            ui.data_mut(|data| data.insert_temp(id, text.clone()));
        }
        if response.lost_focus() {
            ui.data_mut(|data| data.remove::<String>(id));
            if text != value {
                action = Some(Action::Edit(edit(text.clone())));
            }
        }
    });
    action
}

/// Accept and reject buttons for a proposed link in *Mentioned in*.
pub fn proposal_buttons_ui(
    ui: &mut Ui,
    item: &crate::model::FeatureId,
    passage: &PassageId,
) -> Option<Action> {
    let mut action = None;
    ui.horizontal(|ui| {
        if named_button(
            ui,
            egui::Button::new("✔ Accept").small(),
            &format!("Accept the link from {passage}"),
            true,
        )
        .clicked()
        {
            action = Some(Action::Edit(Edit::AcceptLink {
                item: item.clone(),
                passage: passage.clone(),
            }));
        }
        if named_button(
            ui,
            egui::Button::new("✖ Reject").small(),
            &format!("Reject the link from {passage}"),
            true,
        )
        .clicked()
        {
            action = Some(Action::Edit(Edit::RejectLink {
                item: item.clone(),
                passage: passage.clone(),
            }));
        }
    });
    action
}
