//! The article panel: the whole article with its metadata. Passages that speak of map items
//! are highlighted in their items' colours; hovering a passage highlights its items on the map,
//! clicking selects them.

use egui::text::{LayoutJob, TextFormat};
use egui::{Align, Color32, FontId, RichText, Ui};

use crate::layers::Layer;
use crate::model::{FeatureId, LayerId, Passage, PassageId, Story};
use crate::panels::Action;
use crate::panels::details::link_ui;
use crate::style::overlay::{HOVER_HALO, QUOTE_ALPHA, SELECTION_HALO, kind_colour};

/// What the article panel shows.
pub struct ArticleView<'a> {
    /// Selected items of the story's layer: their passages are marked.
    pub selection: &'a [FeatureId],
    /// The item under the pointer on the map: its passages are marked lightly.
    pub hovered: Option<&'a FeatureId>,
    /// Scroll to this passage in this frame.
    pub scroll_to: Option<&'a PassageId>,
    /// Show our English gloss under each passage.
    pub show_gloss: bool,
    /// The story is being edited: passages show their words to select and their fields.
    pub editing: bool,
    /// The words selected in the article, while editing (a byte range).
    pub words: Option<&'a std::ops::Range<usize>>,
}

/// The paragraph a passage belongs to: `p5` of `p5.s2`.
fn paragraph(id: &PassageId) -> &str {
    id.0.split('.').next().unwrap_or(&id.0)
}

/// The dateline ("Astana, 10. April, AZERTAC"), shown with the metadata: see
/// [`Story::dateline`].
pub fn dateline(story: &Story) -> Option<&Passage> {
    story.dateline()
}

/// Where a passage stands, in words: see [`Story::passage_place`].
pub fn passage_place(story: &Story, id: &PassageId) -> String {
    story.passage_place(id)
}

/// The passage's text as a layout, each quote of a map item on a tint of that item's colour.
fn passage_layout(ui: &Ui, layer: &Layer, story: &Story, passage: &Passage) -> LayoutJob {
    let text_colour = ui.visuals().text_color();
    let font = FontId::proportional(14.5);
    // (start, end, colour, inferred): words the atlas reads an item into are underlined
    // instead of tinted, so that the reader sees what the article itself names.
    let mut marks: Vec<(usize, usize, Color32, bool)> = story
        .links
        .iter()
        .filter(|link| link.passage == passage.id)
        .filter_map(|link| {
            let kind = layer.corridor(&link.feature)?.kind();
            Some((
                link.range.start,
                link.range.end,
                kind_colour(&kind),
                link.inferred,
            ))
        })
        .collect();
    marks.sort_by_key(|(start, end, _, _)| (*start, usize::MAX - end));

    let mut job = LayoutJob::default();
    let mut at = passage.range.start;
    let plain = TextFormat::simple(font.clone(), text_colour);
    for (start, end, colour, inferred) in marks {
        // Overlapping quotes: the part already drawn is not drawn again.
        let start = start.max(at);
        if start >= end {
            continue;
        }
        if let Some(before) = story.article.text.get(at..start) {
            job.append(before, 0.0, plain.clone());
        }
        if let Some(quote) = story.article.text.get(start..end) {
            job.append(
                quote,
                0.0,
                if inferred {
                    TextFormat {
                        underline: egui::Stroke::new(1.5, colour.gamma_multiply(0.8)),
                        ..plain.clone()
                    }
                } else {
                    TextFormat {
                        background: colour.gamma_multiply(QUOTE_ALPHA),
                        ..plain.clone()
                    }
                },
            );
        }
        at = end;
    }
    if let Some(rest) = story.article.text.get(at..passage.range.end) {
        job.append(rest, 0.0, plain);
    }
    job
}

/// With more than one story open: which one the panel shows (title, source and date of
/// each), and whether the map shows the items of all of them or of this one only.
pub fn story_switcher_ui(
    ui: &mut Ui,
    stories: &[&Layer],
    current: LayerId,
    only_current: bool,
) -> Option<Action> {
    if stories.len() < 2 {
        return None;
    }
    let label = |layer: &Layer| {
        layer.story.as_ref().map_or_else(
            || layer.name.clone(),
            |story| {
                let meta = &story.meta;
                format!("{} ({}, {})", meta.title(), meta.source, meta.date)
            },
        )
    };
    let shown = stories
        .iter()
        .find(|layer| layer.id == current)
        .map_or_else(String::new, |layer| label(layer));
    let mut action = None;
    ui.horizontal(|ui| {
        let name = format!("Story {} of {}:", position(stories, current), stories.len());
        ui.label(&name);
        let combo = egui::ComboBox::from_id_salt("story-switcher")
            .selected_text(shown)
            .truncate()
            .width(ui.available_width())
            .show_ui(ui, |ui| {
                for layer in stories {
                    if ui
                        .selectable_label(layer.id == current, label(layer))
                        .clicked()
                    {
                        action = Some(Action::ShowStory(layer.id));
                    }
                }
            });
        // Screen readers (and tests) know the box by what the label before it says.
        combo
            .response
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, "Story shown"));
    });
    let mut only = only_current;
    if ui
        .checkbox(&mut only, "Only this story’s items on the map")
        .changed()
    {
        action = Some(Action::OnlyCurrentStory(only));
    }
    ui.separator();
    action
}

/// Where the story with this id is among the open ones, counted from 1.
fn position(stories: &[&Layer], id: LayerId) -> usize {
    stories
        .iter()
        .position(|layer| layer.id == id)
        .map_or(0, |i| i + 1)
}

/// Draws the article of the story `layer` has, and returns what the user did with it.
pub fn article_ui(
    ui: &mut Ui,
    layer: &Layer,
    story: &Story,
    view: &ArticleView<'_>,
) -> Vec<Action> {
    let mut actions = Vec::new();
    actions.extend(article_header_ui(ui, story, view.show_gloss));
    let marked: Vec<PassageId> = view
        .selection
        .iter()
        .flat_map(|id| story.passages_of(id))
        .collect();
    let hovered: Vec<PassageId> = view
        .hovered
        .map(|id| story.passages_of(id))
        .unwrap_or_default();
    let dateline = dateline(story);
    egui::ScrollArea::vertical()
        .id_salt("article-scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let mut last_paragraph = "";
            for passage in &story.article.passages {
                if dateline.is_some_and(|d| d.id == passage.id) {
                    continue;
                }
                let this_paragraph = paragraph(&passage.id);
                if !last_paragraph.is_empty() && this_paragraph != last_paragraph {
                    ui.add_space(8.0);
                }
                last_paragraph = this_paragraph;
                let mark = if marked.contains(&passage.id) {
                    Mark::Selected
                } else if hovered.contains(&passage.id) {
                    Mark::Hovered
                } else {
                    Mark::None
                };
                actions.extend(passage_ui(ui, layer, story, passage, mark, view));
            }
        });
    actions
}

/// The title, source and date, the dateline, and the gloss switch above the article.
fn article_header_ui(ui: &mut Ui, story: &Story, show_gloss: bool) -> Option<Action> {
    let meta = &story.meta;
    ui.label(RichText::new(meta.title()).heading());
    if let Some(english) = meta.english_title() {
        ui.label(RichText::new(english).italics());
    }
    ui.horizontal_wrapped(|ui| {
        let said: Vec<&str> = [&meta.source, &meta.place, &meta.date]
            .into_iter()
            .map(|field| field.trim())
            .filter(|field| !field.is_empty())
            .collect();
        ui.label(said.join(", "));
        if let Some(url) = &meta.url {
            link_ui(ui, "original article", url);
        }
    });
    if let Some(line) = dateline(story).and_then(|p| story.article.text.get(p.range.clone())) {
        ui.label(RichText::new(format!("Dateline: {line}")).small().weak())
            .on_hover_text("The article's first line, as the agency sent it");
    }
    let mut show = show_gloss;
    let changed = ui.checkbox(&mut show, "Show English gloss").changed();
    ui.separator();
    changed.then_some(Action::ShowGloss(show))
}

/// A passage while its story is edited: its words to select and its fields.
fn editing_passage_ui(
    ui: &mut Ui,
    story: &Story,
    passage: &Passage,
    view: &ArticleView<'_>,
) -> Vec<Action> {
    let (mut actions, words) = crate::panels::editing::edit_passage_ui(ui, story, passage);
    // Told when the selection in this passage changes, not every frame.
    let here = view
        .words
        .filter(|w| passage.range.start <= w.start && w.end <= passage.range.end);
    if words.as_ref() != here {
        let focused = ui.ctx().memory(egui::Memory::focused).is_some();
        if words.is_some() || (here.is_some() && focused) {
            actions.push(Action::SelectWords(words));
        }
    }
    ui.add_space(6.0);
    actions
}

/// How a passage is marked: it speaks of a selected item, of the hovered one, or neither.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Selected,
    Hovered,
    None,
}

/// One passage in its frame, with its gloss when asked; hovering or clicking it speaks of
/// its items.
fn passage_ui(
    ui: &mut Ui,
    layer: &Layer,
    story: &Story,
    passage: &Passage,
    mark: Mark,
    view: &ArticleView<'_>,
) -> Vec<Action> {
    if view.editing {
        return editing_passage_ui(ui, story, passage, view);
    }
    let mut actions = Vec::new();
    let spatial = passage.non_spatial.is_none();
    let (fill, stroke) = match mark {
        Mark::Selected => (
            SELECTION_HALO.gamma_multiply(0.25),
            egui::Stroke::new(1.5, SELECTION_HALO),
        ),
        Mark::Hovered => (
            HOVER_HALO.gamma_multiply(0.2),
            egui::Stroke::new(1.5, HOVER_HALO),
        ),
        Mark::None => (Color32::TRANSPARENT, egui::Stroke::NONE),
    };
    let frame = egui::Frame::new()
        .inner_margin(egui::Margin::symmetric(6, 3))
        .corner_radius(3.0)
        .fill(fill)
        .stroke(stroke);
    let inner = frame.show(ui, |ui| {
        let label = egui::Label::new(passage_layout(ui, layer, story, passage))
            .wrap()
            .sense(if spatial {
                egui::Sense::click()
            } else {
                egui::Sense::hover()
            });
        let response = ui.add(label);
        if view.show_gloss && !passage.gloss_en.is_empty() {
            ui.add(egui::Label::new(RichText::new(&passage.gloss_en).italics().weak()).wrap());
        }
        response
    });
    let response = inner.inner;
    if view.scroll_to == Some(&passage.id) {
        inner.response.scroll_to_me(Some(Align::Center));
    }
    if spatial {
        let names: Vec<String> = story
            .features_of(&passage.id)
            .iter()
            .filter_map(|id| {
                let name = layer.corridor(id)?.name();
                Some(if story.inferred(id, &passage.id) {
                    format!("{name} (our reading: the article does not name it)")
                } else {
                    name.to_owned()
                })
            })
            .collect();
        let response =
            response.on_hover_text(format!("Click to show on the map: {}", names.join(", ")));
        if response.hovered() {
            actions.push(Action::HoverPassage(passage.id.clone()));
        }
        if response.clicked() {
            actions.push(Action::SelectPassage(passage.id.clone()));
        }
    } else if let Some(reason) = &passage.non_spatial {
        response.on_hover_text(format!("Nothing on the map: {reason}"));
    }
    actions
}
