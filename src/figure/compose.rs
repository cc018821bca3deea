//! A figure made from layers as they are shown: which items, how they look on the date, the
//! legend of what is drawn, and the citations of the items.

use egui::Color32;
use jiff::civil::Date;

use crate::figure::{Citation, Figure, FigureLayer, FigureOptions, Quote};
use crate::io::basemap::Basemap;
use crate::map::overlay::{ItemTime, Overlay};
use crate::map::view::BoundsDeg;
use crate::model::history::When;
use crate::model::{Corridor, Kind, Story};

/// At most this many sources of an item are listed in a figure; the data has them all.
const SOURCES_SHOWN: usize = 4;

/// One layer as the figure takes it.
pub struct SourceLayer<'a> {
    /// Its story, if it is one.
    pub story: Option<&'a Story>,
    /// Its items.
    pub corridors: &'a [Corridor],
    /// Its items prepared for drawing.
    pub overlay: &'a Overlay,
    /// The colour of its items of no known kind.
    pub colour: Color32,
    /// Per item: shown or not; empty shows all.
    pub visible: Vec<bool>,
    /// Its dated items on the date shown.
    pub time: Vec<ItemTime>,
    /// Its selected items.
    pub selected: Vec<usize>,
}

impl SourceLayer<'_> {
    fn shows(&self, index: usize) -> bool {
        self.visible.get(index).copied().unwrap_or(true)
    }
}

/// What the figure is of, besides its layers.
pub struct Framing {
    /// The title.
    pub title: String,
    /// The date shown.
    pub as_of: Date,
    /// The part of the world to show.
    pub bounds: BoundsDeg,
    /// The share of the map's frame left free around it on each side.
    pub margin: f64,
    /// What is shown besides the map.
    pub options: FigureOptions,
}

/// The figure of `layers` on `framing`'s terms. The citations are of the selected items, or
/// when none is selected of every item shown that a story mentions.
pub fn figure<'a>(
    layers: &'a [SourceLayer<'a>],
    basemap: &'a Basemap,
    framing: Framing,
) -> Figure<'a> {
    let stories: Vec<&Story> = layers.iter().filter_map(|l| l.story).collect();
    let subtitle = match stories.first() {
        Some(story) => format!(
            "As of {}  ·  {}, {}, {}",
            When::of_day(framing.as_of).label(),
            story.meta.source,
            story.meta.place,
            story.meta.date
        ),
        None => format!("As of {}", When::of_day(framing.as_of).label()),
    };
    Figure {
        title: framing.title,
        subtitle,
        bounds: framing.bounds,
        margin: framing.margin,
        layers: layers
            .iter()
            .map(|layer| FigureLayer {
                overlay: layer.overlay,
                visible: &layer.visible,
                time: &layer.time,
                selected: &layer.selected,
            })
            .collect(),
        citations: citations(layers, &stories, framing.as_of),
        attribution: "Basemap: Natural Earth  ·  Items: Corridor Atlas, from the sources cited"
            .to_owned(),
        options: framing.options,
        basemap,
    }
}

/// The citations of the selected items, or of every item shown that a story mentions.
fn citations(layers: &[SourceLayer<'_>], stories: &[&Story], as_of: Date) -> Vec<Citation> {
    let any_selected = layers.iter().any(|layer| !layer.selected.is_empty());
    let mut written: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for layer in layers {
        for (index, corridor) in layer.corridors.iter().enumerate() {
            let wanted = if any_selected {
                layer.selected.contains(&index)
            } else {
                layer.shows(index)
            };
            if !wanted || written.contains(&corridor.id.0.as_str()) {
                continue;
            }
            let citation = citation(corridor, stories, as_of, layer.colour);
            // Without a selection, only what an article speaks of is cited.
            if any_selected || !citation.quotes.is_empty() {
                written.push(&corridor.id.0);
                out.push(citation);
            }
        }
    }
    out
}

/// One item's citation: what it was on the date, the sentences of every story that mention
/// it, and the sources of its position and status first.
pub fn citation(corridor: &Corridor, stories: &[&Story], as_of: Date, colour: Color32) -> Citation {
    let status = if corridor.is_dated() {
        corridor.status_on(as_of)
    } else {
        corridor.info.status
    };
    let what = match status {
        Some(status) => format!("{}, {}", corridor.kind().label(), status.label()),
        None => corridor.kind().label().to_owned(),
    };
    let quotes = stories
        .iter()
        .flat_map(|story| {
            story
                .passages_of(&corridor.id)
                .into_iter()
                .filter_map(|id| {
                    let passage = story.article.passage(&id)?;
                    Some(Quote {
                        text: story
                            .article
                            .text
                            .get(passage.range.clone())?
                            .trim()
                            .to_owned(),
                        gloss: Some(passage.gloss_en.clone()).filter(|g| !g.trim().is_empty()),
                        place: format!(
                            "{}, {}, {}",
                            story.meta.source,
                            story.meta.date,
                            story.passage_place(&id)
                        ),
                    })
                })
        })
        .collect();
    let info = &corridor.info;
    // The sources of its position and status first, then the others in their order.
    let mut order: Vec<usize> = ["geometry", "status", "start_year"]
        .iter()
        .filter_map(|field| info.cites.get(*field))
        .flatten()
        .copied()
        .chain(0..info.sources.len())
        .collect();
    let mut seen = std::collections::HashSet::new();
    order.retain(|i| *i < info.sources.len() && seen.insert(*i));
    let sources: Vec<(String, String)> = order
        .iter()
        .take(SOURCES_SHOWN)
        .filter_map(|i| info.sources.get(*i))
        .map(|s| (s.title.clone(), s.url.clone()))
        .collect();
    let kind = corridor.kind();
    Citation {
        name: corridor.name().to_owned(),
        what,
        colour: match kind {
            Kind::Other(_) => colour,
            known => crate::style::overlay::kind_colour(&known),
        },
        quotes,
        more_sources: info.sources.len().saturating_sub(sources.len()),
        sources,
    }
}
