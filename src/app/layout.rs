//! The window's layout: the bars, the side panels and the map, each returning what the user
//! chose.

use egui::Ui;

use crate::layers::Layer;
use crate::map::view::BoundsDeg;
use crate::map::{ContextChoice, MapAction, MapInput, map_ui};
use crate::model::{FeatureId, ItemRef, PassageId};
use crate::panels::Action;
use crate::panels::article::{ArticleView, article_ui, story_switcher_ui};
use crate::panels::details::details_ui;
use crate::panels::editing::{EditBar, edit_bar_ui};
use crate::panels::items::{ItemsView, items_ui};
use crate::panels::layers::{layers_ui, problems_ui};
use crate::panels::menu_bar::{MenuState, menu_bar_ui};
use crate::panels::status_bar::{Status, status_bar_ui};
use crate::panels::time_bar::time_bar_ui;

use super::App;
use super::drawing::overlay_inputs;

impl App {
    /// The selected and hovered items of the story shown, by their id in it: what the list
    /// and the article mark.
    fn story_ids(&self, items: &[ItemRef]) -> Vec<FeatureId> {
        self.with_copies(items)
            .iter()
            .filter(|item| item.layer == self.current_story)
            .map(|item| item.id.clone())
            .collect()
    }

    /// The bars and side panels around the map.
    pub(super) fn frame_panels_ui(
        &mut self,
        ui: &mut Ui,
        scroll_to: Option<&PassageId>,
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        egui::Panel::top("menu-bar").show(ui, |ui| {
            let menu = MenuState {
                basemap: self.settings.basemap,
                panels: self.settings.panels,
            };
            actions.extend(menu_bar_ui(ui, &menu));
        });
        egui::Panel::bottom("status-bar").show(ui, |ui| {
            let status = Status {
                pointer: self.map.hover_position.map(|p| (p.x(), p.y())),
                zoom: self.map.view().zoom,
                tiles_pending: self.map.tiles_pending(),
                basemap: self.settings.basemap,
                online: self.map.online_status(),
                notice: self.notice.as_deref(),
            };
            actions.extend(status_bar_ui(ui, &status));
        });
        if !self.startup_problems.is_empty() || self.layers.has_problems() {
            let shown = crate::panels::layers::PROBLEMS_SHOWN;
            let mut problems = self.startup_problems.clone();
            problems.extend(self.layers.first_problem_lines(shown));
            let total = self.startup_problems.len() + self.layers.problem_count();
            egui::Panel::bottom("problems-panel").show(ui, |ui| {
                actions.extend(problems_ui(ui, &problems, total));
            });
        }
        let window_width = ui.ctx().content_rect().width();
        let generation = self.settings.panels.generation;
        if self.settings.panels.items {
            egui::Panel::left(egui::Id::unique(("items-panel", generation)))
                .resizable(true)
                .default_size((window_width * 0.2).clamp(170.0, 260.0))
                .min_size(150.0)
                // A narrower window narrows the panels too: the map keeps most of it.
                .max_size((window_width * 0.22).max(160.0))
                .show(ui, |ui| actions.extend(self.items_panel_ui(ui)));
        }
        if self.settings.panels.story {
            egui::Panel::right(egui::Id::unique(("story-panel", generation)))
                .resizable(true)
                .default_size((window_width * 0.3).clamp(220.0, 400.0))
                .min_size(200.0)
                .max_size((window_width * 0.32).max(220.0))
                .show(ui, |ui| actions.extend(self.story_panel_ui(ui, scroll_to)));
        }
        // Under the map only: the side panels are laid out first.
        egui::Panel::bottom("time-bar").show(ui, |ui| {
            actions.extend(time_bar_ui(ui, &self.time_bar()));
        });
        actions
    }

    /// The left panel: the loaded layers, then the story's items with the search.
    fn items_panel_ui(&mut self, ui: &mut Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        actions.extend(layers_ui(ui, &self.layers));
        ui.separator();
        // A story's item that another story hides, selects or hovers is the same thing.
        let hidden: Vec<ItemRef> = self.hidden_items.iter().cloned().collect();
        let hidden = self.with_copies(&hidden).into_iter().collect();
        let selection = self.with_copies(&self.selection);
        let hovered = self.with_copies(self.hovered.as_slice());
        let as_of = self.as_of();
        let mut view = ItemsView {
            search: &mut self.search,
            hidden_kinds: &self.hidden_kinds,
            context_hidden: self.context_hidden,
            hidden_items: &hidden,
            selection: &selection,
            hovered: &hovered,
            layers: &self.layers,
            places: &self.basemap.places,
            as_of,
        };
        actions.extend(items_ui(ui, self.layers.get(self.current_story), &mut view));
        actions
    }

    /// The right panel: the details of the selection over the article.
    fn story_panel_ui(&mut self, ui: &mut Ui, scroll_to: Option<&PassageId>) -> Vec<Action> {
        let mut actions = Vec::new();
        let shown_for = self
            .selection
            .first()
            .filter(|item| self.layers.item(item).is_some())
            .cloned();
        let new_selection = shown_for != self.details_shown_for;
        self.details_shown_for.clone_from(&shown_for);
        // Nothing selected: a line of help, not half the panel.
        let details = if shown_for.is_some() {
            egui::Panel::top(egui::Id::unique((
                "details-panel",
                self.settings.panels.generation,
            )))
            .resizable(true)
            .default_size((ui.available_height() * 0.45).clamp(120.0, 360.0))
        } else {
            egui::Panel::top("details-empty").resizable(false)
        };
        details.show(ui, |ui| {
            ui.heading("Details");
            let mut scroll = egui::ScrollArea::vertical()
                .id_salt("details-scroll")
                .auto_shrink([false, shown_for.is_none()]);
            if new_selection {
                // Each new item is read from its name down.
                scroll = scroll.vertical_scroll_offset(0.0);
            }
            scroll.show(ui, |ui| {
                actions.extend(details_ui(
                    ui,
                    &self.layers,
                    &self.selection,
                    self.layers
                        .editing(self.current_story)
                        .map(|_| self.current_story),
                    self.as_of(),
                ));
            });
        });
        let selection = self.story_ids(&self.selection);
        let hovered = self.story_ids(self.hovered.as_slice());
        egui::CentralPanel::default().show(ui, |ui| {
            let stories: Vec<&Layer> = self
                .layers
                .layers
                .iter()
                .filter(|layer| layer.story.is_some())
                .collect();
            actions.extend(story_switcher_ui(
                ui,
                &stories,
                self.current_story,
                self.settings.only_current_story,
            ));
            let Some((layer, story)) = self
                .layers
                .get(self.current_story)
                .and_then(|layer| Some((layer, layer.story.as_ref()?)))
            else {
                ui.weak("No story is open.");
                return;
            };
            let edit = self.layers.editing(layer.id);
            let words = self.words.clone().filter(|_| edit.is_some());
            let bar = self.edit_bar(layer, story, words.clone());
            actions.extend(edit_bar_ui(ui, &bar));
            let view = ArticleView {
                selection: &selection,
                hovered: hovered.first(),
                scroll_to,
                show_gloss: self.settings.show_gloss,
                editing: edit.is_some(),
                words: words.as_ref(),
            };
            actions.extend(article_ui(ui, layer, story, &view));
        });
        actions
    }

    /// What the edit bar above the article shows for `layer`'s story.
    fn edit_bar<'a>(
        &'a self,
        layer: &Layer,
        story: &'a crate::model::Story,
        words: Option<std::ops::Range<usize>>,
    ) -> EditBar<'a> {
        let edit = self.layers.editing(layer.id);
        let (can_undo, can_redo) = edit.map_or(
            (false, false),
            crate::layers::editing::StoryEdit::can_undo_redo,
        );
        EditBar {
            editable: layer.path.is_some(),
            editing: edit.is_some(),
            can_undo,
            can_redo,
            dirty: edit.is_some_and(|e| e.dirty),
            proposed: story.links.iter().filter(|link| link.proposed).count(),
            words: words.and_then(|w| story.article.text.get(w)),
            item: self
                .selection
                .first()
                .and_then(|item| self.layers.item(item))
                .map(|(_, corridor)| corridor.name()),
        }
    }

    /// The map in the middle, with everything drawn over it.
    pub(super) fn map_panel_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        // The article and the list are drawn before the map: their hover counts in this frame.
        let hovered_passage = actions.iter().rev().find_map(|action| match action {
            Action::HoverPassage(passage) => Some(passage.clone()),
            _ => None,
        });
        let mut highlighted: Vec<ItemRef> = hovered_passage
            .and_then(|passage| Some(self.story()?.features_of(&passage)))
            .unwrap_or_default()
            .into_iter()
            .map(|id| ItemRef {
                layer: self.current_story,
                id,
            })
            .collect();
        highlighted.extend(self.hovered.clone());
        let draw = self.layer_drawing(&highlighted);
        let (legend_kinds, legend_phases) = self.legend(&draw);
        let output = egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                let overlays = overlay_inputs(&self.layers, &draw);
                let layer_bounds = self
                    .layers
                    .files()
                    .filter(|layer| layer.visible)
                    .filter_map(Layer::bounds)
                    .reduce(BoundsDeg::union);
                let input = MapInput {
                    basemap: self.settings.basemap,
                    overlays: &overlays,
                    legend_kinds: &legend_kinds,
                    legend_phases: &legend_phases,
                    legend_open: self.settings.legend_open,
                    layer_bounds,
                    editing: self.layers.editing(self.current_story).is_some(),
                };
                map_ui(ui, &mut self.map, &input)
            })
            .inner;
        self.hovered = output.hovered;
        if let Some(open) = output.legend_open {
            self.settings.legend_open = open;
        }
        actions.extend(output.action.map(Action::Map));
        match output.clicked {
            Some(Some(item)) => actions.push(Action::Select(vec![item])),
            Some(None) => actions.push(Action::Select(Vec::new())),
            None => {}
        }
        match output.context {
            Some(ContextChoice::Copy(text)) => {
                ui.ctx().copy_text(text.clone());
                self.notice = Some(format!("Copied {text}"));
            }
            Some(ContextChoice::ZoomHere(lon_deg, lat_deg)) => {
                actions.push(Action::Map(MapAction::ZoomTo(lon_deg, lat_deg)));
            }
            Some(ContextChoice::Select(item)) => actions.push(Action::Select(vec![item])),
            Some(ContextChoice::NewPlace(lon_deg, lat_deg)) => {
                actions.push(Action::NewPlaceHere(lon_deg, lat_deg));
            }
            None => {}
        }
    }
}
