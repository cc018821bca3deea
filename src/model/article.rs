//! The article and its passages, and quotes that point into it.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// The stable id of a passage, e.g. `p5.s2` (paragraph 5, sentence 2).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PassageId(pub String);

impl std::fmt::Display for PassageId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A quote of the article in the manner of a W3C `TextQuoteSelector`: the `exact` text, with
/// optional `prefix` and `suffix` that must stand right before and after it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TextQuote {
    /// The quoted text itself.
    pub exact: String,
    /// Text that immediately precedes the quote, to tell apart repeated wording.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// Text that immediately follows the quote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suffix: Option<String>,
}

/// Why a quote does not point at one place in the text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuoteError {
    /// The quote is empty.
    #[error("the quote is empty")]
    Empty,
    /// The quote, with its prefix and suffix, is not in the text.
    #[error("the quote \"{0}\" is not in the article")]
    NotFound(String),
    /// The quote occurs more than once; a prefix or suffix must tell the places apart.
    #[error("the quote \"{exact}\" occurs {count} times; add a prefix or suffix")]
    Ambiguous {
        /// The quoted text.
        exact: String,
        /// How often it occurs.
        count: usize,
    },
}

impl TextQuote {
    /// A quote of `exact` with no prefix or suffix.
    pub fn exact(exact: impl Into<String>) -> Self {
        Self {
            exact: exact.into(),
            ..Self::default()
        }
    }

    /// The one byte range of `text` this quote points at.
    ///
    /// # Errors
    /// A [`QuoteError`] when the quote is empty, is not in `text`, or is in it more than once.
    ///
    /// # Examples
    /// ```
    /// use corridor_atlas::model::{QuoteError, TextQuote};
    /// let text = "Baku port. Aktau port.";
    /// assert_eq!(TextQuote::exact("Aktau").resolve(text), Ok(11..16));
    /// assert!(matches!(TextQuote::exact("port").resolve(text), Err(QuoteError::Ambiguous { count: 2, .. })));
    /// let mut quote = TextQuote::exact("port");
    /// quote.prefix = Some("Aktau ".into());
    /// assert_eq!(quote.resolve(text), Ok(17..21));
    /// ```
    pub fn resolve(&self, text: &str) -> Result<Range<usize>, QuoteError> {
        if self.exact.is_empty() {
            return Err(QuoteError::Empty);
        }
        let prefix = self.prefix.as_deref().unwrap_or("");
        let suffix = self.suffix.as_deref().unwrap_or("");
        let matches: Vec<Range<usize>> = text
            .match_indices(self.exact.as_str())
            .map(|(start, found)| start..start + found.len())
            .filter(|range| {
                text.get(..range.start)
                    .is_some_and(|before| before.ends_with(prefix))
                    && text
                        .get(range.end..)
                        .is_some_and(|after| after.starts_with(suffix))
            })
            .collect();
        match matches.as_slice() {
            [only] => Ok(only.clone()),
            [] => Err(QuoteError::NotFound(self.exact.clone())),
            many => Err(QuoteError::Ambiguous {
                exact: self.exact.clone(),
                count: many.len(),
            }),
        }
    }
}

/// Resolves many quotes at once, each as [`TextQuote::resolve`] would, with one pass over
/// the text: a long article with thousands of passages and links is read in well under a
/// second, where resolving them one by one would read it once per quote.
///
/// # Examples
/// ```
/// use corridor_atlas::model::article::{TextQuote, resolve_all};
/// let text = "Aktau and Kuryk. Aktau again.";
/// let found = resolve_all(text, &[TextQuote::exact("Kuryk"), TextQuote::exact("Aktau")]);
/// assert_eq!(found[0], Ok(10..15));
/// assert!(found[1].is_err(), "Aktau occurs twice");
/// ```
pub fn resolve_all(text: &str, quotes: &[TextQuote]) -> Vec<Result<Range<usize>, QuoteError>> {
    let patterns: Vec<String> = quotes
        .iter()
        .map(|q| {
            format!(
                "{}{}{}",
                q.prefix.as_deref().unwrap_or(""),
                q.exact,
                q.suffix.as_deref().unwrap_or("")
            )
        })
        .collect();
    let mut found: Vec<(usize, Option<usize>)> = vec![(0, None); quotes.len()];
    let automaton = aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::Standard)
        .build(patterns.iter().filter(|p| !p.is_empty()));
    // Patterns were built without the empty ones: map the automaton's numbers back.
    let numbered: Vec<usize> = (0..quotes.len())
        .filter(|i| patterns.get(*i).is_some_and(|p| !p.is_empty()))
        .collect();
    if let Ok(automaton) = automaton {
        for hit in automaton.find_overlapping_iter(text) {
            let Some(index) = numbered.get(hit.pattern().as_usize()) else {
                continue;
            };
            if let Some(slot) = found.get_mut(*index) {
                slot.0 += 1;
                slot.1.get_or_insert(hit.start());
            }
        }
    }
    quotes
        .iter()
        .zip(found)
        .map(|(quote, (count, start))| {
            let prefix = quote.prefix.as_deref().map_or(0, str::len);
            match (quote.exact.is_empty(), count, start) {
                (true, _, _) => Err(QuoteError::Empty),
                (false, 1, Some(start)) => Ok(start + prefix..start + prefix + quote.exact.len()),
                (false, 0, _) | (false, _, None) => Err(QuoteError::NotFound(quote.exact.clone())),
                (false, count, Some(_)) => Err(QuoteError::Ambiguous {
                    exact: quote.exact.clone(),
                    count,
                }),
            }
        })
        .collect()
}

/// One sentence (or the dateline) of the article.
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    /// Stable id, e.g. `p8.s1`.
    pub id: PassageId,
    /// Where it stands in [`Article::text`], in bytes.
    pub range: Range<usize>,
    /// Our own English rendering of it; the German stays the reference.
    pub gloss_en: String,
    /// Why this passage shows nothing on the map, when it does not.
    pub non_spatial: Option<String>,
}

/// The article text and its passages, in reading order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Article {
    /// The verbatim text.
    pub text: String,
    /// Its passages; together they cover every non-blank character once.
    pub passages: Vec<Passage>,
}

impl Article {
    /// The text of a passage.
    ///
    /// # Examples
    /// ```
    /// use corridor_atlas::model::{Article, Passage, PassageId};
    /// let article = Article {
    ///     text: "One. Two.".into(),
    ///     passages: vec![Passage { id: PassageId("p1.s2".into()), range: 5..9, gloss_en: String::new(), non_spatial: None }],
    /// };
    /// assert_eq!(article.passage_text(&article.passages[0]), "Two.");
    /// ```
    pub fn passage_text(&self, passage: &Passage) -> &str {
        self.text.get(passage.range.clone()).unwrap_or("")
    }

    /// The passage with this id.
    pub fn passage(&self, id: &PassageId) -> Option<&Passage> {
        self.passages.iter().find(|passage| &passage.id == id)
    }

    /// The passage that contains the byte range `range`, if one does.
    pub fn passage_containing(&self, range: &Range<usize>) -> Option<&Passage> {
        self.passages
            .iter()
            .find(|p| p.range.start <= range.start && range.end <= p.range.end)
    }

    /// Characters of the text that no passage covers, apart from whitespace, and places where
    /// passages overlap, as byte ranges. Empty when the passages tile the text.
    ///
    /// # Examples
    /// ```
    /// use corridor_atlas::model::{Article, Passage, PassageId};
    /// let passage = |id: &str, range| Passage { id: PassageId(id.into()), range, gloss_en: String::new(), non_spatial: None };
    /// let article = Article { text: "One. Two.".into(), passages: vec![passage("a", 0..4)] };
    /// assert_eq!(article.untiled(), vec![4..9]); // " Two." is in no passage
    /// ```
    pub fn untiled(&self) -> Vec<Range<usize>> {
        let mut problems = Vec::new();
        let mut sorted: Vec<&Range<usize>> = self.passages.iter().map(|p| &p.range).collect();
        sorted.sort_by_key(|range| range.start);
        let mut covered_to = 0;
        for range in sorted {
            if range.start < covered_to {
                problems.push(range.start..covered_to.min(range.end));
            } else if self
                .text
                .get(covered_to..range.start)
                .is_some_and(|gap| !gap.trim().is_empty())
            {
                problems.push(covered_to..range.start);
            }
            covered_to = covered_to.max(range.end);
        }
        if self
            .text
            .get(covered_to..)
            .is_some_and(|rest| !rest.trim().is_empty())
        {
            problems.push(covered_to..self.text.len());
        }
        problems
    }
}
