//! CSV and TSV files: encoding detected (UTF-8 with or without BOM, UTF-16 with BOM, otherwise
//! GB18030, the superset of the GBK that Chinese Excel writes, or Windows-1252 for Western
//! European text) and the delimiter sniffed.
//!
//! A UTF-8 file (most exports, and every large one seen) is not held: each pass over the table
//! reads it from disk again, so a five-million-line file costs no memory of its own. Other
//! encodings are decoded into memory once.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use encoding_rs::{BIG5, Encoding, GB18030, UTF_16BE, UTF_16LE, WINDOWS_1252};

use super::{Row, Table, TableData};
use crate::location::Source;

/// Where a CSV table's text is.
pub(super) enum CsvText {
    /// Decoded into memory (not UTF-8, or handed over as bytes).
    Held(String),
    /// A UTF-8 file read again on each pass.
    File(CsvFile),
}

impl CsvText {
    /// Line ends in the text.
    pub(super) fn line_ends(&self) -> usize {
        match self {
            CsvText::Held(text) => memchr::memchr_iter(b'\n', text.as_bytes()).count(),
            CsvText::File(file) => file.line_ends,
        }
    }

    /// Calls `f` with each record and the line it starts on, until `f` returns `false`.
    pub(super) fn for_each_record(
        &self,
        table: &Table,
        delimiter: u8,
        f: impl FnMut(u32, &Row<'_>) -> Result<bool>,
    ) -> Result<()> {
        match self {
            CsvText::Held(text) => records(table, text.as_bytes(), delimiter, f),
            CsvText::File(file) => {
                let read = records(table, file.open(), delimiter, f);
                // A file cut or rewritten mid-pass explains whatever the pass met.
                file.unchanged()?;
                read
            }
        }
    }
}

/// A UTF-8 CSV file checked once, read again on each pass.
pub(super) struct CsvFile {
    path: PathBuf,
    /// Kept open: a file deleted or renamed over while tiers runs is still the one read.
    file: File,
    /// Bytes of the byte-order mark to pass over.
    bom: u64,
    /// Line ends in the file.
    line_ends: usize,
    /// Size and time when checked, to tell a file written to between passes.
    stamp: (u64, Option<std::time::SystemTime>),
}

impl CsvFile {
    /// The text, from just after any byte-order mark.
    fn open(&self) -> FileAt<'_> {
        FileAt {
            file: &self.file,
            offset: self.bom,
        }
    }

    /// Fails when the file was written to since it was checked: its rows could have shifted.
    fn unchanged(&self) -> Result<()> {
        let meta = self
            .file
            .metadata()
            .with_context(|| format!("{}: cannot read the file", self.path.display()))?;
        if (meta.len(), meta.modified().ok()) != self.stamp {
            bail!(
                "{}: the file changed while it was being read (is it still being saved or copied?); run again once it is complete",
                self.path.display()
            );
        }
        Ok(())
    }
}

/// A file read from `offset` on, by position: passes share the open file, not a cursor.
struct FileAt<'f> {
    file: &'f File,
    offset: u64,
}

impl Read for FileAt<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        #[cfg(unix)]
        let n = std::os::unix::fs::FileExt::read_at(self.file, buf, self.offset)?;
        #[cfg(windows)]
        let n = std::os::windows::fs::FileExt::seek_read(self.file, buf, self.offset)?;
        self.offset += n as u64;
        Ok(n)
    }
}

/// How much of the text the delimiter is sniffed from, at most.
const SNIFF_BYTES: usize = 1 << 20;

pub(super) fn read_csv(path: &Path) -> Result<Table> {
    let cannot = || format!("{}: cannot read the file", path.display());
    let data = match check_utf8(path).with_context(cannot)? {
        Some((file, head)) => TableData::Csv {
            delimiter: delimiter_of(path, &head),
            text: CsvText::File(file),
        },
        None => return Ok(csv_table(path, std::fs::read(path).with_context(cannot)?)),
    };
    Ok(Table::new(Source::csv(path), data))
}

/// The table of a CSV file's bytes: decoded, and its delimiter told by the extension (.tsv)
/// or sniffed.
pub(super) fn csv_table(path: &Path, bytes: Vec<u8>) -> Table {
    let text = decode(bytes);
    Table::new(
        Source::csv(path),
        TableData::Csv {
            delimiter: delimiter_of(path, &text),
            text: CsvText::Held(text),
        },
    )
}

/// Tab for a .tsv file, else sniffed from the start of the text.
fn delimiter_of(path: &Path, text: &str) -> u8 {
    let is_tsv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tsv"));
    if is_tsv {
        return b'\t';
    }
    let mut end = text.len().min(SNIFF_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    sniff_delimiter(&text[..end])
}

/// Reads the file through once: when it is UTF-8 (after an optional byte-order mark), the file
/// as checked and the start of its text; `None` when it must be decoded.
fn check_utf8(path: &Path) -> io::Result<Option<(CsvFile, String)>> {
    let mut file = File::open(path)?;
    let meta = file.metadata()?;
    let before = (meta.len(), meta.modified().ok());
    let mut buf = vec![0u8; 1 << 20];
    let mut head = Vec::new();
    let (mut bom, mut line_ends, mut kept, mut first) = (0, 0, 0, true);
    loop {
        let n = file.read(&mut buf[kept..])?;
        if n == 0 {
            break;
        }
        let filled = kept + n;
        let mut start = 0;
        if first {
            let read = &buf[..filled];
            if read.starts_with(b"\xFF\xFE") || read.starts_with(b"\xFE\xFF") {
                return Ok(None);
            }
            if read.starts_with(b"\xEF\xBB\xBF") {
                (bom, start) = (3, 3);
            }
            first = false;
        }
        let bytes = &buf[start..filled];
        // A character cut at the end of what was read is kept for the next read.
        let valid = match std::str::from_utf8(bytes) {
            Ok(_) => bytes.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => return Ok(None),
        };
        line_ends += memchr::memchr_iter(b'\n', &bytes[..valid]).count();
        if head.len() < SNIFF_BYTES {
            head.extend_from_slice(&bytes[..valid]);
        }
        kept = filled - start - valid;
        buf.copy_within(start + valid..filled, 0);
    }
    if kept > 0 {
        return Ok(None);
    }
    let head = String::from_utf8(head).map_err(io::Error::other)?;
    let file = CsvFile {
        path: path.to_path_buf(),
        file,
        bom,
        line_ends,
        stamp: before,
    };
    Ok(Some((file, head)))
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
        Err(e) => legacy_encoding(e.as_bytes())
            .decode_without_bom_handling(e.as_bytes())
            .0
            .into_owned(),
    }
}

/// The encoding of text that is not UTF-8: GB18030, as Chinese Excel writes, unless its bytes
/// above ASCII mostly stand alone, as the accented letters of Western European text do
/// (`Müller`, `Société`, in the Windows-1252 of a European Excel): GB18030 would pair each
/// with the letter after it into a Chinese character. A GBK character is two such bytes, or
/// (開, 昇: GBK's extension) one followed by an ASCII byte, so Chinese text holds at least as
/// many pairs as lone bytes, a character cut in half by a fixed-width export included.
fn legacy_encoding(bytes: &[u8]) -> &'static Encoding {
    let (mut pairs, mut lone, mut run) = (0usize, 0usize, 0usize);
    for &byte in bytes.iter().chain(std::iter::once(&0)) {
        if byte >= 0x80 {
            run += 1;
        } else if run > 0 {
            (pairs, lone) = (pairs + run / 2, lone + run % 2);
            run = 0;
        }
    }
    if lone > pairs {
        WINDOWS_1252
    } else if is_big5(bytes) {
        BIG5
    } else {
        GB18030
    }
}

/// Whether Chinese bytes are Big5, as Taiwan's and Hong Kong's Excel write them, not GBK.
/// Big5 puts common characters (客, 金, 格) under lead bytes AA to AF, which GBK leaves to
/// user-defined characters: read as GBK, Big5 text turns partly into the private use area,
/// which GBK text (Chinese, or Japanese and Russian names: GBK has kana and Cyrillic)
/// hardly holds, while it reads as Big5 without a fault.
fn is_big5(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let (as_gbk, _) = GB18030.decode_without_bom_handling(sample);
    let (mut chinese, mut odd) = (0usize, 0usize);
    for c in as_gbk.chars().filter(|c| !c.is_ascii()) {
        chinese += 1;
        odd += usize::from(matches!(c, '\u{e000}'..='\u{f8ff}'));
    }
    // A character cut at the end of the sample is no fault of Big5's.
    let whole = sample.len() == bytes.len();
    let (_, faults) = BIG5.decode_without_bom_handling(sample);
    odd * 20 > chinese && (!faults || !whole)
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

/// Calls `f` with each record of the text `reader` gives and the line it starts on, until `f`
/// returns `false`.
///
/// Past its first rows the csv reader runs on a second core, a few batches of records ahead of
/// `f`: splitting a million lines into fields is a third of the time recognising them takes.
/// `f` sees the same records in the same order either way.
fn records(
    table: &Table,
    reader: impl Read + Send,
    delimiter: u8,
    mut f: impl FnMut(u32, &Row<'_>) -> Result<bool>,
) -> Result<()> {
    /// Rows read on this thread, as asked: the passes that look at the first rows only (for
    /// the header, the order of day and month) stop within them and read nothing beyond, where
    /// a reader ahead could run into an unclosed quote and take the rest of the file as a field.
    const FIRST_ROWS: usize = 2_000;
    /// Records in a batch: enough that passing a batch costs little beside parsing it.
    const BATCH: usize = 512;
    type Batch = Vec<(u32, ::csv::StringRecord)>;
    let malformed = || format!("{}: malformed CSV", table.source);
    let mut watch = QuoteWatch::default();
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .buffer_capacity(1 << 16)
        .from_reader(LineEnds::new(reader));
    if !read_here(&mut reader, FIRST_ROWS, &mut f, &mut watch, malformed)? {
        return Ok(());
    }
    std::thread::scope(|scope| {
        // Batches read, in order, then an error if the text is malformed; and the batches `f`
        // is done with, to be filled again.
        let (read_tx, read_rx) = std::sync::mpsc::sync_channel::<Result<Batch>>(2);
        let (done_tx, done_rx) = std::sync::mpsc::channel::<Batch>();
        let spawned =
            crate::threads::spawn_scoped(scope, (reader, watch), move |(mut reader, mut watch)| {
                loop {
                    let mut batch = done_rx.try_recv().unwrap_or_default();
                    let mut filled = 0;
                    let outcome = loop {
                        if filled == batch.len() {
                            batch.push((0, ::csv::StringRecord::new()));
                        }
                        let (line, record) = &mut batch[filled];
                        match reader.read_record(record) {
                            Ok(true) => {
                                *line = line_of(&mut reader, record);
                                watch.note(*line, record);
                                filled += 1;
                                if filled == BATCH {
                                    break Ok(true);
                                }
                            }
                            Ok(false) => break watch.at_end(&reader).map(|()| false),
                            Err(e) => break Err(e.into()),
                        }
                    };
                    batch.truncate(filled);
                    // A send fails only when `f` has stopped: nothing more is wanted.
                    if filled > 0 && read_tx.send(Ok(batch)).is_err() {
                        return;
                    }
                    match outcome {
                        Ok(true) => {}
                        Ok(false) => return,
                        Err(e) => {
                            let _ = read_tx.send(Err(e));
                            return;
                        }
                    }
                }
            });
        if let Err((mut reader, mut watch)) = spawned {
            read_here(&mut reader, usize::MAX, &mut f, &mut watch, malformed)?;
            return Ok(());
        }
        for batch in read_rx {
            let batch = batch.with_context(malformed)?;
            for (line, record) in &batch {
                if !f(*line, &Row::Csv(record))? {
                    return Ok(());
                }
            }
            // The reader may have finished and gone: then the batch is simply dropped.
            let _ = done_tx.send(batch);
        }
        Ok(())
    })
}

/// Calls `f` with up to `limit` records, read on this thread. `false` once the text has ended or
/// `f` wants no more.
fn read_here<R: Read>(
    reader: &mut ::csv::Reader<LineEnds<R>>,
    limit: usize,
    f: &mut impl FnMut(u32, &Row<'_>) -> Result<bool>,
    watch: &mut QuoteWatch,
    malformed: impl Fn() -> String,
) -> Result<bool> {
    let mut record = ::csv::StringRecord::new();
    for _ in 0..limit {
        if !reader.read_record(&mut record).with_context(&malformed)? {
            watch.at_end(reader).with_context(&malformed)?;
            return Ok(false);
        }
        let line = line_of(reader, &record);
        watch.note(line, &record);
        if !f(line, &Row::Csv(&record))? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Watches for a quote that is never closed. The csv reader takes everything after it, to the
/// end of the text, as one value, so the rows there would silently vanish into one cell. That
/// value is the last record's last field, it holds a line break, and the text does not end
/// with the closing quote.
#[derive(Default)]
struct QuoteWatch {
    /// The line and column of the last record's last field, when it holds a line break.
    open: Option<(u32, usize)>,
}

impl QuoteWatch {
    fn note(&mut self, line: u32, record: &::csv::StringRecord) {
        self.open = record
            .len()
            .checked_sub(1)
            .and_then(|last| record.get(last))
            .filter(|field| field.contains(['\n', '\r']))
            .map(|_| (line, record.len() - 1));
    }

    /// Called once the reader has taken the whole text.
    fn at_end<R: Read>(&self, reader: &::csv::Reader<LineEnds<R>>) -> Result<()> {
        match self.open {
            Some((line, column)) if reader.get_ref().last_byte != Some(b'"') => bail!(
                "the quote that opens the value in column {} on line {line} is never closed, so every line after it would be read as part of that value; close the quote (or remove it) and run again",
                crate::location::column_letter(column)
            ),
            _ => Ok(()),
        }
    }
}

/// The line a record the reader just read starts on.
fn line_of<R: Read>(reader: &mut ::csv::Reader<LineEnds<R>>, record: &::csv::StringRecord) -> u32 {
    let at = record.position().map(::csv::Position::byte);
    reader.get_mut().line_at(at)
}

/// Notes where the line ends fall as the csv reader takes the text's bytes, so that a record's
/// line is known without holding the text. The csv crate's own line count lags behind on CRLF
/// line ends, which Excel on Windows writes.
struct LineEnds<R> {
    inner: R,
    /// Bytes taken so far.
    taken: u64,
    /// Runs of `\r` and `\n` bytes taken but not yet passed: a block of blank lines is one.
    runs: VecDeque<LineEndRun>,
    /// The line of the first byte not yet passed.
    line: u32,
    /// The last byte taken that is not white space: a text ending inside a quoted value does
    /// not end with the quote.
    last_byte: Option<u8>,
}

/// Consecutive line-end bytes: `start..end`, holding `newlines` `\n` bytes.
struct LineEndRun {
    start: u64,
    end: u64,
    newlines: u32,
}

impl<R> LineEnds<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            taken: 0,
            runs: VecDeque::new(),
            line: 1,
            last_byte: None,
        }
    }

    /// The line of a record the reader placed at byte `at`, which may point into the line ends
    /// before the record (blank lines passed over, the `\n` of a CRLF): every run starting at
    /// or before `at` lies before the record's first byte. Records come in order, so what is
    /// passed is forgotten and only the reader's read-ahead is held.
    fn line_at(&mut self, at: Option<u64>) -> u32 {
        let Some(at) = at else {
            return self.line;
        };
        while let Some(run) = self.runs.front() {
            if run.start > at {
                break;
            }
            self.line += run.newlines;
            self.runs.pop_front();
        }
        self.line
    }
}

impl<R: Read> Read for LineEnds<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        for i in memchr::memchr2_iter(b'\n', b'\r', &buf[..n]) {
            let offset = self.taken + i as u64;
            let newline = u32::from(buf[i] == b'\n');
            match self.runs.back_mut() {
                Some(run) if run.end == offset => {
                    run.end += 1;
                    run.newlines += newline;
                }
                _ => self.runs.push_back(LineEndRun {
                    start: offset,
                    end: offset + 1,
                    newlines: newline,
                }),
            }
        }
        if let Some(&byte) = buf[..n].iter().rev().find(|b| !b.is_ascii_whitespace()) {
            self.last_byte = Some(byte);
        }
        self.taken += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    /// Every pass over the text, streamed from the file and held, read to the end: the error
    /// of each, if any.
    fn errors_of(bytes: &[u8]) -> [Option<String>; 2] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, bytes).unwrap();
        [read_csv(&path).unwrap(), csv_table(&path, bytes.to_vec())].map(|table| {
            table
                .for_each_row(|_, _| Ok(true))
                .err()
                .map(|e| format!("{e:#}"))
        })
    }

    #[test]
    fn a_quote_never_closed_is_an_error_naming_its_line_and_column() {
        // Before the reader's second core takes over, and well after.
        for lines_before in [1, 5_000] {
            let mut text = String::from("id,amount,product\n");
            for k in 0..lines_before {
                let _ = writeln!(text, "C{k},10,tea");
            }
            let line = lines_before + 2;
            let closed = format!("{text}C,5,\"two\nlines\"\nD,6,\"x\"\r\n");
            assert_eq!(errors_of(closed.as_bytes()), [None, None]);
            let closed_last = format!("{text}C,5,\"two\nlines\"\n\n");
            assert_eq!(errors_of(closed_last.as_bytes()), [None, None]);
            let open = format!("{text}C,5,\"saw\nD,6,drill\nE,7,tape\n");
            for error in errors_of(open.as_bytes()) {
                let error = error.expect("an unclosed quote is an error");
                assert!(
                    error.contains(&format!(
                        "malformed CSV: the quote that opens the value in column C on line {line} is never closed"
                    )),
                    "{error}"
                );
            }
        }
    }

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

    /// Each record's line and first field, read from the file (streamed) and from its bytes
    /// (held).
    fn lines_of(bytes: &[u8]) -> [Vec<(u32, String)>; 2] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, bytes).unwrap();
        let streamed = read_csv(&path).unwrap();
        assert!(matches!(
            streamed.data,
            TableData::Csv {
                text: CsvText::File(_),
                ..
            }
        ));
        let held = csv_table(&path, bytes.to_vec());
        [streamed, held].map(|table| {
            let mut seen = Vec::new();
            table
                .for_each_row(|line, row| {
                    seen.push((line, row.get(0).display().into_owned()));
                    Ok(true)
                })
                .unwrap();
            seen
        })
    }

    #[test]
    fn lines_are_numbered_as_an_editor_shows_them() {
        for text in [
            "h1,h2\r\na,1\r\n\r\nb,2\r\n",
            "h1,h2\na,1\n\nb,2\n",
            "h1,h2\n\"a\nx\",1\nb,2\n",
            "\u{feff}h1,h2\r\n\"a\r\nx\",1\r\nb,2",
        ] {
            for seen in lines_of(text.as_bytes()) {
                assert_eq!(seen.first(), Some(&(1, "h1".to_owned())), "{text:?}");
                assert_eq!(seen.last(), Some(&(4, "b".to_owned())), "{text:?}");
                assert_eq!(seen.len(), 3, "{text:?}");
            }
        }
    }

    #[test]
    fn a_long_file_is_numbered_right_streamed_and_held() {
        // Far past the reader's buffers, with blank lines, CRLF, quoted line breaks and
        // characters of several bytes that fall across the check's chunks.
        let mut text = String::from("客户,金额\r\n");
        let mut expected = Vec::new();
        let mut line = 2;
        for i in 0..250_000 {
            expected.push(line);
            match i % 7 {
                0 => {
                    write!(text, "\"客户{i}\r\n续\",{i}\r\n").unwrap();
                    line += 2;
                }
                3 => {
                    write!(text, "客户{i},{i}\n\n\r\n").unwrap();
                    line += 3;
                }
                _ => {
                    write!(text, "客户{i},{i}\r\n").unwrap();
                    line += 1;
                }
            }
        }
        assert!(text.len() > 3 << 20);
        let [streamed, held] = lines_of(text.as_bytes());
        assert_eq!(streamed, held);
        let lines: Vec<u32> = streamed[1..].iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, expected);
    }

    #[test]
    fn a_pass_stopped_early_or_failing_stops_where_it_was_told() {
        let mut text = String::from("h,n\n");
        for i in 1..5000 {
            writeln!(text, "c{i},{i}").unwrap();
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, &text).unwrap();
        let streamed = read_csv(&path).unwrap();
        let held = csv_table(&path, text.into_bytes());
        let check = |table: &Table| {
            // Stops among the first rows, at a batch's edges, and past them.
            for stop in [1, 3, 1999, 2000, 2001, 2511, 2512, 2513, 4999] {
                let mut seen = Vec::new();
                table
                    .for_each_row(|line, row| {
                        seen.push((line, row.get(0).display().into_owned()));
                        Ok(seen.len() < stop)
                    })
                    .unwrap();
                let expected: Vec<_> = (0..stop)
                    .map(|i| {
                        (
                            i as u32 + 1,
                            if i == 0 { "h".into() } else { format!("c{i}") },
                        )
                    })
                    .collect();
                assert_eq!(seen, expected);
            }
            for bad in [1, 700, 2001, 3000] {
                let mut calls = 0;
                let failed = table.for_each_row(|_, _| {
                    calls += 1;
                    if calls == bad {
                        bail!("row {bad} is bad");
                    }
                    Ok(true)
                });
                assert_eq!(failed.unwrap_err().to_string(), format!("row {bad} is bad"));
                assert_eq!(calls, bad);
            }
        };
        for table in [&streamed, &held] {
            check(table);
            // Past the first rows on this thread, when no second one can be had.
            crate::threads::refusing(|| check(table));
        }
    }

    #[test]
    fn a_pass_over_the_first_rows_reads_no_further() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        // An unclosed quote on row 10 of 8 MB: a reader running ahead would take the rest of
        // the text as one field, though the pass wants only three rows.
        struct Counting<'a>(&'a [u8], &'a AtomicUsize);
        impl Read for Counting<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = self.0.read(buf)?;
                self.1.fetch_add(n, Ordering::Relaxed);
                Ok(n)
            }
        }
        let mut text = String::new();
        for i in 0..400_000 {
            let quote = if i == 10 { "\"" } else { "" };
            writeln!(text, "c{i},{quote}{i}").unwrap();
        }
        let table = csv_table(Path::new("t.csv"), Vec::new());
        let read = AtomicUsize::new(0);
        let mut rows = 0;
        records(&table, Counting(text.as_bytes(), &read), b',', |_, _| {
            rows += 1;
            Ok(rows < 3)
        })
        .unwrap();
        assert_eq!(rows, 3);
        let read = read.into_inner();
        assert!(read <= 1 << 17, "{read} of {} bytes read", text.len());
    }

    #[test]
    fn a_block_of_blank_lines_is_noted_as_one_run() {
        let text = format!("h\r\n{}a\n", "\r\n".repeat(100_000));
        let mut ends = LineEnds::new(text.as_bytes());
        io::copy(&mut ends, &mut io::sink()).unwrap();
        assert_eq!(ends.runs.len(), 2);
        let a = text.find('a').unwrap() as u64;
        // The reader may place the record at the line ends before it.
        assert_eq!(ends.line_at(Some(a - 1)), 100_002);
        assert_eq!(ends.runs.len(), 1, "only the line end after it is left");
    }

    #[test]
    fn a_file_that_is_not_utf8_is_decoded_into_memory() {
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in [
            (
                "gbk.csv",
                GB18030.encode("客户编号,金额\nA,1\n").0.into_owned(),
            ),
            ("utf16.csv", b"\xFF\xFEi\0d\0\n\0".to_vec()),
            // UTF-8 but for a cut character at the very end.
            ("cut.csv", b"id\nA\xE5\xAE".to_vec()),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, &bytes).unwrap();
            let table = read_csv(&path).unwrap();
            assert!(
                matches!(
                    table.data,
                    TableData::Csv {
                        text: CsvText::Held(_),
                        ..
                    }
                ),
                "{name}"
            );
        }
    }

    #[test]
    fn gbk_bytes_are_decoded() {
        let (gbk, _, _) = GB18030.encode("客户编号,金额\n");
        assert_eq!(decode(gbk.into_owned()), "客户编号,金额\n");
    }

    #[test]
    fn western_european_text_from_excel_is_windows_1252() {
        let text = "Kunde;Name;Betrag\nK1;Müller GmbH;1.280,50 €\nK2;Société Générale;99,90\nK3;Bäckerei Schäfer;12\n";
        let (bytes, _, _) = WINDOWS_1252.encode(text);
        assert_eq!(decode(bytes.into_owned()), text);
        // Chinese text stays GB18030: with a few Western letters, with GBK's extension
        // characters (開 is E9 5F, an ASCII byte second), and in names of those alone.
        for text in [
            "客户编号,客户名称,备注\nA1,上海贸易有限公司,Café 咖啡\n",
            "客户编号,客户名称,金额\nA1,臺灣開發實業,10\nA2,昇陽順發,20\n",
            "id,name\n1,王祎\n2,李昇\n3,赵玥\n",
        ] {
            let (bytes, _, _) = GB18030.encode(text);
            assert_eq!(decode(bytes.into_owned()), text);
        }
        // A character cut in half (a fixed-width field) leaves the rest Chinese.
        let mut bytes = GB18030
            .encode("客户编号,客户名称\nA1,上海贸易\n")
            .0
            .into_owned();
        bytes.extend_from_slice(b"A2,\xC9\n");
        assert!(decode(bytes).starts_with("客户编号,客户名称\nA1,上海贸易\n"));
    }

    #[test]
    fn big5_text_from_taiwan_is_read_as_big5() {
        let text = "交易日期,客戶編號,金額,銷售價格\n2026/6/22,1278145,3,267\n";
        let (bytes, _, faults) = BIG5.encode(text);
        assert!(!faults);
        assert_eq!(decode(bytes.into_owned()), text);
        // Simplified Chinese stays GBK, though most of its bytes are valid Big5 too, with
        // Japanese or Russian names (GBK has kana and Cyrillic) too.
        for text in [
            "客户编号,客户名称,订单金额,下单日期\nA1,上海贸易有限公司,100,2026-01-05\n",
            "客户编号,客户名称,产品\nA1,上海贸易有限公司,ポケモンカード\nA2,东京商事,カード\n",
            "客户编号,客户名称,金额\nA1,Иван Петров,100\nA2,Ольга Смирнова,200\n",
        ] {
            let (bytes, _, _) = GB18030.encode(text);
            assert_eq!(decode(bytes.into_owned()), text);
        }
    }

    #[test]
    fn utf8_bom_is_removed() {
        assert_eq!(decode(b"\xEF\xBB\xBFid\n".to_vec()), "id\n");
    }
}
