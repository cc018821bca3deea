//! A small SVG writer: shapes and text in page units, escaped, with colours as egui has them.

use std::fmt::Write as _;

use egui::Color32;

/// An SVG document being written.
pub struct Svg {
    out: String,
}

/// Text escaped for XML content and attributes.
///
/// # Examples
/// ```
/// use corridor_atlas::figure::svg::escape;
/// assert_eq!(escape("Baku & <Tbilisi> \"Kars\""), "Baku &amp; &lt;Tbilisi&gt; &quot;Kars&quot;");
/// ```
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Control characters are not allowed in XML 1.0.
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// A colour as SVG paint and opacity attributes for `what` (`fill` or `stroke`).
pub fn paint(what: &str, colour: Color32) -> String {
    let [r, g, b, a] = colour.to_srgba_unmultiplied();
    if a == 255 {
        format!("{what}=\"#{r:02x}{g:02x}{b:02x}\"")
    } else {
        format!(
            "{what}=\"#{r:02x}{g:02x}{b:02x}\" {what}-opacity=\"{:.3}\"",
            f32::from(a) / 255.0
        )
    }
}

/// How a line of text is written.
#[derive(Debug, Clone, Copy)]
pub struct TextStyle {
    /// Font size in page units.
    pub size: f64,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Colour.
    pub colour: Color32,
    /// Where `x` is: `start`, `middle` or `end`.
    pub anchor: &'static str,
    /// A light outline behind the letters, for labels over the map.
    pub halo: bool,
}

impl TextStyle {
    /// Plain text of `size` in `colour`, anchored at its start.
    pub fn plain(size: f64, colour: Color32) -> Self {
        Self {
            size,
            bold: false,
            italic: false,
            colour,
            anchor: "start",
            halo: false,
        }
    }
}

impl Svg {
    /// A document `width` × `height` page units large (points for a PDF page).
    pub fn new(width: f64, height: f64) -> Self {
        let mut out = String::with_capacity(1 << 20);
        let _ = writeln!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.2}\" height=\"{height:.2}\" viewBox=\"0 0 {width:.2} {height:.2}\" font-family=\"DejaVu Sans\">"
        );
        Self { out }
    }

    /// Writes raw markup (an element already formed).
    pub fn raw(&mut self, markup: &str) {
        self.out.push_str(markup);
        self.out.push('\n');
    }

    /// Opens a group with these attributes.
    pub fn open(&mut self, attributes: &str) {
        let _ = writeln!(self.out, "<g {attributes}>");
    }

    /// Closes the last group.
    pub fn close(&mut self) {
        self.out.push_str("</g>\n");
    }

    /// A rectangle.
    pub fn rect(&mut self, [x, y, w, h]: [f64; 4], attributes: &str) {
        let _ = writeln!(
            self.out,
            "<rect x=\"{x:.2}\" y=\"{y:.2}\" width=\"{w:.2}\" height=\"{h:.2}\" {attributes}/>"
        );
    }

    /// A circle.
    pub fn circle(&mut self, [x, y]: [f64; 2], r: f64, attributes: &str) {
        let _ = writeln!(
            self.out,
            "<circle cx=\"{x:.2}\" cy=\"{y:.2}\" r=\"{r:.2}\" {attributes}/>"
        );
    }

    /// A path through `lines` of points, each closed when `closed`.
    pub fn path<'p>(
        &mut self,
        lines: impl IntoIterator<Item = &'p [[f64; 2]]>,
        closed: bool,
        attributes: &str,
    ) {
        let mut d = String::new();
        for line in lines {
            for (i, [x, y]) in line.iter().enumerate() {
                let _ = write!(d, "{}{x:.2} {y:.2}", if i == 0 { "M" } else { "L" });
            }
            if closed && !line.is_empty() {
                d.push('Z');
            }
        }
        if d.is_empty() {
            return;
        }
        let _ = writeln!(self.out, "<path d=\"{d}\" {attributes}/>");
    }

    /// One line of text at `x`, `y` (the baseline).
    pub fn text(&mut self, [x, y]: [f64; 2], text: &str, style: TextStyle) {
        let weight = if style.bold {
            " font-weight=\"bold\""
        } else {
            ""
        };
        let italic = if style.italic {
            " font-style=\"italic\""
        } else {
            ""
        };
        let halo = if style.halo {
            " stroke=\"#ffffff\" stroke-opacity=\"0.85\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\""
        } else {
            ""
        };
        let _ = writeln!(
            self.out,
            "<text x=\"{x:.2}\" y=\"{y:.2}\" font-size=\"{:.2}\" text-anchor=\"{}\" {}{weight}{italic}{halo}>{}</text>",
            style.size,
            style.anchor,
            paint("fill", style.colour),
            escape(text)
        );
    }

    /// The document, closed.
    pub fn finish(mut self) -> String {
        self.out.push_str("</svg>\n");
        self.out
    }
}

/// `text` cut into lines of at most `width` page units at font `size`, at word boundaries;
/// widths are estimated from the average letter of the font (DejaVu Sans is wide).
///
/// # Examples
/// ```
/// use corridor_atlas::figure::svg::wrap;
/// let lines = wrap("one two three four five six", 10.0, 60.0);
/// assert!(lines.len() > 1);
/// assert_eq!(lines.join(" "), "one two three four five six");
/// let address = wrap("https://example.org/a-very-long-address-that-does-not-fit", 10.0, 60.0);
/// assert!(address.iter().all(|line| line.chars().count() <= 10), "{address:?}");
/// ```
pub fn wrap(text: &str, size: f64, width: f64) -> Vec<String> {
    let most = ((width / (size * EM_PER_LETTER)).floor() as usize).max(8);
    let mut lines = Vec::new();
    let mut line = String::new();
    // A word longer than a line (an address) is cut into pieces that fit.
    let words = text.split_whitespace().flat_map(|word| {
        let letters: Vec<char> = word.chars().collect();
        letters
            .chunks(most)
            .map(|piece| piece.iter().collect::<String>())
            .collect::<Vec<_>>()
    });
    for word in words {
        let word = word.as_str();
        let length = line.chars().count() + 1 + word.chars().count();
        if !line.is_empty() && length > most {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// How wide a line of text is, estimated as [`wrap`] does.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * EM_PER_LETTER
}

/// The average width of a letter of DejaVu Sans in mixed text, in ems (measured on the
/// figure's title, with some room to spare).
const EM_PER_LETTER: f64 = 0.56;
