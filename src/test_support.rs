//! Helpers for unit tests that damage a workbook on purpose.

use std::io::{Read, Write};
use std::path::Path;

/// Copies the xlsx at `from` to `to` with one part's XML changed by `edit`.
pub(crate) fn rewrite_part(
    from: &Path,
    to: &Path,
    part: &str,
    edit: impl FnOnce(String) -> String,
) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut copy = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    let mut edit = Some(edit);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == part {
            let edit = edit.take().unwrap();
            bytes = edit(String::from_utf8(bytes).unwrap()).into_bytes();
        }
        copy.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        copy.write_all(&bytes).unwrap();
    }
    copy.finish().unwrap();
    assert!(edit.is_none(), "{part} is not in {}", from.display());
}

/// Every sheet of a workbook written to `bytes`, by name, its cells as text row by row.
pub(crate) fn sheet_texts(bytes: Vec<u8>) -> Vec<(String, Vec<Vec<String>>)> {
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let rows = range
                .rows()
                .map(|row| row.iter().map(ToString::to_string).collect())
                .collect();
            (name, rows)
        })
        .collect()
}

/// The shipped sample graded as of 2026-10-31 with the default rules: the rules, the date and
/// the result.
pub(crate) fn graded_sample() -> (
    crate::config::Config,
    chrono::NaiveDate,
    crate::pipeline::Graded,
) {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/customers.xlsx");
    let tables = crate::pipeline::read::read_inputs(&[sample]).unwrap();
    let config = crate::config::Config::default();
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 10, 31).unwrap();
    let graded = crate::pipeline::grade(&tables, &config, as_of, None).unwrap();
    (config, as_of, graded)
}
