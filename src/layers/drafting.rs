//! *File → New story from article…*: an article chosen in a dialog becomes a drafted story
//! folder beside it, linked to the items of every open layer and the basemap's cities, and
//! opens as the current story.

use std::path::{Path, PathBuf};

use crate::dialogs::{NO_DIALOG, PendingDialog, dialogs_available};
use crate::io::draft::{NameIndex, draft, guess_language, known_things, read_article};
use crate::layers::{LayerEvent, Layers};

impl Layers {
    /// Asks for an article (plain UTF-8 text) to draft a story from.
    pub fn ask_which_article_to_draft(&mut self, ctx: &egui::Context) {
        if self.draft_dialog.is_some() {
            return;
        }
        if !dialogs_available() {
            self.tell(format!(
                "{NO_DIALOG} Draft a story on the command line: corridor-atlas --draft-story ARTICLE --out FOLDER"
            ));
            return;
        }
        let answer = rfd::AsyncFileDialog::new()
            .set_title("New story from article")
            .add_filter("Plain text", &["txt"])
            .add_filter("All files", &["*"])
            .pick_file();
        self.draft_dialog = Some(PendingDialog::new(ctx, answer));
    }

    /// Takes in the article the user chose, drafts its story and opens it.
    pub(super) fn take_in_draft(&mut self, ctx: &egui::Context) -> Vec<LayerEvent> {
        let Some(answer) = self.draft_dialog.as_mut().and_then(PendingDialog::poll) else {
            return Vec::new();
        };
        self.draft_dialog = None;
        let Some(article) = answer.map(|file| file.path().to_path_buf()) else {
            return Vec::new();
        };
        match self.draft_beside(&article) {
            Ok(folder) => self.open(vec![folder], ctx),
            Err(message) => {
                self.tell(message);
                Vec::new()
            }
        }
    }

    /// Drafts a story from `article` into a new folder beside it, named after it, with links
    /// proposed to the items of every layer and the basemap's cities; the folder.
    ///
    /// # Errors
    /// What to tell the user when the article cannot be read or the draft not written.
    pub fn draft_beside(&self, article: &Path) -> Result<PathBuf, String> {
        let text = read_article(article).map_err(|e| e.to_string())?;
        let items = self
            .layers
            .iter()
            .flat_map(|layer| layer.corridors.iter().cloned())
            .collect();
        let index = NameIndex::new(known_things(items, &self.basemap.places));
        let drafted = draft(&text, guess_language(&text), &index);
        let folder = free_folder(article);
        drafted.write(&folder, false).map_err(|e| e.to_string())?;
        Ok(folder)
    }
}

/// `<article name>-story` beside the article, or `-story-2`, `-story-3`… when taken.
fn free_folder(article: &Path) -> PathBuf {
    let stem = article.file_stem().map_or_else(
        || "article".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    let parent = article.parent().unwrap_or(Path::new("."));
    (1..)
        .take(1000)
        .map(|n| match n {
            1 => parent.join(format!("{stem}-story")),
            n => parent.join(format!("{stem}-story-{n}")),
        })
        .find(|folder| !folder.exists())
        .unwrap_or_else(|| parent.join(format!("{stem}-story")))
}
