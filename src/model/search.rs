//! Matching what a user types against names: case, diacritics, dashes, hyphens and spaces do
//! not matter, so "baku tbilisi kars" finds the Baku–Tbilisi–Kars railway and "Semkir" finds
//! Şəmkir.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// `text` as search compares it: lower case, without diacritics, every run of spaces,
/// dashes and other punctuation made one space.
///
/// # Examples
/// ```
/// use corridor_atlas::model::search::normalise;
/// assert_eq!(normalise("Baku–Tbilisi–Kars"), "baku tbilisi kars");
/// assert_eq!(normalise("  Şəmkir, Ağstafa "), "samkir agstafa");
/// assert_eq!(normalise("Құрық"), "курык");
/// ```
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.extend(fold(c).to_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

/// Letters that carry their mark inside them, not as a combining one, taken to the plain
/// letter a reader would type; the schwa of Azerbaijani is written "a" in English names
/// (Ələt, Alat; Gəncə, Ganja).
fn fold(c: char) -> char {
    match c {
        'ı' | 'İ' => 'i',
        'ə' | 'Ə' => 'a',
        'ø' | 'Ø' => 'o',
        'ł' | 'Ł' => 'l',
        'đ' | 'Đ' => 'd',
        'ҳ' | 'Ҳ' | 'һ' | 'Һ' => 'х',
        'қ' | 'Қ' => 'к',
        'ғ' | 'Ғ' => 'г',
        'ң' | 'Ң' => 'н',
        'ұ' | 'ү' | 'Ұ' | 'Ү' => 'у',
        'ө' | 'Ө' => 'о',
        'ә' | 'Ә' => 'а',
        other => other,
    }
}

/// Whether `query` (already normalised) is found in `name`; an empty query finds everything.
///
/// # Examples
/// ```
/// use corridor_atlas::model::search::{matches, normalise};
/// assert!(matches("Baku–Tbilisi–Kars railway", &normalise("Baku Tbilisi-Kars")));
/// assert!(matches("Port of Baku (Ələt)", &normalise("alat")));
/// assert!(!matches("Port of Aktau", &normalise("kars")));
/// ```
pub fn matches(name: &str, query: &str) -> bool {
    query.is_empty() || normalise(name).contains(query)
}
