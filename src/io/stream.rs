//! Reads a big FeatureCollection without ever holding its whole text. The file is read in
//! chunks; a small scanner that minds strings, escapes and nesting finds where each element
//! of the `features` array begins and ends; batches of features go to one thread per core,
//! which parses and checks them; and the reading thread takes the features back in the
//! file's order, as the one-pass reader takes them, while the rest is still being parsed.
//!
//! Anything this path does not expect (another top-level type, a syntax error anywhere, bytes
//! that are not UTF-8, an element that is not an object) makes it give up, and the file is
//! read again by the one-pass reader, which says what is wrong with line and column: a file
//! reads the same, messages included, whichever path read it.

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, mpsc};

use crate::io::reader::{
    Examined, Progress, ReadError, ReadOutcome, State, read_collection_rest, read_feature,
};

/// How much of the file is read at a time.
const CHUNK_BYTES: usize = 256 << 10;

/// About how much text of whole features a batch holds.
const BATCH_BYTES: usize = 1 << 20;

/// Why the streaming reader stopped without an outcome.
#[derive(Debug)]
pub(crate) enum Stop {
    /// The file needs the one-pass reader, to be read or to have its fault described.
    Fallback,
    /// The user cancelled.
    Cancelled,
    /// Reading from the disk failed.
    Io(std::io::Error),
}

/// Features whose text lies whole in `bytes`.
struct Batch {
    /// Its place among the batches.
    seq: usize,
    /// The number in the file (from 0) of its first feature.
    first: usize,
    bytes: Vec<u8>,
    /// Where each feature's text starts and ends in `bytes`.
    features: Vec<(usize, usize)>,
}

/// What a batch gave.
struct Parsed {
    seq: usize,
    examined: Vec<Examined>,
    positions: (usize, usize),
}

/// Where the scanner is in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Outside the `features` array: before it, in the other members, or after it.
    Outside,
    /// In the `features` array, between elements.
    Between,
    /// Inside an element of the `features` array.
    Feature,
}

/// Whether the next byte is in a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Text {
    /// Outside strings: structure.
    Structure,
    /// In a string.
    String,
    /// In a string, right after a backslash (which ended the last piece of text).
    Escaped,
}

/// Finds the elements of the top-level `features` array in text that arrives in pieces. Each
/// byte is looked at once, and only `"`, `\`, brackets, braces, `:` and `,` matter.
#[derive(Debug)]
struct Scanner {
    place: Place,
    /// How deeply nested the next byte is (the top-level object's members are at 1).
    depth: usize,
    text: Text,
    /// Where in the buffer the string being read started, when it is a member name of the
    /// top-level object or a string value there.
    top_string_start: Option<usize>,
    /// The last string read in the top-level object.
    top_string: Vec<u8>,
    /// The name of the member whose value is being read in the top-level object.
    member: Vec<u8>,
    /// The `features` array was found (only the first one is read apart).
    features_found: bool,
    /// Between elements: one was read and a comma must come before the next.
    need_comma: bool,
    /// An element of the `features` array has begun.
    elements_seen: bool,
    /// Where the element being read starts.
    element_start: usize,
    /// The next byte to look at.
    pos: usize,
}

impl Scanner {
    fn new() -> Self {
        Self {
            place: Place::Outside,
            depth: 0,
            text: Text::Structure,
            top_string_start: None,
            top_string: Vec::new(),
            member: Vec::new(),
            features_found: false,
            need_comma: false,
            elements_seen: false,
            element_start: 0,
            pos: 0,
        }
    }

    /// Looks at `buf` from where it stopped, adding each element that ends there to
    /// `features`. Gives where the `features` array opens (the position of its `[`) and
    /// closes (its `]`) when either is in this piece.
    fn scan(
        &mut self,
        buf: &[u8],
        features: &mut Vec<(usize, usize)>,
        opened: &mut Option<usize>,
        closed: &mut Option<usize>,
    ) -> Result<(), Stop> {
        let mut at = self.pos;
        let len = buf.len();
        while at < len {
            if self.text != Text::Structure {
                at = self.skip_string(buf, at);
                continue;
            }
            if self.place == Place::Feature {
                at = self.skip_blocks(buf, at);
                // Most of a feature is numbers and commas: skip to the next byte that matters.
                let rest = buf.get(at..).unwrap_or_default();
                match rest
                    .iter()
                    .position(|&b| matches!(b, b'"' | b'{' | b'}' | b'[' | b']'))
                {
                    Some(skip) => at += skip,
                    None => {
                        at = len;
                        break;
                    }
                }
            }
            let byte = buf.get(at).copied().unwrap_or_default();
            match self.place {
                Place::Feature => match byte {
                    b'"' => self.text = Text::String,
                    b'{' | b'[' => self.depth += 1,
                    b'}' | b']' => {
                        self.depth -= 1;
                        if self.depth == 2 {
                            features.push((self.element_start, at + 1));
                            self.place = Place::Between;
                            self.need_comma = true;
                        }
                    }
                    _ => {}
                },
                Place::Between => match byte {
                    b' ' | b'\t' | b'\n' | b'\r' => {}
                    b',' if self.need_comma => self.need_comma = false,
                    b'{' if !self.need_comma => {
                        self.elements_seen = true;
                        self.place = Place::Feature;
                        self.element_start = at;
                        self.depth = 3;
                    }
                    // `]` right after `[` or after an element; not after a comma.
                    b']' if self.need_comma || !self.elements_seen => {
                        self.place = Place::Outside;
                        self.depth = 1;
                        *closed = Some(at);
                    }
                    // Anything else is for the one-pass reader to describe.
                    _ => return Err(Stop::Fallback),
                },
                Place::Outside => {
                    if self.outside(byte, at)? {
                        *opened = Some(at);
                    }
                }
            }
            at += 1;
        }
        self.pos = at.min(len);
        Ok(())
    }

    /// Looks at `byte` at `at`, outside the `features` array and outside strings; whether it
    /// opens the `features` array.
    fn outside(&mut self, byte: u8, at: usize) -> Result<bool, Stop> {
        match byte {
            b'"' => {
                self.text = Text::String;
                if self.depth == 1 {
                    self.top_string_start = Some(at + 1);
                }
            }
            b':' if self.depth == 1 => self.member.clone_from(&self.top_string),
            b'[' if self.depth == 1 && !self.features_found && self.member == b"features" => {
                self.features_found = true;
                self.place = Place::Between;
                self.need_comma = false;
                self.depth = 2;
                return Ok(true);
            }
            b'{' | b'[' => self.depth += 1,
            b'}' | b']' => self.depth = self.depth.checked_sub(1).ok_or(Stop::Fallback)?,
            _ => {}
        }
        Ok(false)
    }

    /// Inside a feature, skips whole blocks of bytes without quotes or braces from `at`,
    /// counting the brackets in them: such a block cannot end the feature (only its closing
    /// brace does), so the depth after it is all that matters. Coordinates are read this
    /// way many bytes at a time. Gives where to look on, byte by byte.
    fn skip_blocks(&mut self, buf: &[u8], mut at: usize) -> usize {
        const BLOCK: usize = 64;
        while let Some(block) = buf.get(at..at + BLOCK) {
            let (mut opens, mut closes, mut other) = (0u8, 0u8, 0u8);
            for &byte in block {
                opens += u8::from(byte == b'[');
                closes += u8::from(byte == b']');
                other |= u8::from(byte == b'"' || byte == b'{' || byte == b'}');
            }
            // A block that closes more than the feature holds is for the byte-by-byte scan
            // (and the parser) to judge.
            let depth = (self.depth + usize::from(opens)).checked_sub(usize::from(closes));
            match depth {
                Some(depth) if other == 0 && depth > 2 => {
                    self.depth = depth;
                    at += BLOCK;
                }
                _ => break,
            }
        }
        at
    }

    /// Reads on in a string from `at`, to its closing quote or the end of `buf`; gives where
    /// to look next.
    fn skip_string(&mut self, buf: &[u8], at: usize) -> usize {
        if self.text == Text::Escaped {
            self.text = Text::String;
            return at + 1;
        }
        let rest = buf.get(at..).unwrap_or_default();
        let Some(found) = memchr::memchr2(b'"', b'\\', rest) else {
            return buf.len();
        };
        let stop = at + found;
        if rest.get(found) == Some(&b'\\') {
            self.text = Text::Escaped;
        } else {
            self.text = Text::Structure;
            if let Some(start) = self.top_string_start.take() {
                self.top_string.clear();
                self.top_string
                    .extend_from_slice(buf.get(start..stop).unwrap_or_default());
            }
        }
        stop + 1
    }

    /// The buffer lost its first `by` bytes.
    fn shift(&mut self, by: usize) {
        self.pos -= by;
        if self.place == Place::Feature {
            self.element_start -= by;
        }
        if let Some(start) = self.top_string_start.as_mut() {
            *start -= by;
        }
    }
}

/// Reads a corridor file that is a FeatureCollection, its features parsed on `threads`
/// threads, as [`read_corridors`](crate::io::reader::read_corridors) would read its whole
/// text; [`Stop::Fallback`] when that reader must read it instead.
pub(crate) fn read_feature_collection(
    file: impl Read,
    progress: &Progress,
    threads: usize,
) -> Result<Result<ReadOutcome, ReadError>, Stop> {
    read_in_batches(file, progress, threads.max(1), (CHUNK_BYTES, BATCH_BYTES))
}

/// The same, reading `sizes.0` bytes at a time and batching about `sizes.1` bytes.
fn read_in_batches(
    mut file: impl Read,
    progress: &Progress,
    threads: usize,
    (chunk_bytes, batch_bytes): (usize, usize),
) -> Result<Result<ReadOutcome, ReadError>, Stop> {
    let give_up = AtomicBool::new(false);
    let (send, receive) = mpsc::sync_channel::<Batch>(threads);
    let receive = Mutex::new(receive);
    let (recycle, spare) = mpsc::channel::<Vec<u8>>();
    let (done, results) = mpsc::channel::<Parsed>();
    let mut admission = Admission {
        state: State::new(progress),
        waiting: BTreeMap::new(),
        next: 0,
    };
    let (scanned, failed) = std::thread::scope(|scope| {
        // One thread reads and splits, the others parse; splitting takes a small part of a
        // core, and the reading thread admits the parsed features meanwhile.
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let (receive, give_up) = (&receive, &give_up);
                let (recycle, done) = (recycle.clone(), done.clone());
                scope.spawn(move || parse_batches(receive, (&recycle, &done), progress, give_up))
            })
            .collect();
        drop(done);
        let scanned = scan_file(
            &mut file,
            (&send, &spare),
            progress,
            &give_up,
            (chunk_bytes, batch_bytes),
            &mut || {
                while let Ok(parsed) = results.try_recv() {
                    admission.take(parsed);
                }
            },
        );
        if scanned.is_err() {
            give_up.store(true, Ordering::Relaxed);
        }
        drop(send);
        // The rest, until every worker is done.
        for parsed in &results {
            admission.take(parsed);
        }
        let mut failed = None;
        for worker in workers {
            match worker.join() {
                Ok(Ok(())) => {}
                Ok(Err(stop)) => failed = Some(stop),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        (scanned, failed)
    });
    let top_text = match (scanned, failed) {
        (Err(Stop::Cancelled), _) | (_, Some(Stop::Cancelled)) => return Err(Stop::Cancelled),
        (Err(stop), _) | (_, Some(stop)) => return Err(stop),
        (Ok(top_text), None) => top_text,
    };
    if progress.cancel.load(Ordering::Relaxed) {
        return Err(Stop::Cancelled);
    }
    if !admission.waiting.is_empty() {
        return Err(Stop::Fallback);
    }
    let text = std::str::from_utf8(&top_text).map_err(|_| Stop::Fallback)?;
    read_collection_rest(text, admission.state).ok_or(Stop::Fallback)
}

/// Parsed batches, admitted in the file's order as they come back from the workers.
struct Admission<'p> {
    state: State<'p>,
    /// Batches back before one that comes earlier in the file.
    waiting: BTreeMap<usize, Parsed>,
    /// The batch to admit next.
    next: usize,
}

impl Admission<'_> {
    fn take(&mut self, parsed: Parsed) {
        self.waiting.insert(parsed.seq, parsed);
        while let Some(batch) = self.waiting.remove(&self.next) {
            self.state.count_positions(batch.positions);
            for examined in batch.examined {
                self.state.admit(examined);
            }
            self.next += 1;
        }
    }
}

/// Reads `file` to its end, sending the features in batches; gives the rest of the document
/// (the top-level object with an empty `features` array).
///
/// `send` takes the batches and `spare` gives back buffers that workers are done with;
/// `meanwhile` is called after each batch is sent.
fn scan_file(
    file: &mut impl Read,
    (send, spare): (&mpsc::SyncSender<Batch>, &mpsc::Receiver<Vec<u8>>),
    progress: &Progress,
    give_up: &AtomicBool,
    (chunk_bytes, batch_bytes): (usize, usize),
    meanwhile: &mut dyn FnMut(),
) -> Result<Vec<u8>, Stop> {
    let mut scanner = Scanner::new();
    // Room for a batch, the piece read after it and the feature it cuts.
    let mut buf: Vec<u8> = Vec::with_capacity(2 * chunk_bytes + batch_bytes);
    let mut features = Vec::new();
    let mut top_text = Vec::new();
    let (mut opened, mut closed) = (None, None);
    let (mut seq, mut first) = (0, 0);
    let mut started = false;
    loop {
        if progress.cancel.load(Ordering::Relaxed) {
            return Err(Stop::Cancelled);
        }
        if give_up.load(Ordering::Relaxed) {
            return Err(Stop::Fallback);
        }
        let read = read_chunk(file, &mut buf, chunk_bytes)?;
        if !started {
            started = starts_an_object(&mut buf, read)?;
            if !started {
                continue;
            }
        }
        scanner.scan(&buf, &mut features, &mut opened, &mut closed)?;
        if let Some(at) = opened.take() {
            // The top-level object up to the `[` of its features, kept to be read at the end.
            top_text.extend_from_slice(buf.get(..=at).unwrap_or_default());
        }
        let whole = features.last().map_or(0, |&(_, end)| end);
        if whole >= batch_bytes || closed.is_some() && whole > 0 {
            // The rest goes to a buffer a worker is done with: big buffers are not freed
            // and allocated again for every batch.
            let mut rest = spare
                .try_recv()
                .unwrap_or_else(|_| Vec::with_capacity(buf.capacity()));
            rest.clear();
            rest.extend_from_slice(buf.get(whole..).unwrap_or_default());
            let count = features.len();
            let batch = Batch {
                seq,
                first,
                bytes: std::mem::replace(&mut buf, rest),
                features: std::mem::take(&mut features),
            };
            if send.send(batch).is_err() {
                return Err(Stop::Fallback);
            }
            meanwhile();
            seq += 1;
            first += count;
            scanner.shift(whole);
            if let Some(at) = closed.as_mut() {
                *at -= whole;
            }
        }
        if read == 0 {
            break;
        }
    }
    // Without a `features` array read apart, this is not a big FeatureCollection.
    let Some(closed) = closed else {
        return Err(Stop::Fallback);
    };
    if scanner.place != Place::Outside || scanner.text != Text::Structure {
        return Err(Stop::Fallback);
    }
    top_text.extend_from_slice(buf.get(closed..).unwrap_or_default());
    Ok(top_text)
}

/// Reads `chunk_bytes` more of `file` onto the end of `buf`, or what is left; gives how many
/// (0 at the end of the file).
fn read_chunk(file: &mut impl Read, buf: &mut Vec<u8>, chunk_bytes: usize) -> Result<usize, Stop> {
    // Into the buffer's spare room, which is not zeroed first.
    buf.reserve(chunk_bytes);
    let limit = u64::try_from(chunk_bytes).unwrap_or(u64::MAX);
    file.take(limit).read_to_end(buf).map_err(Stop::Io)
}

/// Whether the text so far in `buf` begins with `{` after white space, with a byte-order
/// mark before it taken out; `false` while there is only white space. Text in another
/// encoding, or a first character other than `{`, is for the one-pass reader to describe.
fn starts_an_object(buf: &mut Vec<u8>, read: usize) -> Result<bool, Stop> {
    let bom = if buf.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let rest = buf.get(bom..).unwrap_or_default();
    match rest.iter().position(|b| !b.is_ascii_whitespace()) {
        Some(at) if rest.get(at) == Some(&b'{') => {
            buf.drain(..bom);
            Ok(true)
        }
        Some(_) => Err(Stop::Fallback),
        None if read == 0 => Err(Stop::Fallback),
        None => Ok(false),
    }
}

/// Parses and checks batches until there are no more.
///
/// Buffers go back through `recycle`, and what was parsed through `done`.
fn parse_batches(
    receive: &Mutex<mpsc::Receiver<Batch>>,
    (recycle, done_batches): (&mpsc::Sender<Vec<u8>>, &mpsc::Sender<Parsed>),
    progress: &Progress,
    give_up: &AtomicBool,
) -> Result<(), Stop> {
    let mut failed = None;
    loop {
        let batch = match receive.lock() {
            Ok(receive) => receive.recv(),
            Err(_) => return Err(Stop::Fallback),
        };
        // Batches are taken until the reader stops sending, even once the stream has given
        // up: a reader waiting for room in the channel must not wait for ever.
        let Ok(batch) = batch else {
            return failed.map_or(Ok(()), Err);
        };
        if give_up.load(Ordering::Relaxed) {
            continue;
        }
        let done = parse_batch(&batch, progress);
        // Back to the reader, to hold text again; it is gone once reading is over.
        let _ = recycle.send(batch.bytes);
        match done {
            Ok(done) => {
                let _ = done_batches.send(done);
            }
            Err(stop) => {
                give_up.store(true, Ordering::Relaxed);
                failed = Some(stop);
            }
        }
    }
}

fn parse_batch(batch: &Batch, progress: &Progress) -> Result<Parsed, Stop> {
    // Each feature's text is checked to be UTF-8 as it is read.
    let text = batch.bytes.as_slice();
    let mut state = State::new(progress);
    let mut examined = Vec::with_capacity(batch.features.len());
    for (number, &(start, end)) in batch.features.iter().enumerate() {
        if progress.cancel.load(Ordering::Relaxed) {
            return Err(Stop::Cancelled);
        }
        let feature = text.get(start..end).ok_or(Stop::Fallback)?;
        examined
            .push(read_feature(feature, batch.first + number, &mut state).ok_or(Stop::Fallback)?);
        progress.features.fetch_add(1, Ordering::Relaxed);
    }
    Ok(Parsed {
        seq: batch.seq,
        examined,
        positions: state.positions(),
    })
}

#[cfg(test)]
mod tests {
    // Test code: a failed expectation is a failed test.
    #![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

    use super::*;
    use crate::io::reader::read_corridors;
    use std::path::{Path, PathBuf};

    /// Every corridor file of the tests and the bundled story.
    fn corridor_files() -> Vec<PathBuf> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut folders = vec![root.join("tests/fixtures"), root.join("data")];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                } else if path
                    .extension()
                    .is_some_and(|e| e == "geojson" || e == "json")
                {
                    files.push(path);
                }
            }
        }
        files.sort();
        files
    }

    /// Read in pieces of every size from one byte up, on one and on three threads, each file
    /// reads exactly as the one-pass reader reads it: the same items with the same
    /// positions, the same problems in the same order, or the same error. Files the stream
    /// leaves to that reader are counted, so that well-formed collections are seen to be
    /// streamed.
    #[test]
    fn a_streamed_file_reads_as_the_whole_text_does() {
        let mut streamed = Vec::new();
        let mut left = Vec::new();
        for path in corridor_files() {
            let bytes = std::fs::read(&path).unwrap();
            let whole = format!("{:?}", read_corridors(&bytes, &Progress::default()));
            for (threads, sizes) in [
                (1, (1, 1)),
                (3, (7, 64)),
                (2, (1000, 300)),
                (2, (1 << 20, 4 << 20)),
            ] {
                match read_in_batches(bytes.as_slice(), &Progress::default(), threads, sizes) {
                    Ok(read) => {
                        assert_eq!(format!("{read:?}"), whole, "{}", path.display());
                        streamed.push(path.clone());
                    }
                    Err(Stop::Fallback) => left.push(path.clone()),
                    Err(other) => panic!("{}: {other:?}", path.display()),
                }
            }
        }
        let name = |p: &PathBuf| p.file_name().unwrap().to_string_lossy().into_owned();
        let streamed: Vec<String> = streamed.iter().map(name).collect();
        let left: Vec<String> = left.iter().map(name).collect();
        for collection in [
            "bad-features.geojson",
            "all-features-fail.geojson",
            "history-versions.geojson",
            "corridors.geojson",
        ] {
            assert!(
                streamed.iter().any(|s| s == collection),
                "{collection} was not streamed"
            );
        }
        for broken in [
            "invalid-json.geojson",
            "not-geojson.json",
            "bare-geometry.geojson",
        ] {
            assert!(left.iter().any(|s| s == broken), "{broken} was streamed");
        }
    }

    /// Files damaged at random (bytes cut out, doubled or changed to JSON's own marks) read
    /// through the stream give what the one-pass reader gives, or go back to it: never
    /// something else, and never a panic.
    #[test]
    fn damaged_files_read_as_the_whole_text_does_or_go_back_to_it() {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move |below: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % below as u64).unwrap()
        };
        let marks = b"{}[],:\"\\ 0-e";
        let mut streamed = 0;
        for path in corridor_files() {
            let original = std::fs::read(&path).unwrap();
            if original.is_empty() {
                continue;
            }
            for _ in 0..40 {
                let mut bytes = original.clone();
                for _ in 0..=next(3) {
                    let at = next(bytes.len());
                    match next(3) {
                        0 => {
                            bytes.remove(at);
                        }
                        1 => bytes.insert(at, bytes[at]),
                        _ => bytes[at] = marks[next(marks.len())],
                    }
                }
                let whole = format!("{:?}", read_corridors(&bytes, &Progress::default()));
                match read_in_batches(bytes.as_slice(), &Progress::default(), 2, (7, 50)) {
                    Ok(read) => {
                        assert_eq!(format!("{read:?}"), whole, "{}", path.display());
                        streamed += 1;
                    }
                    Err(Stop::Fallback) => {}
                    Err(other) => panic!("{}: {other:?}", path.display()),
                }
            }
        }
        assert!(streamed > 0, "no damaged file was streamed");
    }

    /// Text whose strings hold brackets, braces, escaped quotes and backslashes, and
    /// members around the `features` array, split at every byte.
    #[test]
    fn strings_and_members_around_the_features_do_not_mislead_the_scanner() {
        let text = r#"{"name": "a [tricky] {one}", "features" : [ {"type":"Feature","properties":{"name":"quote \" and ] and \\","x":"}"},"geometry":{"type":"Point","coordinates":[49.9,40.3]}} ,
            {"type":"Feature","properties":{"name":"\\"},"geometry":null}], "type":"FeatureCollection", "extra": {"features": [1]}}"#;
        let whole = format!(
            "{:?}",
            read_corridors(text.as_bytes(), &Progress::default())
        );
        assert!(whole.contains("quote"), "{whole}");
        for chunk in 1..12 {
            let read =
                read_in_batches(text.as_bytes(), &Progress::default(), 2, (chunk, 1)).unwrap();
            assert_eq!(format!("{read:?}"), whole, "chunks of {chunk}");
        }
        // A trailing comma, a missing one, an element that is not an object, a cut-off file:
        // the one-pass reader must describe each.
        for broken in [
            r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null},]}"#,
            r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null} {"type":"Feature","geometry":null}]}"#,
            r#"{"type":"FeatureCollection","features":[null]}"#,
            r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null}"#,
            r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null}]} x"#,
            r#"{"type":"Feature","features":[{"type":"Feature","geometry":null}]}"#,
        ] {
            assert!(
                matches!(
                    read_in_batches(broken.as_bytes(), &Progress::default(), 2, (5, 10)),
                    Err(Stop::Fallback)
                ),
                "{broken}"
            );
        }
    }
}
