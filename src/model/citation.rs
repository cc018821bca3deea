//! An item's citation, to paste into a report: its name, the sentences of every story that
//! mention it (quoted in the article's language, with the story's source and date), and its
//! sources with their addresses.

use crate::model::{Corridor, Story};

/// How a citation is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text.
    Plain,
    /// Markdown.
    Markdown,
}

/// The citation of `corridor`, mentioned by `stories` (each story that has it, with the
/// item's id in it).
///
/// # Examples
/// ```
/// use corridor_atlas::model::citation::{Format, citation};
/// let story = corridor_atlas::io::story::bundled();
/// let railway = story.corridor(&corridor_atlas::model::FeatureId("baku-tbilisi-kars-railway".into())).ok_or("no railway")?;
/// let text = citation(railway, &[&story.story], Format::Markdown);
/// assert!(text.starts_with("**Baku–Tbilisi–Kars railway**"));
/// assert!(text.contains("> „Eisenbahnlinie Baku-Tiflis-Kars“"));
/// assert!(text.contains("AZERTAC, 2023-04-10"));
/// # Ok::<(), &str>(())
/// ```
pub fn citation(corridor: &Corridor, stories: &[&Story], format: Format) -> String {
    let markdown = format == Format::Markdown;
    let mut lines = Vec::new();
    let status = corridor
        .info
        .status
        .map(|s| format!(", {}", s.label()))
        .unwrap_or_default();
    let kind = corridor.kind();
    lines.push(if markdown {
        format!("**{}** ({}{status})", corridor.name(), kind.label())
    } else {
        format!("{} ({}{status})", corridor.name(), kind.label())
    });
    for story in stories {
        let passages = story.passages_of(&corridor.id);
        if passages.is_empty() {
            continue;
        }
        let meta = &story.meta;
        lines.push(String::new());
        lines.push(format!(
            "Mentioned in “{}” ({}, {}{}):",
            meta.title(),
            meta.source,
            meta.date,
            meta.url
                .as_ref()
                .map(|u| format!(", {u}"))
                .unwrap_or_default()
        ));
        for passage in passages {
            let quotes: Vec<&str> = story
                .quotes(&corridor.id, &passage)
                .into_iter()
                .filter_map(|range| story.article.text.get(range))
                .collect();
            let place = story.passage_place(&passage);
            let quote = format!("„{}“ ({place})", quotes.join(" … "));
            lines.push(if markdown {
                format!("> {quote}")
            } else {
                format!("  {quote}")
            });
        }
    }
    if !corridor.info.sources.is_empty() {
        lines.push(String::new());
        lines.push("Sources:".to_owned());
        for (number, source) in corridor.info.sources.iter().enumerate() {
            let accessed = if source.accessed.is_empty() {
                String::new()
            } else {
                format!(" (accessed {})", source.accessed)
            };
            lines.push(if markdown {
                format!(
                    "{}. [{}]({}){accessed}",
                    number + 1,
                    source.title,
                    source.url
                )
            } else {
                format!("{}. {}, {}{accessed}", number + 1, source.title, source.url)
            });
        }
    }
    lines.join("\n") + "\n"
}
