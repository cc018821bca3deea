//! The app's tests that run it as a user does: windows driven through kittest, files read from
//! `tests/fixtures/`, and the command line. They are one test program, so that the app and its
//! dependencies are linked once.

// Test code: a failed expectation is a failed test.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

mod app_window;
mod corridors;
mod drafting;
mod export;
mod first_hour;
mod linked_views;
mod loading_files;
mod reading_files;
mod snapshots;
mod stories;
mod story_data;
mod time;
