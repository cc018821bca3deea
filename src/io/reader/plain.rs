//! A quick reading of features of the plain shape most big files have: members `type`,
//! `properties`, `geometry` and `id`, each once, and a geometry of `type` and `coordinates`
//! whose numbers are short decimals. Coordinates are read straight into positions, without
//! the general reader's step per number. Anything else (another member, an escape in a key,
//! an exponent, a long number, a problem of any kind) is left to the general reader, which
//! then reads the whole feature and says what is wrong: this reading gives the same
//! [`RawObject`] or nothing.

use geo::Coord;
use serde::de::DeserializeOwned;

use super::{FlatCoords, RawObject, State};
use crate::model::corridor::{CorridorProperties, Properties, STYLE_KEYS};

/// Powers of ten that a `f64` holds exactly.
const POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The largest whole number below which every whole number is a `f64`.
const EXACT_INTEGERS: u64 = 1 << 53;

/// The feature in `text`, when it has the plain shape; the positions it holds are counted
/// into `state`.
pub(super) fn feature(text: &[u8], state: &mut State<'_>) -> Option<RawObject> {
    let mut cursor = Cursor { bytes: text, at: 0 };
    let raw = cursor.feature()?;
    cursor.space();
    if cursor.at != cursor.bytes.len() {
        return None;
    }
    if let Some(coords) = raw.geometry.as_ref().and_then(|g| g.coordinates.as_ref()) {
        state.outcome.vertices += coords.positions.len();
        state.outcome.positions_with_z += coords.with_z;
    }
    Some(raw)
}

/// A feature's properties read without a map of them: what [`CorridorProperties`] reads, the
/// members that set the look, and what names the feature in messages.
pub(crate) struct ReadProperties {
    pub(super) info: CorridorProperties,
    pub(super) properties: Properties,
    /// The first of `name`, `title` and `id` that is text.
    pub(super) name: Option<String>,
    style: serde_json::Map<String, serde_json::Value>,
}

impl ReadProperties {
    /// With the properties' text (without white space) and how many members they have.
    fn with_text(mut self, text: String, members: usize) -> Self {
        self.properties = Properties::from_parts(text, members, std::mem::take(&mut self.style));
        self
    }
}

/// The value of `text` (JSON) as a `T`, or why it is not one; `None` without a text.
fn typed<T: DeserializeOwned>(text: Option<&str>) -> Result<Option<T>, sonic_rs::Error> {
    text.map(sonic_rs::from_str).transpose()
}

/// The properties object `text` read member by member, with how many members it has, when
/// every member the corridor format reads is of its type and none is dated: what reading a
/// map of them gives then, without the problems (there are none) and without the map. `None`
/// for anything else, which is read from a map with every problem told.
fn read_properties(text: &str) -> Option<(usize, ReadProperties)> {
    // Every value is checked to be JSON, as the general reader would.
    serde_json::from_str::<serde::de::IgnoredAny>(text).ok()?;
    let mut cursor = Cursor {
        bytes: text.as_bytes(),
        at: 0,
    };
    cursor.take(b'{')?;
    let mut members: Vec<(&str, &str)> = Vec::new();
    cursor.members(|cursor, key| {
        // A name twice, or very many members: the map's rules apply.
        if members.len() >= 32 || members.iter().any(|(known, _)| *known == key) {
            return None;
        }
        members.push((key, cursor.value_text()?.0));
        Some(())
    })?;
    let raw = |key: &str| {
        members
            .iter()
            .find(|(known, _)| *known == key)
            .map(|(_, v)| *v)
    };
    // As the map is read: a member that is `null` is not there.
    let member = |key: &str| raw(key).filter(|value| *value != "null");
    if ["valid_from", "valid_to", "plan", "history"]
        .iter()
        .any(|key| raw(key).is_some())
    {
        return None;
    }
    let id = match member("id") {
        None => None,
        Some(value) if value.starts_with('"') => Some(sonic_rs::from_str::<String>(value).ok()?),
        Some(value) if value.starts_with(|c: char| c == '-' || c.is_ascii_digit()) => Some(
            sonic_rs::from_str::<serde_json::Number>(value)
                .ok()?
                .to_string(),
        ),
        Some(_) => return None,
    };
    let info = corridor_properties(id, &member)?;
    let mut style = serde_json::Map::new();
    for key in STYLE_KEYS {
        if let Some(value) = raw(key) {
            style.insert(key.to_owned(), sonic_rs::from_str(value).ok()?);
        }
    }
    let mut name = None;
    for key in ["name", "title", "id"] {
        if let Some(value) = raw(key).filter(|value| value.starts_with('"')) {
            name = Some(sonic_rs::from_str::<String>(value).ok()?);
            break;
        }
    }
    let read = ReadProperties {
        info,
        properties: Properties::default(),
        name,
        style,
    };
    Some((members.len(), read))
}

/// What the corridor format reads of the members that `member` gives (each member's JSON
/// text, `None` when it is not there), with the id read already; `None` when a member is not
/// of its type.
fn corridor_properties<'t>(
    id: Option<String>,
    member: &impl Fn(&str) -> Option<&'t str>,
) -> Option<CorridorProperties> {
    let mut info = CorridorProperties {
        id,
        name: typed(member("name")).ok()?,
        names: typed(member("names")).ok()?.unwrap_or_default(),
        kind: typed(member("kind")).ok()?,
        status: typed(member("status")).ok()?,
        start_year: typed(member("start_year")).ok()?,
        rfs_year: typed(member("rfs_year")).ok()?,
        length_km: typed(member("length_km")).ok()?,
        length_source: typed(member("length_source")).ok()?,
        operator: typed(member("operator")).ok()?,
        owners: typed(member("owners")).ok()?.unwrap_or_default(),
        capacity: typed(member("capacity")).ok()?,
        capacity_unit: typed(member("capacity_unit")).ok()?,
        route_accuracy: typed(member("route_accuracy")).ok()?,
        description: typed(member("description")).ok()?,
        sources: typed(member("sources")).ok()?.unwrap_or_default(),
        disagreements: typed(member("disagreements")).ok()?.unwrap_or_default(),
        passages: typed(member("passages")).ok()?.unwrap_or_default(),
        basemap_countries: typed(member("basemap_countries")).ok()?.unwrap_or_default(),
        context: typed(member("context")).ok()?.unwrap_or_default(),
        legs: typed(member("legs")).ok()?.unwrap_or_default(),
        cites: typed(member("cites")).ok()?.unwrap_or_default(),
        dated: crate::model::history::read_dated(&serde_json::Map::new()).0,
    };
    // A list read from text has room for more than it holds (read from a map, it has not):
    // give the room back, as many items are held.
    info.owners.shrink_to_fit();
    info.sources.shrink_to_fit();
    info.disagreements.shrink_to_fit();
    info.passages.shrink_to_fit();
    info.basemap_countries.shrink_to_fit();
    info.legs.shrink_to_fit();
    Some(info)
}

/// `json` without white space outside its strings.
fn compact(json: &str) -> String {
    let mut out = Vec::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for &byte in json.as_bytes() {
        if in_string {
            if escaped {
                escaped = false;
            } else if byte == b'\\' {
                escaped = true;
            } else if byte == b'"' {
                in_string = false;
            }
        } else if byte == b'"' {
            in_string = true;
        } else if matches!(byte, b' ' | b'\n' | b'\r' | b'\t') {
            continue;
        }
        out.push(byte);
    }
    // Only white space, which is ASCII, was left out of text that was UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// The extent of the positions read so far.
struct Extent {
    low: Coord<f64>,
    high: Coord<f64>,
}

impl Default for Extent {
    fn default() -> Self {
        Self {
            low: Coord {
                x: f64::INFINITY,
                y: f64::INFINITY,
            },
            high: Coord {
                x: f64::NEG_INFINITY,
                y: f64::NEG_INFINITY,
            },
        }
    }
}

impl Extent {
    fn add(&mut self, x: f64, y: f64) {
        // Numbers read from text are never NaN.
        if x < self.low.x {
            self.low.x = x;
        }
        if x > self.high.x {
            self.high.x = x;
        }
        if y < self.low.y {
            self.low.y = y;
        }
        if y > self.high.y {
            self.high.y = y;
        }
    }

    /// The extent, once a position was read.
    fn rect(&self) -> Option<geo::Rect<f64>> {
        (self.low.x <= self.high.x).then(|| geo::Rect::new(self.low, self.high))
    }
}

struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    /// Skips white space.
    fn space(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    /// The next byte after white space, not taken.
    fn peek(&mut self) -> Option<u8> {
        self.space();
        self.bytes.get(self.at).copied()
    }

    /// Takes `byte` after white space.
    fn take(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.at += 1)
    }

    /// A string without escapes or control characters, taken.
    fn plain_string(&mut self) -> Option<&'a str> {
        self.take(b'"')?;
        let start = self.at;
        loop {
            match *self.bytes.get(self.at)? {
                b'"' => break,
                b'\\' | 0..0x20 => return None,
                _ => self.at += 1,
            }
        }
        let text = std::str::from_utf8(self.bytes.get(start..self.at)?).ok()?;
        self.at += 1;
        Some(text)
    }

    /// The text of the next value, taken without checking it: the caller has it read by a
    /// JSON reader. Also whether it has white space outside its strings.
    fn value_text(&mut self) -> Option<(&'a str, bool)> {
        self.space();
        let start = self.at;
        let mut depth = 0usize;
        let mut spaced = false;
        loop {
            let byte = *self.bytes.get(self.at)?;
            match byte {
                b'"' => {
                    self.at += 1;
                    loop {
                        match *self.bytes.get(self.at)? {
                            b'"' => break,
                            b'\\' => self.at += 2,
                            _ => self.at += 1,
                        }
                    }
                    self.at += 1;
                }
                b'{' | b'[' => {
                    depth += 1;
                    self.at += 1;
                }
                b'}' | b']' if depth > 0 => {
                    depth -= 1;
                    self.at += 1;
                }
                // The end of a number or a word: the object's next member or its end.
                b',' | b'}' | b']' if depth == 0 => break,
                b' ' | b'\n' | b'\r' | b'\t' => {
                    spaced = true;
                    self.at += 1;
                }
                _ => self.at += 1,
            }
            // A string or a whole array or object ends the value.
            if depth == 0 && matches!(byte, b'"' | b'}' | b']') {
                break;
            }
        }
        let text = std::str::from_utf8(self.bytes.get(start..self.at)?).ok()?;
        Some((text.trim_end(), spaced))
    }

    /// Members of an object, after its `{`: calls `member` with each key until the `}`.
    fn members(&mut self, mut member: impl FnMut(&mut Self, &'a str) -> Option<()>) -> Option<()> {
        if self.peek()? == b'}' {
            self.at += 1;
            return Some(());
        }
        loop {
            let key = self.plain_string()?;
            self.take(b':')?;
            member(self, key)?;
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    fn feature(&mut self) -> Option<RawObject> {
        self.take(b'{')?;
        let mut raw = RawObject::default();
        let mut seen = [false; 4];
        self.members(|cursor, key| {
            let slot = ["type", "properties", "geometry", "id"]
                .iter()
                .position(|known| *known == key)?;
            let seen = seen.get_mut(slot)?;
            if std::mem::replace(seen, true) {
                return None;
            }
            match slot {
                0 => raw.kind = Some(cursor.plain_string()?.to_owned()),
                1 => match cursor.peek()? {
                    b'{' => {
                        let (text, spaced) = cursor.value_text()?;
                        let kept = if spaced {
                            compact(text)
                        } else {
                            text.to_owned()
                        };
                        match read_properties(text) {
                            Some((members, read)) => {
                                raw.read_properties = Some(Box::new(read.with_text(kept, members)));
                            }
                            None => {
                                raw.properties = Some(sonic_rs::from_str(text).ok()?);
                                raw.properties_text = Some(kept);
                            }
                        }
                    }
                    b'n' => cursor.null()?,
                    _ => return None,
                },
                2 => match cursor.peek()? {
                    b'{' => raw.geometry = Some(Box::new(cursor.geometry()?)),
                    b'n' => cursor.null()?,
                    _ => return None,
                },
                _ => raw.id = Some(sonic_rs::from_str(cursor.value_text()?.0).ok()?),
            }
            Some(())
        })?;
        Some(raw)
    }

    /// Takes `null`.
    fn null(&mut self) -> Option<()> {
        self.space();
        let rest = self.bytes.get(self.at..)?;
        rest.starts_with(b"null").then(|| self.at += 4)
    }

    fn geometry(&mut self) -> Option<RawObject> {
        self.take(b'{')?;
        let mut raw = RawObject::default();
        self.members(|cursor, key| match key {
            "type" if raw.kind.is_none() => {
                raw.kind = Some(cursor.plain_string()?.to_owned());
                Some(())
            }
            "coordinates" if raw.coordinates.is_none() => {
                if cursor.peek()? != b'[' {
                    return None;
                }
                // Room for the positions the rest of the text could hold at about 16 bytes
                // each, within reason: a line then seldom grows, and its spare room is given
                // back once it is read.
                let room = (cursor.bytes.len() - cursor.at) / 16;
                let mut coords = FlatCoords {
                    positions: Vec::with_capacity(room.min(1 << 16)),
                    ..FlatCoords::default()
                };
                let mut extent = Extent::default();
                cursor.array(&mut coords, &mut extent, 0)?;
                coords.extent = extent.rect();
                raw.coordinates = Some(coords);
                Some(())
            }
            _ => None,
        })?;
        Some(raw)
    }

    /// An array of coordinates at nesting `level`, as the general reader reads it: how deep
    /// its positions lie (0 for a position itself); `None` where that reader would note a
    /// problem.
    fn array(&mut self, coords: &mut FlatCoords, extent: &mut Extent, level: u8) -> Option<u8> {
        if level > 8 {
            return None;
        }
        self.take(b'[')?;
        match self.peek()? {
            b']' => {
                self.at += 1;
                coords.ends.push((level, coords.positions.len()));
                Some(0)
            }
            b'-' | b'0'..=b'9' => {
                self.position(coords, extent)?;
                Some(0)
            }
            b'[' => {
                // Arrays, all with their positions equally deep.
                let mut depth = None;
                loop {
                    // A position, the usual element, is read straight away.
                    let position = level < 8
                        && self.bytes.get(self.at) == Some(&b'[')
                        && matches!(self.bytes.get(self.at + 1), Some(b'0'..=b'9' | b'-'));
                    let inner = if position {
                        self.at += 1;
                        self.position(coords, extent)?;
                        0
                    } else {
                        self.array(coords, extent, level + 1)?
                    };
                    if depth.is_some_and(|d| d != inner) {
                        return None;
                    }
                    depth = Some(inner);
                    match self.next_byte()? {
                        b',' if self.peek()? == b'[' => {}
                        b']' => break,
                        _ => return None,
                    }
                }
                coords.ends.push((level, coords.positions.len()));
                Some(depth.map_or(0, |d: u8| d.saturating_add(1)))
            }
            _ => None,
        }
    }

    /// The rest of a position, from its first number: numbers only, at least two.
    fn position(&mut self, coords: &mut FlatCoords, extent: &mut Extent) -> Option<()> {
        let mut numbers = [self.number()?, 0.0, 0.0];
        let mut count = 1usize;
        loop {
            match self.next_byte()? {
                b',' => {
                    self.space();
                    let value = self.number()?;
                    if let Some(slot) = numbers.get_mut(count) {
                        *slot = value;
                    }
                    count += 1;
                }
                b']' => break,
                _ => return None,
            }
        }
        if count < 2 {
            return None;
        }
        let [x, y, _] = numbers;
        coords.positions.push(Coord { x, y });
        extent.add(x, y);
        coords.with_z += usize::from(count >= 3);
        Some(())
    }

    /// The next byte after white space, taken.
    fn next_byte(&mut self) -> Option<u8> {
        let mut byte = *self.bytes.get(self.at)?;
        if matches!(byte, b' ' | b'\n' | b'\r' | b'\t') {
            byte = self.peek()?;
        }
        self.at += 1;
        Some(byte)
    }

    /// A number of at most 19 digits with no exponent whose digits, read as a whole number,
    /// are below 2^53, taken: the value is then that whole number divided by a power of ten
    /// that a `f64` holds exactly, which IEEE division rounds correctly. This is the value
    /// the general reader gives too.
    fn number(&mut self) -> Option<f64> {
        let bytes = self.bytes;
        let mut at = self.at;
        let negative = bytes.get(at) == Some(&b'-');
        at += usize::from(negative);
        let start = at;
        let mut mantissa: u64 = 0;
        at = self.digits(at, &mut mantissa);
        let digits = at - start;
        if digits == 0 || (digits > 1 && bytes.get(start) == Some(&b'0')) {
            return None;
        }
        let mut decimals = 0;
        if bytes.get(at) == Some(&b'.') {
            let first = at + 1;
            at = self.digits(first, &mut mantissa);
            decimals = at - first;
            if decimals == 0 {
                return None;
            }
        }
        if digits + decimals > 19
            || mantissa >= EXACT_INTEGERS
            || matches!(bytes.get(at), Some(b'e' | b'E'))
        {
            return None;
        }
        let value = if decimals == 0 {
            // A whole number, as the general reader gives it: a negative one through i64,
            // so that `-0` is 0.
            if negative {
                -i64::try_from(mantissa).ok()? as f64
            } else {
                mantissa as f64
            }
        } else {
            let value = mantissa as f64 / POWERS_OF_TEN.get(decimals)?;
            if negative { -value } else { value }
        };
        self.at = at;
        Some(value)
    }

    /// Reads the decimal digits from `at` onto the end of `mantissa` (wrapping beyond 19
    /// digits); gives where they end.
    #[inline]
    fn digits(&self, mut at: usize, mantissa: &mut u64) -> usize {
        while let Some(&byte) = self.bytes.get(at) {
            let digit = byte.wrapping_sub(b'0');
            if digit > 9 {
                break;
            }
            *mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(digit));
            at += 1;
        }
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::reader::Progress;

    #[test]
    fn plain_features_are_read_quickly_and_the_others_left_to_the_general_reader() {
        let progress = Progress::default();
        let mut state = State::new(&progress);
        let plain = r#" { "type": "Feature", "properties": {"name": "Line", "sources": [{"title": "A \"quote\" ]}"}]},
            "geometry": {"type": "MultiLineString", "coordinates": [[[49.8, 40.4], [ 50.1 , 40.5, 12 ]]]}, "id": 7 } "#;
        let raw = feature(plain.as_bytes(), &mut state).expect("a plain feature");
        assert_eq!(state.positions(), (2, 1));
        let coords = raw
            .geometry
            .as_ref()
            .and_then(|g| g.coordinates.as_ref())
            .expect("coordinates");
        assert_eq!(coords.ends, [(1, 2), (0, 2)]);
        assert_eq!(
            coords.extent,
            Some(geo::Rect::new((49.8, 40.4), (50.1, 40.5)))
        );
        // Read without a map: the members the corridor format reads, and the text.
        let read = raw.read_properties.as_ref().expect("properties read");
        assert!(raw.properties.is_none());
        assert_eq!(read.info.name.as_deref(), Some("Line"));
        assert_eq!(read.info.sources.len(), 1);
        assert_eq!(read.name.as_deref(), Some("Line"));
        assert_eq!(read.properties.len(), 2);
        let text = serde_json::to_string(&read.properties.to_map()).expect("JSON");
        assert_eq!(
            text,
            r#"{"name":"Line","sources":[{"title":"A \"quote\" ]}"}]}"#
        );
        assert_eq!(raw.id, Some(serde_json::json!(7)));
        for other in [
            // A member it does not know, a member twice, an escape in a key.
            r#"{"type":"Feature","bbox":[1,2,3,4],"geometry":null}"#,
            r#"{"type":"Feature","type":"Feature","geometry":null}"#,
            r#"{"typ\u0065":"Feature","geometry":null}"#,
            // Numbers it cannot read exactly, a position of one number, depths mixed.
            r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[1e1,2]}}"#,
            r#"{"type":"Feature","geometry":{"type":"LineString","coordinates":[[1],[2,3]]}}"#,
            r#"{"type":"Feature","geometry":{"type":"LineString","coordinates":[[1,2],[[2,3]]]}}"#,
            r#"{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[1,2],[2,3]],[]]}}"#,
            // Not JSON: a trailing comma, text after the object, a cut.
            r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2,]}}"#,
            r#"{"type":"Feature","geometry":null} x"#,
            r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2"#,
            // Properties that are not an object.
            r#"{"type":"Feature","properties":[1],"geometry":null}"#,
        ] {
            assert!(feature(other.as_bytes(), &mut state).is_none(), "{other}");
        }
        assert_eq!(state.positions(), (2, 1), "nothing counted for the others");
    }

    fn number(text: &str) -> Option<f64> {
        Cursor {
            bytes: text.as_bytes(),
            at: 0,
        }
        .number()
    }

    #[test]
    fn short_decimals_read_as_the_general_reader_reads_them() {
        // A simple generator, so that the test reads the same numbers every time.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut read = 0;
        for _ in 0..200_000 {
            let whole = next() % 100_000_000_000_000;
            let decimals = (next() % 16) as usize;
            let digits = whole.to_string();
            let text = if decimals == 0 || decimals >= digits.len() {
                format!("{}{whole}", if next() % 2 == 0 { "-" } else { "" })
            } else {
                let (a, b) = digits.split_at(digits.len() - decimals);
                format!("{}{a}.{b}", if next() % 2 == 0 { "-" } else { "" })
            };
            let Some(ours) = number(&text) else {
                continue;
            };
            let general: f64 = serde_json::from_str(&text).expect("a JSON number");
            assert_eq!(ours.to_bits(), general.to_bits(), "{text}");
            read += 1;
        }
        assert!(read > 190_000, "{read} of 200 000 read quickly");
    }

    #[test]
    fn numbers_it_cannot_read_exactly_are_left_to_the_general_reader() {
        for text in [
            "1e5",
            "1.5E-3",
            "01",
            "-",
            "1.",
            ".5",
            "12345678901234567890",
            "9007199254740993",
            "0.12345678901234567890123",
        ] {
            assert_eq!(number(text), None, "{text}");
        }
        assert_eq!(number("-0"), Some(0.0));
        assert_eq!(
            number("49.8671").map(f64::to_bits),
            Some(49.8671f64.to_bits())
        );
    }
}
