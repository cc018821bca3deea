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
    normalise_with_offsets(text).0
}

/// `text` normalised as [`normalise`] does, and for each byte of the result the byte range
/// of the character of `text` it comes from: so that words found in the normalised text can
/// be quoted as the text has them.
///
/// # Examples
/// ```
/// use corridor_atlas::model::search::normalise_with_offsets;
/// let (plain, from) = normalise_with_offsets("Ələt-Hafen");
/// assert_eq!(plain, "alat hafen");
/// assert_eq!(from[4], 6..7); // the space stands for the hyphen
/// ```
pub fn normalise_with_offsets(text: &str) -> (String, Vec<std::ops::Range<usize>>) {
    let mut out = String::with_capacity(text.len());
    let mut from = Vec::with_capacity(text.len());
    let mut gap: Option<std::ops::Range<usize>> = None;
    for (start, original) in text.char_indices() {
        let span = start..start + original.len_utf8();
        for c in std::iter::once(original)
            .nfd()
            .filter(|c| !is_combining_mark(*c))
        {
            if c.is_alphanumeric() {
                if let Some(gap) = gap.take().filter(|_| !out.is_empty()) {
                    out.push(' ');
                    from.push(gap);
                }
                for lower in fold(c).to_lowercase() {
                    let before = out.len();
                    out.push(lower);
                    from.extend(std::iter::repeat_n(span.clone(), out.len() - before));
                }
            } else if gap.is_none() {
                gap = Some(span.clone());
            }
        }
    }
    (out, from)
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
