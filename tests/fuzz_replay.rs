//! Replays the committed fuzz corpus (`tests/fuzz/corpus/<target>/`, kept by libFuzzer, with
//! every crash it found) through the targets' bodies on each `cargo test`, so a fixed crash
//! stays fixed. How the corpus was grown is in docs/reliability.md.

#![allow(clippy::unwrap_used, reason = "a panic is the failure report")]

#[path = "fuzz/targets.rs"]
mod targets;

use std::path::Path;

/// Runs `target` on every file of its corpus; the corpus must not be empty.
fn replay(target: &str, run: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz/corpus")
        .join(target);
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no corpus for {target}");
    for input in inputs {
        // The last path printed names the input when a run panics.
        eprintln!("{}", input.display());
        run(&std::fs::read(&input).unwrap());
    }
}

#[test]
fn value_parsers_corpus() {
    replay("values", targets::values);
}

#[test]
fn csv_pipeline_corpus() {
    replay("csv", targets::csv);
}

#[test]
fn config_corpus() {
    replay("config", targets::config);
}
