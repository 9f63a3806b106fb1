//! Helpers shared by the integration tests: run the real binary in a clean environment, and
//! read back what it wrote.
#![allow(clippy::unwrap_used, clippy::missing_panics_doc)] // rust-clippy#11119: allow-unwrap-in-tests misses helper modules

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use calamine::{Data, DataType, Reader, open_workbook_auto};

/// The fixture directory.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A copy of a fixture folder in a fresh temporary directory.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(fixtures().join(name)).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    dir
}

/// `tiers` in `dir`, with variables that change its behaviour removed.
pub fn tiers(dir: &Path) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("tiers"));
    cmd.current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("TIERS_CONFIG")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("TIERS_PROGRESS_DELAY_MS");
    cmd
}

/// `tiers score INPUT -o OUTPUT --as-of DATE --quiet` in `dir`, which must succeed.
pub fn score_into(dir: &Path, input: &str, output: &str, as_of: &str) {
    tiers(dir)
        .args(["score", input, "-o", output, "--as-of", as_of, "-q"])
        .assert()
        .success();
}

/// A sheet read back with calamine: a header row and data rows.
pub struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Data>>,
}

impl Sheet {
    pub fn read(path: &Path, name: &str) -> Self {
        Self::read_at(path, name, 0)
    }

    /// A sheet whose header is on row `header` (counting from 0), under a title; the table
    /// ends at the first empty row.
    pub fn read_at(path: &Path, name: &str, header: usize) -> Self {
        let mut workbook = open_workbook_auto(path).unwrap();
        let range = workbook
            .worksheet_range(name)
            .unwrap_or_else(|e| panic!("sheet {name}: {e}"));
        let (top, left) = range.start().unwrap_or_default();
        assert_eq!(left, 0, "sheet {name} starts in column A");
        let skip = header.checked_sub(top as usize).unwrap();
        let mut rows = range.rows().skip(skip).map(<[Data]>::to_vec);
        let headers = rows
            .next()
            .unwrap()
            .iter()
            .map(ToString::to_string)
            .collect();
        let rows = if header == 0 {
            rows.collect()
        } else {
            rows.take_while(|r| r.iter().any(|c| *c != Data::Empty))
                .collect()
        };
        Self { headers, rows }
    }

    pub fn col(&self, header: &str) -> usize {
        self.headers
            .iter()
            .position(|h| h == header)
            .unwrap_or_else(|| panic!("no column {header}: {:?}", self.headers))
    }

    /// The row whose `key` column holds `value`.
    pub fn row(&self, key: &str, value: &str) -> &[Data] {
        let col = self.col(key);
        self.rows
            .iter()
            .find(|r| r[col].to_string().as_str() == value)
            .unwrap_or_else(|| panic!("no row with {key} = {value}"))
    }

    pub fn text(&self, row: &[Data], header: &str) -> String {
        row[self.col(header)].to_string()
    }

    pub fn number(&self, row: &[Data], header: &str) -> f64 {
        number(&row[self.col(header)])
    }

    /// A figure of the customer whose Customer ID is `id` (a Customers sheet's row).
    pub fn figure(&self, id: &str, header: &str) -> f64 {
        self.number(self.row("Customer ID", id), header)
    }

    /// A date cell as `YYYY-MM-DD`.
    pub fn date(&self, row: &[Data], header: &str) -> String {
        let cell = &row[self.col(header)];
        cell.as_date()
            .unwrap_or_else(|| panic!("{header}: not a date: {cell:?}"))
            .to_string()
    }

    /// All values of a column as text.
    pub fn column(&self, header: &str) -> Vec<String> {
        let col = self.col(header);
        self.rows.iter().map(|r| r[col].to_string()).collect()
    }
}

/// Writes a hand-kept ledger's rows (customer, date, product, amount) from `first_row` on.
pub fn write_ledger(
    sheet: &mut rust_xlsxwriter::Worksheet,
    first_row: u32,
    rows: &[(&str, &str, &str, f64)],
) {
    for (row, &(customer, date, product, amount)) in (first_row..).zip(rows) {
        sheet.write_row(row, 0, [customer, date, product]).unwrap();
        sheet.write_number(row, 3, amount).unwrap();
    }
}

/// A numeric cell's value.
pub fn number(cell: &Data) -> f64 {
    match cell {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

/// The names of a workbook's sheets.
pub fn sheet_names(path: &Path) -> Vec<String> {
    open_workbook_auto(path).unwrap().sheet_names()
}

/// The names of a workbook's sheets that are hidden, or very hidden.
pub fn hidden_sheets(path: &Path) -> Vec<String> {
    open_workbook_auto(path)
        .unwrap()
        .sheets_metadata()
        .iter()
        .filter(|s| s.visible != calamine::SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect()
}

/// Asserts two floats agree to a cent.
pub fn assert_close(actual: f64, expected: f64, what: &str) {
    assert!(
        (actual - expected).abs() < 0.005,
        "{what}: expected {expected}, found {actual}"
    );
}

/// A sheet as a person's spreadsheet program would hand it back: every cell, the visibility.
pub struct EditSheet {
    pub name: String,
    pub hidden: bool,
    pub rows: Vec<Vec<Data>>,
    /// Formulas typed in: row, column, formula (calculated by the program on opening).
    pub formulas: Vec<(u32, u16, String)>,
    /// Formulas a program wrote without calculating them (openpyxl): no value is saved.
    pub uncalculated: Vec<(u32, u16, String)>,
}

impl EditSheet {
    pub fn col(&self, header: &str) -> usize {
        self.rows[0]
            .iter()
            .position(|h| *h == header)
            .unwrap_or_else(|| panic!("no column {header}"))
    }

    /// Sets a cell of the row whose column `key` holds `id`.
    pub fn set(&mut self, key: &str, id: &str, header: &str, value: Data) {
        let (k, c) = (self.col(key), self.col(header));
        let row = self
            .rows
            .iter_mut()
            .find(|r| r[k] == id)
            .unwrap_or_else(|| panic!("no row {id}"));
        if row.len() <= c {
            row.resize(c + 1, Data::Empty);
        }
        row[c] = value;
    }

    /// Adds a column with a header at the right.
    pub fn add_column(&mut self, header: &str) {
        let width = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        for row in &mut self.rows {
            row.resize(width, Data::Empty);
        }
        self.rows[0].push(Data::String(header.to_owned()));
        for row in &mut self.rows[1..] {
            row.push(Data::Empty);
        }
    }
}

/// Edits a workbook the way a person would: read every sheet, change cells, save it again
/// (dates become date cells, hidden sheets stay hidden).
pub fn edit_workbook(path: &Path, edit: impl FnOnce(&mut Vec<EditSheet>)) {
    let hidden = hidden_sheets(path);
    let mut workbook = open_workbook_auto(path).unwrap();
    let mut sheets: Vec<EditSheet> = workbook
        .sheet_names()
        .into_iter()
        .map(|name| {
            let range = workbook.worksheet_range(&name).unwrap();
            let rows = range.rows().map(<[Data]>::to_vec).collect();
            EditSheet {
                hidden: hidden.contains(&name),
                name,
                rows,
                formulas: Vec::new(),
                uncalculated: Vec::new(),
            }
        })
        .collect();
    edit(&mut sheets);
    let mut out = rust_xlsxwriter::Workbook::new();
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    for sheet in &sheets {
        let ws = out.add_worksheet().set_name(&sheet.name).unwrap();
        ws.set_hidden(sheet.hidden);
        for (r, row) in sheet.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Data::String(s) => drop(ws.write_string(r, c, s).unwrap()),
                    Data::Float(f) => drop(ws.write_number(r, c, *f).unwrap()),
                    Data::Int(i) => drop(ws.write_number(r, c, *i as f64).unwrap()),
                    Data::Bool(b) => drop(ws.write_boolean(r, c, *b).unwrap()),
                    Data::DateTime(d) => drop(
                        ws.write_number_with_format(r, c, d.as_f64(), &date)
                            .unwrap(),
                    ),
                    _ => {}
                }
            }
        }
        for (r, c, formula) in &sheet.formulas {
            let formula = rust_xlsxwriter::Formula::new(formula).set_result("0");
            ws.write_formula(*r, *c, formula).unwrap();
        }
        // An empty result stands for the sheet's default, which is then nothing.
        ws.set_formula_result_default("");
        for (r, c, formula) in &sheet.uncalculated {
            ws.write_formula(*r, *c, formula.as_str()).unwrap();
        }
    }
    out.save(path).unwrap();
}

/// Every file of an xlsx (a zip) as text, by its path in the archive (binary parts empty).
pub fn zip_entries(path: &Path) -> std::collections::BTreeMap<String, String> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut text = String::new();
            file.read_to_string(&mut text).unwrap_or_default();
            (file.name().unwrap().into_owned(), text)
        })
        .collect()
}

/// Whether every data cache of a chart's XML holds all its points: previewers that do not
/// recalculate (Quick Look, many web viewers) draw a chart from these caches.
pub fn chart_caches_complete(chart: &str) -> bool {
    let mut caches = 0;
    for tag in ["numCache", "strCache"] {
        let (open, close) = (format!("<c:{tag}>"), format!("</c:{tag}>"));
        for (at, _) in chart.match_indices(&open) {
            let cache = &chart[at..];
            let cache = &cache[..cache.find(&close).unwrap_or(cache.len())];
            let declared = cache
                .split("<c:ptCount val=\"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .and_then(|n| n.parse::<usize>().ok());
            let points = cache.matches("<c:pt idx=").count();
            if declared.is_none_or(|n| n == 0 || n != points) {
                return false;
            }
            caches += 1;
        }
    }
    caches > 0
}

/// Runs `tiers` in `dir` with `args`, checks its exit code, and returns its stderr.
pub fn stderr_of(dir: &Path, args: &[&str], code: i32) -> String {
    let output = tiers(dir).args(args).output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(code),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stderr).unwrap()
}
