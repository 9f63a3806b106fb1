//! CSV and TSV files: encoding detected (UTF-8 with or without BOM, UTF-16 with BOM, otherwise
//! GB18030, the superset of the GBK that Chinese Excel writes) and the delimiter sniffed.

use std::path::Path;

use anyhow::{Context, Result};
use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

use super::{Row, Table, TableData};
use crate::location::Source;

pub(super) fn read_csv(path: &Path) -> Result<Table> {
    let bytes =
        std::fs::read(path).with_context(|| format!("{}: cannot read the file", path.display()))?;
    Ok(csv_table(path, bytes))
}

/// The table of a CSV file's bytes: decoded, and its delimiter told by the extension (.tsv)
/// or sniffed.
pub(super) fn csv_table(path: &Path, bytes: Vec<u8>) -> Table {
    let text = decode(bytes);
    let is_tsv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tsv"));
    let delimiter = if is_tsv {
        b'\t'
    } else {
        sniff_delimiter(&text)
    };
    Table {
        source: Source::csv(path),
        data: TableData::Csv { text, delimiter },
    }
}

/// Decodes without copying when the bytes are already UTF-8.
fn decode(bytes: Vec<u8>) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return UTF_16LE.decode_with_bom_removal(&bytes).0.into_owned();
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return UTF_16BE.decode_with_bom_removal(&bytes).0.into_owned();
    }
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => GB18030
            .decode_without_bom_handling(e.as_bytes())
            .0
            .into_owned(),
    }
}

/// The most frequent of `,` `;` tab `|` outside quotes in the first lines (not only the
/// first, which may be a title); comma when none.
fn sniff_delimiter(text: &str) -> u8 {
    const LINES: usize = 20;
    let head: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(LINES)
        .collect();
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0), (b'|', 0)];
    let mut quoted = false;
    for byte in head
        .iter()
        .flat_map(|l| l.bytes().chain(std::iter::once(b'\n')))
    {
        if byte == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(entry) = counts.iter_mut().find(|(d, _)| *d == byte) {
            entry.1 += 1;
        }
    }
    // Ties go to the earlier delimiter in the list, so a line without any gives a comma.
    counts
        .iter()
        .fold(
            (b',', 0),
            |best, &(d, n)| if n > best.1 { (d, n) } else { best },
        )
        .0
}

#[allow(
    clippy::naive_bytecount,
    reason = "counts the few bytes between two records"
)]
pub(super) fn for_each_record(
    table: &Table,
    text: &str,
    delimiter: u8,
    mut f: impl FnMut(u32, &Row<'_>) -> Result<bool>,
) -> Result<()> {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut record = ::csv::StringRecord::new();
    // Lines are counted here from byte offsets: the csv crate's own line count lags behind
    // on CRLF line ends, which Excel on Windows writes.
    let (mut counted_to, mut line) = (0usize, 1u32);
    loop {
        let more = reader
            .read_record(&mut record)
            .with_context(|| format!("{}: malformed CSV", table.source))?;
        if !more {
            return Ok(());
        }
        // The offset the csv crate gives may point at the line ends before the record.
        let bytes = text.as_bytes();
        let mut start = record
            .position()
            .map_or(counted_to, |p| p.byte() as usize)
            .min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start > counted_to {
            line += bytes[counted_to..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u32;
            counted_to = start;
        }
        if !f(line, &Row::Csv(&record))? {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_is_sniffed_from_the_first_line() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2;3"), b';');
        assert_eq!(sniff_delimiter("a\tb\n"), b'\t');
        assert_eq!(sniff_delimiter("\"x;y\",b,c\n"), b',');
        assert_eq!(sniff_delimiter("single\n"), b',');
        // A title line above a tab-separated table.
        assert_eq!(
            sniff_delimiter("Export, 2026\nid\tdate\tamount\nA\t2026-01-01\t10\n"),
            b'\t'
        );
    }

    #[test]
    fn lines_are_numbered_as_an_editor_shows_them() {
        for text in [
            "h1,h2\r\na,1\r\n\r\nb,2\r\n",
            "h1,h2\na,1\n\nb,2\n",
            "h1,h2\n\"a\nx\",1\nb,2\n",
        ] {
            let table = Table {
                source: Source::csv(Path::new("t.csv")),
                data: TableData::Csv {
                    text: text.to_owned(),
                    delimiter: b',',
                },
            };
            let mut seen = Vec::new();
            for_each_record(&table, text, b',', |line, row| {
                seen.push((line, row.get(0).display().into_owned()));
                Ok(true)
            })
            .unwrap();
            assert_eq!(seen.first(), Some(&(1, "h1".to_owned())), "{text:?}");
            assert_eq!(seen.last(), Some(&(4, "b".to_owned())), "{text:?}");
            assert_eq!(seen.len(), 3, "{text:?}");
        }
    }

    #[test]
    fn gbk_bytes_are_decoded() {
        let (gbk, _, _) = GB18030.encode("客户编号,金额\n");
        assert_eq!(decode(gbk.into_owned()), "客户编号,金额\n");
    }

    #[test]
    fn utf8_bom_is_removed() {
        assert_eq!(decode(b"\xEF\xBB\xBFid\n".to_vec()), "id\n");
    }
}
