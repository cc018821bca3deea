//! Reading users' corridor files: every geometry type loads, and every kind of mistake is
//! reported in words that say where, while the rest of the file still loads.

use corridor_atlas::io::reader::{Progress, ReadError, Severity, read_corridors};
use corridor_atlas::model::Corridor;

fn read(name: &str) -> Result<corridor_atlas::io::reader::ReadOutcome, ReadError> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).expect("fixture");
    read_corridors(&bytes, &Progress::default())
}

#[test]
fn every_geometry_type_loads_with_heights_kept_out_of_the_drawing() {
    let outcome = read("all-geometry-types.geojson").expect("loads");
    let kinds: Vec<&str> = outcome
        .corridors
        .iter()
        .map(|c| match &c.geometry {
            Some(geo::Geometry::Point(_)) => "Point",
            Some(geo::Geometry::MultiPoint(_)) => "MultiPoint",
            Some(geo::Geometry::LineString(_)) => "LineString",
            Some(geo::Geometry::MultiLineString(_)) => "MultiLineString",
            Some(geo::Geometry::Polygon(_)) => "Polygon",
            Some(geo::Geometry::MultiPolygon(_)) => "MultiPolygon",
            Some(geo::Geometry::GeometryCollection(_)) => "GeometryCollection",
            None => "none",
            Some(_) => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "Point",
            "MultiPoint",
            "LineString",
            "MultiLineString",
            "Polygon",
            "MultiPolygon",
            "GeometryCollection",
            "none"
        ]
    );
    assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
    assert_eq!(outcome.positions_with_z, 3);
    let Some(geo::Geometry::Polygon(area)) = &outcome.corridors[4].geometry else {
        panic!("polygon")
    };
    assert_eq!(area.interiors().len(), 1, "the hole is kept");
    let Some(geo::Geometry::MultiPolygon(areas)) = &outcome.corridors[5].geometry else {
        panic!("multipolygon")
    };
    assert_eq!(areas.0.len(), 2);
    // A numeric feature id is the item id when the properties give none.
    assert_eq!(outcome.corridors[0].id.0, "1");
}

#[test]
fn a_bare_geometry_is_one_item() {
    let outcome = read("bare-geometry.geojson").expect("loads");
    assert_eq!(outcome.corridors.len(), 1);
}

#[test]
fn invalid_json_is_reported_with_its_line_and_column() {
    let error = read("invalid-json.geojson").expect_err("invalid");
    let ReadError::Json { line, column, .. } = &error else {
        panic!("{error:?}")
    };
    // Line 5 lacks a comma before "geometry": that is where the parser stops.
    assert_eq!((*line, *column), (5, 61), "{error}");
    assert!(
        error
            .to_string()
            .starts_with("line 5, column 61: this is not valid JSON")
    );
}

#[test]
fn json_that_is_not_geojson_says_what_was_expected_where() {
    let error = read("not-geojson.json").expect_err("not GeoJSON");
    let ReadError::NotGeoJson { line, message, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(*line, 3, "{error}");
    assert!(message.contains("an array of Feature objects"), "{message}");
}

#[test]
fn swapped_coordinates_are_reported_not_drawn_in_antarctica() {
    let outcome = read("swapped-coordinates.geojson").expect("the good feature loads");
    assert_eq!(outcome.corridors.len(), 1);
    assert_eq!(outcome.corridors[0].name(), "Baku, the right way round");
    assert_eq!(outcome.problems.len(), 1);
    let problem = &outcome.problems[0];
    assert_eq!(problem.severity, Severity::Error);
    assert!(
        problem.message.contains("feature 2 (“Ceyhan, swapped”)"),
        "{}",
        problem.message
    );
    assert!(
        problem.message.contains("outside the range"),
        "{}",
        problem.message
    );
    assert!(
        problem.message.contains("look swapped"),
        "{}",
        problem.message
    );
}

#[test]
fn an_empty_collection_is_a_message_not_an_empty_layer() {
    let error = read("empty-collection.geojson").expect_err("empty");
    assert_eq!(error, ReadError::Empty { problems: vec![] });
    assert_eq!(error.to_string(), "the file holds no features to draw");
}

#[test]
fn a_file_whose_every_feature_fails_gives_the_reason_of_each() {
    let error = read("all-features-fail.geojson").expect_err("nothing loads");
    assert_eq!(
        error.to_string(),
        "the file holds no features to draw: none of its 2 features could be loaded"
    );
    let messages: Vec<&str> = error
        .problems()
        .iter()
        .map(|p| p.message.as_str())
        .collect();
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert!(
        messages[0].contains("feature 1 (“unknown type”)")
            && messages[0].contains("\"Circle\" is not a GeoJSON geometry type"),
        "{messages:#?}"
    );
    assert!(
        messages[1].contains("feature 2 (“open ring”)") && messages[1].contains("ring"),
        "{messages:#?}"
    );

    let one = br#"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":"49.8, 40.4"}}"#;
    let error = read_corridors(one, &Progress::default()).expect_err("nothing loads");
    assert_eq!(
        error.to_string(),
        "the file holds no features to draw: its only feature could not be loaded"
    );
    assert!(
        error.problems()[0]
            .message
            .contains("text where numbers belong")
    );
}

#[test]
fn an_empty_file_says_it_is_empty() {
    for empty in [&b""[..], b"  \n\t\r\n", b"\xEF\xBB\xBF\n"] {
        let error = read_corridors(empty, &Progress::default()).expect_err("empty");
        assert_eq!(error, ReadError::EmptyFile, "{empty:?}");
        assert_eq!(error.to_string(), "the file is empty");
    }
}

fn utf16(text: &str, big_endian: bool, mark: bool) -> Vec<u8> {
    let units = mark
        .then_some(0xFEFF)
        .into_iter()
        .chain(text.encode_utf16());
    units
        .flat_map(|unit| {
            if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            }
        })
        .collect()
}

#[test]
fn a_utf16_or_utf32_file_says_which_it_seems_to_be_and_that_geojson_is_utf8() {
    let text = "{\"type\": \"Point\", \"coordinates\": [49.8, 40.4]}\n";
    let utf32_le: Vec<u8> = text
        .chars()
        .flat_map(|c| (c as u32).to_le_bytes())
        .collect();
    let cases = [
        (utf16(text, false, true), "UTF-16 LE", "byte-order mark"),
        (utf16(text, true, true), "UTF-16 BE", "byte-order mark"),
        (utf16(text, false, false), "UTF-16 LE", "zero bytes"),
        (utf16(text, true, false), "UTF-16 BE", "zero bytes"),
        (utf32_le, "UTF-32 LE", "zero bytes"),
    ];
    for (bytes, encoding, evidence) in cases {
        let error = read_corridors(&bytes, &Progress::default()).expect_err("not UTF-8");
        let message = error.to_string();
        assert!(
            message.starts_with(&format!("the file seems to be {encoding} (")),
            "{message}"
        );
        assert!(message.contains(evidence), "{message}");
        assert!(message.contains("GeoJSON must be UTF-8"), "{message}");
    }
}

#[test]
fn a_latin1_file_says_where_its_first_byte_that_is_not_utf8_is() {
    let bytes = b"{ \"type\": \"Feature\",\n  \"properties\": {\n    \"name\": \"Bak\xFD port\" },\n  \"geometry\": null }";
    let error = read_corridors(bytes, &Progress::default()).expect_err("not UTF-8");
    assert_eq!(
        error,
        ReadError::NotUtf8 {
            line: 3,
            column: 17
        }
    );
    let message = error.to_string();
    assert!(
        message.starts_with("line 3, column 17: this is not UTF-8"),
        "{message}"
    );
    assert!(message.contains("GeoJSON must be UTF-8"), "{message}");
}

#[test]
fn no_error_points_at_line_or_column_0() {
    let path = format!(
        "{}/tests/fixtures/bad-features.geojson",
        env!("CARGO_MANIFEST_DIR")
    );
    let good = std::fs::read(path).expect("fixture");
    let mut inputs: Vec<Vec<u8>> = (1..good.len()).map(|cut| good[..cut].to_vec()).collect();
    inputs.extend(
        [
            &b"{\"type\": \"FeatureCollection\",\n"[..],
            b"{\"type\": \"FeatureCollection\",\n\"features\": [\n",
            b"{\"type\": \"Point\", \"coordinates\":\n[[[[[[[[[[[1, 2]]]]]]]]]]]}",
            b"{\"type\": \"FeatureCollection\", \"features\":\n5}",
            b"{\"type\": \"Feature\"}\n,",
            b"[\n]",
        ]
        .map(<[u8]>::to_vec),
    );
    for input in inputs {
        let Err(error) = read_corridors(&input, &Progress::default()) else {
            continue;
        };
        let text = String::from_utf8_lossy(&input);
        if let ReadError::Json { line, column, .. } | ReadError::NotGeoJson { line, column, .. } =
            &error
        {
            assert!(*line >= 1 && *column >= 1, "{error} for {text:?}");
        }
        assert!(
            !error.to_string().contains("column 0"),
            "{error} for {text:?}"
        );
    }
}

#[test]
fn huge_numbers_are_written_short_in_messages() {
    let digits = format!("1{}", "0".repeat(308));
    let text = format!(
        r#"{{"type": "FeatureCollection", "features": [
          {{"type": "Feature", "properties": {{"name": "far"}},
            "geometry": {{"type": "Point", "coordinates": [{digits}, 40.4]}}}},
          {{"type": "Feature", "properties": {{"name": 1e300, "start_year": -2.5e-300}},
            "geometry": {{"type": "Point", "coordinates": [49.8, 40.4]}}}}
        ]}}"#
    );
    let outcome = read_corridors(text.as_bytes(), &Progress::default()).expect("one loads");
    let messages = messages(&outcome);
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert!(
        messages[0].contains("the position [1e308, 40.4] is outside the range"),
        "{}",
        messages[0]
    );
    assert!(
        messages[1].contains("floating point `1e300`")
            && messages[1].contains("floating point `-2.5e-300`"),
        "{}",
        messages[1]
    );
    for message in messages {
        assert!(message.len() < 300, "{message}");
    }
}

fn messages(outcome: &corridor_atlas::io::reader::ReadOutcome) -> Vec<&str> {
    outcome
        .problems
        .iter()
        .map(|p| p.message.as_str())
        .collect()
}

#[test]
fn features_that_fail_are_reported_and_the_rest_load() {
    let outcome = read("bad-features.geojson").expect("two load");
    let names: Vec<&str> = outcome.corridors.iter().map(Corridor::name).collect();
    assert_eq!(names, ["fine", "also fine"]);
    let messages = messages(&outcome);
    assert_eq!(messages.len(), 3, "{messages:#?}");
    assert!(
        messages[0].contains("feature 2 (“unknown type”)")
            && messages[0].contains("\"Circle\" is not a GeoJSON geometry type")
    );
    assert!(messages[1].contains("feature 3") && messages[1].contains("ring"));
    assert!(messages[2].contains("feature 4") && messages[2].contains("only one number"));
}

/// Random and cut-off input never panics the reader: it loads or says why not.
#[test]
fn truncated_and_scrambled_input_never_panics() {
    let path = format!(
        "{}/tests/fixtures/all-geometry-types.geojson",
        env!("CARGO_MANIFEST_DIR")
    );
    let good = std::fs::read(path).expect("fixture");
    for cut in 0..good.len() {
        let _ = read_corridors(&good[..cut], &Progress::default());
    }
    // A small deterministic generator: xorshift over the bytes of the good file.
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    for _ in 0..2000 {
        let mut bytes = good.clone();
        for _ in 0..8 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let at = (seed as usize) % bytes.len();
            bytes[at] = (seed >> 32) as u8;
        }
        let _ = read_corridors(&bytes, &Progress::default());
    }
}

#[test]
fn members_of_the_wrong_type_are_the_problem_of_their_feature_only() {
    let outcome = read("wrong-member-types.geojson").expect("the rest loads");
    let names: Vec<&str> = outcome.corridors.iter().map(Corridor::name).collect();
    // The first keeps its point but loses its properties; the empty collection loads empty.
    assert_eq!(names, ["feature-1", "null members", "fine"]);
    let messages = messages(&outcome);
    assert_eq!(messages.len(), 3, "{messages:#?}");
    assert!(
        messages[0].contains("feature 1")
            && messages[0].contains("\"properties\" is not an object")
    );
    assert!(messages[1].contains("feature 2") && messages[1].contains("found \"5\""));
    assert!(messages[2].contains("feature 3") && messages[2].contains("text where numbers belong"));
}

#[test]
fn features_sharing_an_id_in_one_file_stay_two_items_and_the_second_is_renamed() {
    let text = br#"{"type":"FeatureCollection","features":[
      {"type":"Feature","id":"ferry","properties":{"name":"First"},"geometry":{"type":"Point","coordinates":[50,42]}},
      {"type":"Feature","id":"ferry","properties":{"name":"Second"},"geometry":{"type":"Point","coordinates":[51,43]}}]}"#;
    let outcome = read_corridors(text, &Progress::default()).expect("reads");
    let ids: Vec<&str> = outcome.corridors.iter().map(|c| c.id.0.as_str()).collect();
    assert_eq!(ids, ["ferry", "ferry (2)"]);
    assert_eq!(outcome.problems.len(), 1);
    assert_eq!(outcome.problems[0].severity, Severity::Warning);
    assert!(
        outcome.problems[0]
            .message
            .starts_with("feature 2 (“Second”): the id “ferry” is used by an earlier feature too"),
        "{}",
        outcome.problems[0].message
    );
}

#[test]
fn a_position_among_rings_is_refused_not_drawn() {
    let text = br#"{"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"name":"Stray"},"geometry":{"type":"Polygon","coordinates":[[[49,40],[50,40],[50,41],[49,40]],[49,40]]}},
      {"type":"Feature","properties":{"name":"Fine"},"geometry":{"type":"Point","coordinates":[49,40]}}]}"#;
    let outcome = read_corridors(text, &Progress::default()).expect("the good feature loads");
    assert_eq!(outcome.corridors.len(), 1);
    assert_eq!(outcome.corridors[0].name(), "Fine");
    assert_eq!(outcome.problems[0].severity, Severity::Error);
    // Where: the bracket that closes the array holding the stray position, its last element.
    let line = text.split(|&b| b == b'\n').nth(1).expect("line 2");
    let closing = line
        .windows(9)
        .rposition(|w| w == b",[49,40]]")
        .expect("the stray")
        + 9;
    assert_eq!(
        outcome.problems[0].message,
        format!(
            "feature 1 (“Stray”): line 2, column {closing}: an array mixes positions and arrays of positions (its elements are nested to different depths)"
        )
    );
    // The same problem from a file read in chunks.
    let path = std::env::temp_dir().join(format!("stray-{}.geojson", std::process::id()));
    std::fs::write(&path, text).expect("written");
    let loaded = corridor_atlas::io::load::load_file(&path, &Progress::default()).expect("loads");
    std::fs::remove_file(&path).expect("removed");
    assert_eq!(loaded.outcome.problems[0], outcome.problems[0]);
}
