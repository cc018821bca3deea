//! Fonts: egui's built-in ones first, with DejaVu Sans behind them for the letters they lack
//! (Georgian, Armenian, some of Azerbaijani and Kazakh).

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily};

pub(crate) const DEJAVU_SANS: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");

/// egui's default fonts with DejaVu Sans added as the fallback of every family.
pub fn definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        "DejaVuSans".to_owned(),
        Arc::new(FontData::from_static(DEJAVU_SANS)),
    );
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push("DejaVuSans".to_owned());
    }
    fonts
}
