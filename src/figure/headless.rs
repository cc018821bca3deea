//! `--export PATH`: the bundled story and the named files written as GeoJSON, or drawn as a
//! figure (PNG, SVG, PDF), without a window.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use egui::Color32;
use jiff::civil::Date;

use crate::figure::compose::{Framing, SourceLayer, figure};
use crate::figure::output::{ExportError, Format, Size, render, write};
use crate::figure::{FigureOptions, Page};
use crate::io::basemap::Basemap;
use crate::io::export::{ExportLayer, geojson};
use crate::io::story::LoadedStory;
use crate::layers::intake::{Read, prepare, prepare_overlay};
use crate::map::overlay::{Overlay, times_on};
use crate::map::view::BoundsDeg;
use crate::model::history::Phase;
use crate::model::{Corridor, Kind, Story};

/// What the command line asks of an export.
#[derive(Debug, Clone, Default)]
pub struct ExportRequest {
    /// Where to write; the extension chooses the format.
    pub path: PathBuf,
    /// Files and story folders to add to the bundled story.
    pub files: Vec<PathBuf>,
    /// The date to show; the story's when `None` for a figure, every version for GeoJSON.
    pub as_of: Option<Date>,
    /// The item to fit the map to and cite.
    pub select: Option<String>,
    /// The size of the figure; the default is a 2560 × 1600 picture or an A4 landscape page.
    pub size: Option<Size>,
    /// The figure's title; the story's when `None`.
    pub title: Option<String>,
    /// What the figure shows besides the map.
    pub options: FigureOptions,
}

/// One read layer: its name, its story, its items and their overlay.
struct ReadLayer {
    name: String,
    story: Option<Story>,
    corridors: std::sync::Arc<Vec<Corridor>>,
    overlay: std::sync::Arc<Overlay>,
}

fn read_layers(files: &[PathBuf], basemap: &Basemap) -> Result<Vec<ReadLayer>, String> {
    let LoadedStory {
        story, corridors, ..
    } = crate::io::story::bundled();
    let corridors = std::sync::Arc::new(corridors);
    let (overlay, _) = prepare_overlay(&corridors, &[], &basemap.countries, Color32::GRAY, 0);
    let mut layers = vec![ReadLayer {
        name: "bundled story".to_owned(),
        story: Some(story),
        corridors,
        overlay,
    }];
    for (n, file) in files.iter().enumerate() {
        let progress = crate::io::reader::Progress::default();
        let colour = crate::style::LAYER_COLOURS
            .get(n % crate::style::LAYER_COLOURS.len())
            .copied()
            .unwrap_or(Color32::GRAY);
        let prepared =
            prepare(file, &progress, &basemap.countries, colour).map_err(|e| e.to_string())?;
        let (corridors, overlay) = (prepared.corridors, prepared.overlay);
        let story = match prepared.read {
            Read::File(_) => None,
            Read::Story(story) => Some(story.story),
        };
        layers.push(ReadLayer {
            name: file.display().to_string(),
            story,
            corridors,
            overlay,
        });
    }
    Ok(layers)
}

/// Writes the export; returns what to tell the user.
///
/// # Errors
/// What went wrong, for the user: an unknown extension, a file that cannot be read, a size
/// too big, a missing folder, a failed write. Nothing is left behind then.
pub fn export(request: &ExportRequest) -> Result<String, String> {
    let path = &request.path;
    let format = Format::of_path(path).map_err(|e| e.to_string())?;
    if let Some(size) = request.size {
        size.check().map_err(|e| e.to_string())?;
    }
    let basemap = Basemap::bundled().map_err(|e| e.to_string())?;
    let layers = read_layers(&request.files, &basemap)?;
    if format == Format::GeoJson {
        return export_geojson(path, &layers, request.as_of);
    }
    let (bytes, what) = draw(request, format, &layers, &basemap)?;
    write(path, &bytes).map_err(|e| e.to_string())?;
    Ok(format!("{}: {what}", path.display()))
}

fn export_geojson(
    path: &Path,
    layers: &[ReadLayer],
    as_of: Option<Date>,
) -> Result<String, String> {
    let export: Vec<ExportLayer<'_>> = layers
        .iter()
        .map(|layer| ExportLayer {
            name: &layer.name,
            story: layer.story.as_ref(),
            items: layer.corridors.iter().collect(),
        })
        .collect();
    let out = geojson(&export, as_of);
    let count = out
        .get("features")
        .and_then(serde_json::Value::as_array)
        .map_or(0, Vec::len);
    let text = serde_json::to_string_pretty(&out).unwrap_or_default() + "\n";
    write(path, text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(format!("{}: {count} items exported", path.display()))
}

/// The figure's bytes, and a few words on what they are.
fn draw(
    request: &ExportRequest,
    format: Format,
    layers: &[ReadLayer],
    basemap: &Basemap,
) -> Result<(Vec<u8>, String), String> {
    let story = layers.first().and_then(|l| l.story.as_ref());
    let as_of = request
        .as_of
        .or_else(|| {
            story
                .and_then(|s| crate::model::history::When::parse(s.meta.date.get(..10)?).ok())
                .map(|w| w.day)
        })
        .unwrap_or(Date::MIN);
    let sources = source_layers(layers, request.select.as_deref(), as_of)?;
    let bounds = framing_bounds(&sources).ok_or("nothing to show on the map")?;
    let title = request
        .title
        .clone()
        .or_else(|| story.map(|s| s.meta.title().to_owned()))
        .unwrap_or_else(|| "Corridor Atlas".to_owned());
    let figure = figure(
        &sources,
        basemap,
        Framing {
            title,
            as_of,
            bounds,
            margin: 0.1,
            options: request.options,
        },
    );
    let size = request.size.unwrap_or(match format {
        Format::Png => Size::Pixels(2560, 1600),
        _ => Size::Paper {
            paper: crate::figure::output::Paper::A4,
            landscape: true,
            dpi: 150,
        },
    });
    let page: Page = size.page();
    let document = crate::figure::svg(&figure, page);
    let bytes = render(&document, format, size, &AtomicBool::new(false))
        .map_err(|e: ExportError| e.to_string())?;
    let what = match format {
        Format::Png => {
            let (w, h) = size.pixels();
            format!("a {w} × {h} PNG")
        }
        _ => format!("a {:.0} × {:.0} pt page", page.width, page.height),
    };
    Ok((bytes, what))
}

/// The layers as a figure draws them on `as_of`: items not yet planned left out, the
/// selected item (and a corridor's legs) marked.
fn source_layers<'a>(
    layers: &'a [ReadLayer],
    select: Option<&str>,
    as_of: Date,
) -> Result<Vec<SourceLayer<'a>>, String> {
    let mut found = select.is_none();
    let mut sources = Vec::new();
    for (n, layer) in layers.iter().enumerate() {
        let time = times_on(&layer.overlay, &layer.corridors, as_of);
        let visible: Vec<bool> = (0..layer.corridors.len())
            .map(|index| {
                crate::map::overlay::time_of(&time, index).is_none_or(|t| t.phase != Phase::NotYet)
            })
            .collect();
        let mut selected = Vec::new();
        if let Some(id) = select
            && let Some(index) = layer.corridors.iter().position(|c| c.id.0 == id)
        {
            found = true;
            selected.push(index);
            let legs = layer
                .corridors
                .get(index)
                .map(|c| c.info.legs.clone())
                .unwrap_or_default();
            for leg in legs.iter().flat_map(|leg| leg.ids()) {
                selected.extend(layer.corridors.iter().position(|c| c.id.0 == leg));
            }
        }
        sources.push(SourceLayer {
            story: layer.story.as_ref(),
            corridors: &layer.corridors,
            overlay: &layer.overlay,
            colour: crate::style::LAYER_COLOURS
                .get(n.saturating_sub(1) % crate::style::LAYER_COLOURS.len())
                .copied()
                .unwrap_or(Color32::GRAY),
            visible,
            time,
            selected,
        });
    }
    if !found {
        return Err(format!(
            "--select {}: no item of the bundled story or the files has that id",
            select.unwrap_or_default()
        ));
    }
    Ok(sources)
}

/// The selected items' extent, or that of every place, port, route and line shown (not the
/// countries, regions and context).
fn framing_bounds(sources: &[SourceLayer<'_>]) -> Option<BoundsDeg> {
    let selected = sources
        .iter()
        .flat_map(|s| {
            s.selected
                .iter()
                .filter_map(|i| s.overlay.items.get(*i)?.bounds)
        })
        .reduce(BoundsDeg::union);
    selected.or_else(|| {
        sources
            .iter()
            .flat_map(|s| {
                s.overlay
                    .items
                    .iter()
                    .zip(s.corridors)
                    .enumerate()
                    .filter(|(i, (item, corridor))| {
                        s.visible.get(*i).copied().unwrap_or(true)
                            && item.kind != Kind::Region
                            && !corridor.info.context
                    })
                    .filter_map(|(_, (item, _))| item.bounds)
            })
            .reduce(BoundsDeg::union)
    })
}
