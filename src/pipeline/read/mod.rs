//! Step 1: read input files into [`Table`]s of raw cells, one per sheet or CSV file.
//!
//! Nothing is interpreted here: the cells stay as the file holds them (workbook cells typed by
//! calamine, CSV fields as text), and each table knows its [`Source`] and the spreadsheet row
//! number of its first row, so later steps can name any cell as the user sees it.

mod csv;
mod excel;
mod grid;

pub(crate) use excel::{MAX_CELLS, within_excel};

use std::borrow::Cow;
use std::path::Path;

use anyhow::{Context, Result, bail};
use calamine::{Data, Range};
use chrono::NaiveDateTime;
use grid::{Grid, GridCell};

use crate::location::Source;

/// One sheet of a workbook or one CSV file, read into memory.
pub struct Table {
    /// Where the table came from.
    pub source: Source,
    data: TableData,
    /// A sheet of a management workbook read back (see [`Table::read_back`]).
    read_back: bool,
    /// How a sheet is hidden in its workbook, if it is.
    hidden: Option<Hidden>,
}

/// How a sheet is hidden in its workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hidden {
    /// Hidden: Excel's Unhide lists it.
    Hidden,
    /// Very hidden: only the Visual Basic editor shows it (add-ins and macros hide sheets so).
    VeryHidden,
}

impl Hidden {
    /// How calamine says a sheet is shown, as tiers keeps it: `None` for a visible sheet.
    pub(crate) fn of(visible: calamine::SheetVisible) -> Option<Self> {
        match visible {
            calamine::SheetVisible::Visible => None,
            calamine::SheetVisible::Hidden => Some(Self::Hidden),
            calamine::SheetVisible::VeryHidden => Some(Self::VeryHidden),
        }
    }
}

enum TableData {
    /// A worksheet.
    Grid {
        grid: Grid,
        /// Formulas with no saved value (xlsx).
        unsaved_formulas: excel::UnsavedFormulas,
    },
    /// A CSV text, parsed again on each pass (cheaper than holding a cell per field).
    Csv { text: csv::CsvText, delimiter: u8 },
}

/// A cell as read, before any interpretation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// An empty cell.
    Empty,
    /// Text (every CSV field is text), trimmed of surrounding whitespace.
    Text(&'a str),
    /// A number.
    Number(f64),
    /// A date or date-time cell.
    DateTime(NaiveDateTime),
    /// A boolean.
    Bool(bool),
    /// An error value such as #N/A.
    Error(&'a calamine::CellErrorType),
}

impl<'a> Cell<'a> {
    /// Whether the cell holds nothing (empty, or only whitespace).
    pub fn is_blank(&self) -> bool {
        matches!(self, Cell::Empty) || matches!(self, Cell::Text(t) if t.is_empty())
    }

    /// The cell as the user would see it; text is borrowed, not copied.
    pub fn display(&self) -> Cow<'a, str> {
        match *self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(t) => Cow::Borrowed(t),
            Cell::Number(n) => Cow::Owned(format_number(n)),
            Cell::DateTime(d) => Cow::Owned(d.format("%Y-%m-%d %H:%M:%S").to_string()),
            Cell::Bool(b) => Cow::Borrowed(if b { "TRUE" } else { "FALSE" }),
            Cell::Error(e) => Cow::Owned(e.to_string()),
        }
    }
}

/// A number without a trailing `.0` for integers: ids such as 10023 stay `10023`.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// One row of a table: cells by 0-based column index.
pub enum Row<'a> {
    /// A worksheet row.
    Grid(GridRow<'a>),
    /// A CSV record.
    Csv(&'a ::csv::StringRecord),
}

/// A worksheet row: its cells, and the grid that holds their texts.
pub struct GridRow<'a> {
    cells: &'a [GridCell],
    grid: &'a Grid,
}

impl<'a> Row<'a> {
    /// The cell in column `index` (0-based, as the sheet counts columns); empty past the end.
    pub fn get(&self, index: usize) -> Cell<'a> {
        match self {
            Row::Grid(GridRow { cells, grid }) => {
                let Some(i) = index.checked_sub(grid.start().1 as usize) else {
                    return Cell::Empty;
                };
                cells.get(i).map_or(Cell::Empty, |cell| grid.cell(cell))
            }
            Row::Csv(record) => record.get(index).map_or(Cell::Empty, text_cell),
        }
    }

    /// One past the last column index this row may hold.
    pub fn width(&self) -> usize {
        match self {
            Row::Grid(GridRow { cells, grid }) => cells.len() + grid.start().1 as usize,
            Row::Csv(record) => record.len(),
        }
    }

    /// Whether every cell is blank.
    pub fn is_blank(&self) -> bool {
        (0..self.width()).all(|i| self.get(i).is_blank())
    }
}

/// A text cell as tiers reads it: trimmed, and the `NULL` (as `\N` from `MySQL`) that a database's
/// export writes for a missing value read as empty, so that no region or phone is "NULL".
fn text_cell(text: &str) -> Cell<'_> {
    match trim(text) {
        "NULL" | "\\N" => Cell::Empty,
        text => Cell::Text(text),
    }
}

/// `str::trim`, quicker for the usual cell, which starts and ends with a character that is
/// ASCII and not white space: a million lines have ten million cells.
fn trim(text: &str) -> &str {
    // The ASCII characters `char::is_whitespace` trims.
    let plain = |b: &u8| b.is_ascii() && !matches!(b, b'\t'..=b'\r' | b' ');
    let bytes = text.as_bytes();
    if bytes.first().is_some_and(plain) && bytes.last().is_some_and(plain) {
        text
    } else {
        text.trim()
    }
}

impl Table {
    /// A sheet of a management workbook read back as an input: its rows are lines a run
    /// already used, so a blank where the workbook has a column means the original input had
    /// no such value (one of several inputs had no status column), not a missing one.
    pub(crate) fn read_back(source: Source, range: &Range<Data>) -> Self {
        Self {
            read_back: true,
            ..Self::from_grid(source, Grid::from_range(range))
        }
    }

    /// A table read from `source`: neither read back nor hidden until marked so.
    fn new(source: Source, data: TableData) -> Self {
        Self {
            source,
            data,
            read_back: false,
            hidden: None,
        }
    }

    fn from_grid(source: Source, grid: Grid) -> Self {
        let unsaved_formulas = excel::UnsavedFormulas::default();
        Self::new(
            source,
            TableData::Grid {
                grid,
                unsaved_formulas,
            },
        )
    }

    /// The table as a sheet hidden in its workbook as `hidden` says.
    fn with_hidden(mut self, hidden: Option<Hidden>) -> Self {
        self.hidden = hidden;
        self
    }

    /// How this sheet is hidden in its workbook, if it is: read all the same, with a note, as
    /// a sheet can be hidden to keep its data from view or because it is out of date.
    pub fn hidden(&self) -> Option<Hidden> {
        self.hidden
    }

    /// Whether this is a sheet of a management workbook read back: its rows are lines a run
    /// already used.
    pub fn is_read_back(&self) -> bool {
        self.read_back
    }

    /// The table with the formulas its reader found with no saved value.
    fn with_unsaved_formulas(mut self, formulas: excel::UnsavedFormulas) -> Self {
        if let TableData::Grid {
            unsaved_formulas, ..
        } = &mut self.data
        {
            *unsaved_formulas = formulas;
        }
        self
    }

    /// A CSV file's bytes as the table [`read_inputs`] makes of the file at `path`; for callers
    /// that already hold the bytes (the fuzzer, tests).
    pub fn from_csv_bytes(path: &Path, bytes: Vec<u8>) -> Self {
        csv::csv_table(path, bytes)
    }

    /// About how many rows the table has (at least as many as it yields, for a CSV text whose
    /// fields hold no line breaks), to size what is built from it.
    pub fn rows_hint(&self) -> usize {
        match &self.data {
            TableData::Grid { grid, .. } => grid.height(),
            TableData::Csv { text, .. } => text.line_ends() + 1,
        }
    }

    /// The formula of a cell (row number as the sheet shows it, 0-based column) that reads as
    /// empty because the formula has no saved value; xlsx only.
    pub fn unsaved_formula(&self, row: u32, column: usize) -> Option<Cow<'_, str>> {
        match &self.data {
            TableData::Grid {
                unsaved_formulas, ..
            } => unsaved_formulas.get(row, column),
            TableData::Csv { .. } => None,
        }
    }

    /// Calls `f` with each row and its spreadsheet row number (line number for CSV), until `f`
    /// returns `false`.
    pub fn for_each_row(&self, mut f: impl FnMut(u32, &Row<'_>) -> Result<bool>) -> Result<()> {
        match &self.data {
            TableData::Grid { grid, .. } => {
                // Rows as the sheet numbers them, from 1.
                let first_row = grid.start().0 + 1;
                for (i, cells) in grid.rows().enumerate() {
                    if !f(first_row + i as u32, &Row::Grid(GridRow { cells, grid }))? {
                        break;
                    }
                }
                Ok(())
            }
            TableData::Csv { text, delimiter } => text.for_each_record(self, *delimiter, f),
        }
    }
}

/// Reads every table of every input: all sheets of a workbook, or the one table of a CSV file.
///
/// # Errors
/// When a file is missing, unreadable, encrypted, or not a spreadsheet or CSV file; the message
/// names the file.
pub fn read_inputs(paths: &[impl AsRef<Path>]) -> Result<Vec<Table>> {
    let mut tables = Vec::new();
    let mut seen: Vec<(std::path::PathBuf, &Path)> = Vec::new();
    for path in paths {
        let path = path.as_ref();
        if !path.exists() {
            bail!("{}: no such file", path.display());
        }
        if path.is_dir() {
            bail!(
                "{}: is a directory, expected a spreadsheet or CSV file",
                path.display()
            );
        }
        // The same file twice (`orders.csv ./orders.csv`, a shell glob and a name) would
        // count every order twice.
        let canonical = path.canonicalize().unwrap_or_else(|_| path.to_owned());
        if let Some((_, first)) = seen.iter().find(|(c, _)| *c == canonical) {
            bail!(
                "{}: given twice (also as {}); every order in it would count twice",
                path.display(),
                first.display()
            );
        }
        seen.push((canonical, path));
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let before = stamp(path)?;
        let content = Content::of(path)?;
        match (ext.as_str(), content) {
            ("xlsx" | "xlsm" | "xlsb" | "xls" | "ods" | "csv" | "tsv" | "txt", Content::Markup) => {
                bail!(
                    "{}: a web page or XML file (HTML, XML Spreadsheet 2003) under a spreadsheet's name, as some systems export; open it in Excel and save it as .xlsx, or export CSV",
                    path.display()
                )
            }
            // Many ERPs write tab- or comma-separated text and call it .xls.
            ("xls", Content::Text) => tables.push(csv::read_csv(path)?),
            ("xlsx" | "xlsm" | "xlsb" | "xls" | "ods", _) => {
                tables.extend(excel::read_workbook(path, content)?);
            }
            ("csv" | "tsv" | "txt", Content::Zip | Content::Ole) => bail!(
                "{}: a workbook, not CSV text; give it its own extension (.xlsx or .xls)",
                path.display()
            ),
            ("csv" | "tsv" | "txt", _) => tables.push(csv::read_csv(path)?),
            _ => bail!(
                "{}: unsupported file type; expected .xlsx, .xlsm, .xls, .ods, .csv or .tsv",
                path.display()
            ),
        }
        // An export still being written, or a file saved over while it was read, could give
        // half the rows without any error from the reader.
        if stamp(path)? != before {
            bail!(
                "{}: the file changed while it was being read (is it still being saved or copied?); run again once it is complete",
                path.display()
            );
        }
    }
    Ok(tables)
}

/// What a file holds, by its first bytes (read once, here): names and contents part ways in
/// real exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Content {
    /// A zip archive (xlsx, ods).
    Zip,
    /// An OLE compound file (xls, or an encrypted xlsx).
    Ole,
    /// An HTML page, or XML (Excel's XML Spreadsheet 2003).
    Markup,
    /// Text: no NUL byte, or a UTF-16 byte-order mark.
    Text,
    /// Anything else.
    Other,
}

impl Content {
    fn of(path: &Path) -> Result<Self> {
        // A named pipe gives its bytes once: they are for the reader, not for a look ahead.
        if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
            return Ok(Content::Other);
        }
        let head = leading_bytes(path)
            .with_context(|| format!("{}: cannot read the file", path.display()))?;
        let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head);
        let start = text
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(0);
        let lower = text[start..text.len().min(start + 64)].to_ascii_lowercase();
        Ok(if head.starts_with(b"PK\x03\x04") {
            Content::Zip
        } else if head.starts_with(&excel::OLE_MAGIC) {
            Content::Ole
        } else if [
            &b"<!doctype html"[..],
            b"<html",
            b"<table",
            b"<meta",
            b"<?xml",
        ]
        .iter()
        .any(|tag| lower.starts_with(tag))
        {
            Content::Markup
        } else if head.starts_with(b"\xFF\xFE")
            || head.starts_with(b"\xFE\xFF")
            || !head.contains(&0)
        {
            Content::Text
        } else {
            Content::Other
        })
    }
}

/// Up to the first 4 KiB of a file.
fn leading_bytes(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(4096);
    std::io::Read::read_to_end(
        &mut std::io::Read::take(std::fs::File::open(path)?, 4096),
        &mut head,
    )?;
    Ok(head)
}

/// A file's size and modification time, to tell whether it changed.
fn stamp(path: &Path) -> Result<(u64, Option<std::time::SystemTime>)> {
    let meta = std::fs::metadata(path)
        .with_context(|| format!("{}: cannot read the file", path.display()))?;
    Ok((meta.len(), meta.modified().ok()))
}

#[cfg(test)]
mod tests {
    use super::trim;

    #[test]
    fn trim_is_str_trim() {
        let others = [
            '\u{85}', '\u{a0}', '\u{1680}', '\u{2028}', '\u{3000}', 'é', '中',
        ];
        for c in (0..128u8).map(char::from).chain(others) {
            for text in [
                c.to_string(),
                format!("a{c}"),
                format!("{c}a"),
                format!("{c}a b{c}"),
                format!("{c}{c}"),
            ] {
                assert_eq!(trim(&text), text.trim(), "{text:?}");
            }
        }
        assert_eq!(trim(""), "");
    }
}
