//! Workbooks (xlsx, xlsm, xlsb, xls, ods) through calamine.

use std::borrow::Cow;
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use calamine::{
    Data, DataRef, Dimensions, Range, Reader, Sheets, Xlsx, XlsxError, XlsxFormulaMetadata,
    open_workbook_auto,
};

use rustc_hash::FxHashMap;

use super::grid::Grid;
use super::{Content, Table};
use crate::location::{Source, column_letter};
use crate::pipeline::previous::MARKER_SHEET;

/// Reads every worksheet of a workbook (hidden sheets too, marked: their rows are data all
/// the same, but perhaps stale, which the user is told).
pub(super) fn read_workbook(path: &Path, content: Content) -> Result<Vec<Table>> {
    refuse_zip_bomb(path)?;
    let mut workbook =
        open_spreadsheet(path, content).map_err(|e| explain_open_error(path, content, &e))?;
    let (sheets, hidden): (Vec<String>, Vec<Option<super::Hidden>>) = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == calamine::SheetType::WorkSheet)
        .map(|s| (s.name.clone(), super::Hidden::of(s.visible)))
        .unzip();
    if sheets.iter().any(|name| name == MARKER_SHEET) {
        bail!(
            "{}: this is a management workbook tiers wrote, not an input; give the original customer and order files (to re-grade it, name it with -o)",
            path.display()
        );
    }
    // calamine finds an xlsx sheet's merged cells only by parsing its XML once more, which
    // takes about half as long as reading its cells: a second handle does it on the other core
    // meanwhile. The thread is not waited for when a sheet fails, so errors come at once.
    let xlsx_merges = matches!(workbook, Sheets::Xlsx(_))
        .then(|| {
            let (path, sheets) = (path.to_path_buf(), sheets.clone());
            crate::threads::spawn(move || xlsx_merged_regions(&path, &sheets))
        })
        .flatten();
    let mut ranges = Vec::with_capacity(sheets.len());
    for name in &sheets {
        let range = match &mut workbook {
            Sheets::Xlsx(xlsx) => xlsx_sheet(xlsx, name),
            other => other
                .worksheet_range(name)
                .map_err(|e| anyhow!("{e}"))
                .and_then(|range| {
                    within_max_cells(&range)?;
                    Ok((Grid::from_range(&range), UnsavedFormulas::default()))
                }),
        }
        .with_context(|| {
            format!(
                "{}, sheet \"{name}\": cannot read the sheet",
                path.display()
            )
        })?;
        ranges.push(range);
    }
    let merges = match xlsx_merges {
        // Merged cells fill values down; without them the sheets still read.
        Some(handle) => handle
            .join()
            .unwrap_or_else(|_| vec![Vec::new(); sheets.len()]),
        // Not xlsx, or no second thread to be had.
        None => sheets
            .iter()
            .map(|name| {
                // As on a thread of its own, a sheet whose merges cannot be read has none.
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    merged_regions(&mut workbook, name)
                }))
                .unwrap_or_default()
            })
            .collect(),
    };
    Ok(sheets
        .iter()
        .zip(ranges)
        .zip(merges)
        .zip(hidden)
        .map(|(((name, (mut grid, formulas)), merges), hidden)| {
            fill_merged_down(&mut grid, &merges);
            Table::from_grid(Source::sheet(path, name), grid)
                .with_unsaved_formulas(formulas)
                .with_hidden(hidden)
        })
        .collect())
}

/// The merged regions of each of an xlsx workbook's `sheets`, read through a handle of its own.
fn xlsx_merged_regions(path: &Path, sheets: &[String]) -> Vec<Vec<Dimensions>> {
    let mut workbook = calamine::open_workbook::<Xlsx<_>, _>(path)
        .ok()
        .map(Sheets::Xlsx);
    sheets
        .iter()
        .map(|name| {
            workbook
                .as_mut()
                .map(|w| merged_regions(w, name))
                .unwrap_or_default()
        })
        .collect()
}

/// The most a workbook's parts may unpack to. A sheet at [`MAX_CELLS`] is about 1.5 GB of XML;
/// a zip bomb declares many times that.
const MAX_UNPACKED: u64 = 4 << 30;

/// Refuses an xlsx or ods whose zip directory says it unpacks to more than [`MAX_UNPACKED`],
/// before calamine unpacks its shared strings into memory. A file that is not a zip (xls) or
/// whose directory cannot be read is left for calamine to open or explain.
fn refuse_zip_bomb(path: &Path) -> Result<()> {
    let Ok(file) = std::fs::File::open(path) else {
        return Ok(());
    };
    let Ok(mut archive) = zip::ZipArchive::new(std::io::BufReader::new(file)) else {
        return Ok(());
    };
    let mut unpacked = 0u64;
    for i in 0..archive.len() {
        if let Ok(part) = archive.by_index_raw(i) {
            unpacked = unpacked.saturating_add(part.size());
        }
    }
    if unpacked > MAX_UNPACKED {
        bail!(
            "{}: the workbook unpacks to {:.1} GB, more than tiers reads ({} GB); it is damaged or a zip bomb, or too large: export the orders to csv instead",
            path.display(),
            unpacked as f64 / f64::from(1u32 << 30),
            MAX_UNPACKED >> 30
        );
    }
    Ok(())
}

/// The most cells a sheet may span: 1,048,576 rows (Excel's most) by 40 columns. A sheet is
/// held as a grid, so one stray cell at XFD1048576 would ask for 17 billion; and a zip bomb
/// would unpack into cells without end. Either is refused before memory runs out.
pub(crate) const MAX_CELLS: u64 = MAX_ROWS as u64 * 40;

/// Excel's rows and columns: a sheet ends at XFD1048576.
const MAX_ROWS: u32 = 1_048_576;
const MAX_COLUMNS: u32 = 16_384;

/// An xlsx sheet's cells, streamed and checked against [`MAX_CELLS`] before the grid is made,
/// and the formulas among them that have no saved value.
fn xlsx_sheet<R: std::io::Read + std::io::Seek>(
    xlsx: &mut Xlsx<R>,
    sheet: &str,
) -> Result<(Grid, UnsavedFormulas)> {
    // The formulas come in the same pass. calamine refuses there a filled-down formula whose
    // index is missing or not a number, which its plain reader never looks at: a sheet that
    // calamine fails to read so is read again without formulas, and any error then is the
    // sheet's own. tiers' own refusals (a stray cell, too many cells) stand at once.
    match stream_xlsx_sheet(xlsx, sheet, true) {
        Err(e)
            if e.downcast_ref::<XlsxError>()
                .is_some_and(|e| !matches!(e, XlsxError::Io(_) | XlsxError::Zip(_))) =>
        {
            stream_xlsx_sheet(xlsx, sheet, false)
        }
        read => read,
    }
}

/// The most cells a sheet's declared span may hold for its grid to be made before its cells
/// are read: 256 MB of grid. A sheet whose span is larger (formatting far past its data)
/// is first read into a list, so that only the cells it holds make its grid.
const DECLARED_CELLS: u64 = 16 << 20;

fn stream_xlsx_sheet<R: std::io::Read + std::io::Seek>(
    xlsx: &mut Xlsx<R>,
    sheet: &str,
    with_formulas: bool,
) -> Result<(Grid, UnsavedFormulas)> {
    match stream_into_declared_grid(xlsx, sheet, with_formulas)? {
        Some(read) => Ok(read),
        None => stream_into_list(xlsx, sheet, with_formulas),
    }
}

/// Reads a sheet straight into a grid as wide as the span its `<dimension>` declares, as Excel
/// and most writers give it, its rows made as the cells reach them: no list of cells is held
/// on the way (at a million lines, 440 MB and a second's copying), and the grid ends at the
/// last row with a value, as the list's would (a merge or formatting further down makes no
/// rows, and a span declared far past a few cells costs nothing). `None` when the sheet
/// declares no usable span or a cell lies outside it; the sheet is then read into a list.
fn stream_into_declared_grid<R: std::io::Read + std::io::Seek>(
    xlsx: &mut Xlsx<R>,
    sheet: &str,
    with_formulas: bool,
) -> Result<Option<(Grid, UnsavedFormulas)>> {
    let mut reader = match xlsx.worksheet_cells_reader(sheet) {
        Err(XlsxError::NotAWorksheet(_)) => return Ok(Some(Default::default())),
        reader => reader?,
    };
    let Dimensions { start, end } = reader.dimensions();
    let span = (u64::from(end.0) + 1).saturating_sub(u64::from(start.0))
        * (u64::from(end.1) + 1).saturating_sub(u64::from(start.1));
    // A declared A1 is what writers that do not track the span put: no span at all.
    if !(2..=DECLARED_CELLS).contains(&span) || within_excel(end).is_err() {
        return Ok(None);
    }
    let mut grid = Grid::growing(start, end);
    let mut formulas = UnsavedFormulas::default();
    // A crafted sheet may repeat a cell without end; the list's count refuses it.
    let mut noted = 0u64;
    loop {
        let (at, value) = if with_formulas {
            let Some(cell) = reader.next_cell_with_formula_metadata()? else {
                break;
            };
            if let Some(formula) = &cell.formula
                && formulas.note(cell.pos, &cell.value, formula)
            {
                noted += 1;
                if noted > span {
                    return Ok(None);
                }
            }
            (cell.pos, cell.value)
        } else {
            let Some(cell) = reader.next_cell()? else {
                break;
            };
            (cell.get_position(), cell.get_value().clone())
        };
        if matches!(value, DataRef::Empty) {
            continue;
        }
        let declared = (start.0..=end.0).contains(&at.0) && (start.1..=end.1).contains(&at.1);
        if !declared {
            return Ok(None);
        }
        grid.grow_to(at.0);
        grid.set(at, value);
    }
    grid.done_growing();
    Ok(Some((grid, formulas)))
}

/// Reads a sheet's cells into a list, checked against [`MAX_CELLS`] as they come, and makes
/// the grid of the span they turn out to hold.
fn stream_into_list<R: std::io::Read + std::io::Seek>(
    xlsx: &mut Xlsx<R>,
    sheet: &str,
    with_formulas: bool,
) -> Result<(Grid, UnsavedFormulas)> {
    let mut reader = match xlsx.worksheet_cells_reader(sheet) {
        Err(XlsxError::NotAWorksheet(_)) => return Ok(Default::default()),
        reader => reader?,
    };
    let mut cells = SheetCells::default();
    let mut formulas = UnsavedFormulas::default();
    if with_formulas {
        while let Some(cell) = reader.next_cell_with_formula_metadata()? {
            if let Some(formula) = &cell.formula
                && formulas.note(cell.pos, &cell.value, formula)
            {
                cells.hold_one_more()?;
            }
            cells.push(cell.pos, cell.value)?;
        }
    } else {
        while let Some(cell) = reader.next_cell()? {
            cells.push(cell.get_position(), cell.get_value().clone())?;
        }
    }
    Ok((cells.into_grid(), formulas))
}

/// The cells of a sheet as they stream in, with the bounds they span.
#[derive(Default)]
struct SheetCells<'a> {
    /// Kept as read (shared strings borrowed), and owned only once placed in the grid: an
    /// allocation per text cell while this vector grows was 15% slower at 1M lines.
    cells: Vec<((u32, u32), DataRef<'a>)>,
    /// (first row, first column, last row, last column) once a cell is in.
    bounds: Option<(u32, u32, u32, u32)>,
    /// The cells that set the last row and the last column.
    lowest: (u32, u32),
    rightmost: (u32, u32),
    /// What else the sheet's reading holds (formulas with no saved value): counted with the
    /// cells, as a sheet of formulas alone takes no place in the grid.
    others: usize,
}

/// Refuses a cell position past Excel's own end, XFD1048576: a crafted file can claim any.
pub(crate) fn within_excel((row, col): (u32, u32)) -> Result<()> {
    if row >= MAX_ROWS || col >= MAX_COLUMNS {
        bail!(
            "a cell lies past Excel's last cell XFD1048576 (row {}, column {}); the file is damaged",
            u64::from(row) + 1,
            u64::from(col) + 1
        );
    }
    Ok(())
}

impl<'a> SheetCells<'a> {
    fn push(&mut self, (row, col): (u32, u32), value: DataRef<'a>) -> Result<()> {
        if matches!(value, DataRef::Empty) {
            return Ok(());
        }
        within_excel((row, col))?;
        let old = self.bounds.unwrap_or((row, col, row, col));
        if row > old.2 || self.bounds.is_none() {
            self.lowest = (row, col);
        }
        if col > old.3 || self.bounds.is_none() {
            self.rightmost = (row, col);
        }
        let bounds = (
            old.0.min(row),
            old.1.min(col),
            old.2.max(row),
            old.3.max(col),
        );
        self.bounds = Some(bounds);
        let (height, width) = (bounds.2 - bounds.0 + 1, bounds.3 - bounds.1 + 1);
        let spans = u64::from(height) * u64::from(width);
        if spans > MAX_CELLS {
            // Past the columns a table has, the stray is the cell that went right.
            let far = if u64::from(width) > MAX_CELLS / u64::from(MAX_ROWS) {
                self.rightmost
            } else {
                self.lowest
            };
            bail!(
                "the sheet spans {}:{} ({spans} cells), more than tiers reads ({MAX_CELLS}); its cell {} lies far from the rest: if it is a stray, delete it, or split the sheet",
                cell_name(bounds.0, bounds.1),
                cell_name(bounds.2, bounds.3),
                cell_name(far.0, far.1),
            );
        }
        // A cell written many times over never widens the span; count them too.
        self.check_count()?;
        self.cells.push(((row, col), value));
        Ok(())
    }

    /// Counts one more thing held beside the cells.
    fn hold_one_more(&mut self) -> Result<()> {
        self.check_count()?;
        self.others += 1;
        Ok(())
    }

    fn check_count(&self) -> Result<()> {
        if (self.cells.len() + self.others) as u64 >= MAX_CELLS {
            bail!("the sheet holds more than {MAX_CELLS} cells, more than tiers reads");
        }
        Ok(())
    }

    fn into_grid(self) -> Grid {
        let Some(bounds) = self.bounds else {
            return Grid::default();
        };
        let mut grid = Grid::new((bounds.0, bounds.1), (bounds.2, bounds.3));
        for (at, value) in self.cells {
            grid.set(at, value);
        }
        grid
    }
}

/// The formulas of a sheet's cells that have no saved value. A program that writes workbooks
/// without calculating them (openpyxl, many exporters) leaves such formulas; they read as empty
/// cells, and naming the formula tells the user why.
#[derive(Default)]
pub(crate) struct UnsavedFormulas {
    /// By (row as the sheet shows it, 0-based column).
    cells: FxHashMap<(u32, usize), Unsaved>,
    /// A formula filled down is stored once, on its first cell (its anchor); the others name
    /// it by index. The metadata reader leaves them unexpanded (calamine's own expansion sizes
    /// a table by the file's index: a crafted one asks for gigabytes), so the anchors are kept
    /// here with where they start, and a cell is expanded only when it is asked for: a
    /// thousand cells naming one long anchor would otherwise each hold a copy.
    anchors: FxHashMap<usize, (String, (u32, u32))>,
}

/// A formula with no saved value: its text, or the anchor it was filled down from.
enum Unsaved {
    Text(String),
    FilledDown(usize),
}

/// Excel's longest formula, in characters; longer ones are not kept (only a crafted file has
/// them).
const MAX_FORMULA_CHARS: usize = 8_192;

fn is_excel_formula(text: &str) -> bool {
    !text.is_empty()
        && (text.len() <= MAX_FORMULA_CHARS || text.chars().count() <= MAX_FORMULA_CHARS)
}

impl UnsavedFormulas {
    /// Notes a cell's formula; whether anything was kept (for the sheet's cell count).
    fn note(
        &mut self,
        pos: (u32, u32),
        value: &DataRef<'_>,
        formula: &XlsxFormulaMetadata,
    ) -> bool {
        let mut kept = false;
        if let XlsxFormulaMetadata::Shared {
            shared_index,
            range,
            formula,
        } = formula
            && is_excel_formula(formula)
        {
            let start = range.map_or(pos, |r| r.start);
            kept |= self
                .anchors
                .insert(*shared_index, (formula.clone(), start))
                .is_none();
        }
        let unsaved = match value {
            DataRef::Empty => true,
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
                s.trim().is_empty()
            }
            DataRef::SharedString(s) => s.trim().is_empty(),
            _ => false,
        };
        if !unsaved || pos.0 >= MAX_ROWS || pos.1 >= MAX_COLUMNS {
            return kept;
        }
        let unsaved = match formula {
            XlsxFormulaMetadata::Normal { formula }
            | XlsxFormulaMetadata::Shared { formula, .. } => {
                is_excel_formula(formula).then(|| Unsaved::Text(formula.clone()))
            }
            XlsxFormulaMetadata::SharedDerived { shared_index } => {
                Some(Unsaved::FilledDown(*shared_index))
            }
            // Kinds a later calamine may add.
            _ => None,
        };
        match unsaved {
            Some(unsaved) => {
                self.cells.insert((pos.0 + 1, pos.1 as usize), unsaved);
                true
            }
            None => kept,
        }
    }

    /// The formula of a cell (row as the sheet shows it, 0-based column) with no saved value.
    pub(crate) fn get(&self, row: u32, column: usize) -> Option<Cow<'_, str>> {
        match self.cells.get(&(row, column))? {
            Unsaved::Text(text) => Some(Cow::Borrowed(text)),
            Unsaved::FilledDown(index) => {
                let (template, start) = self.anchors.get(index)?;
                let pos = (row.checked_sub(1)?, u32::try_from(column).ok()?);
                calamine::expand_shared_formula(template, *start, pos)
                    .ok()
                    .filter(|f| is_excel_formula(f))
                    .map(Cow::Owned)
            }
        }
    }
}

/// An ods sheet, which calamine reads whole, checked against [`MAX_CELLS`] before `tiers`
/// makes its own grid of it (calamine's range is already held by then; an xlsx sheet's cells
/// are checked while they stream in, and an xls sheet cannot be that large).
fn within_max_cells(range: &Range<Data>) -> Result<()> {
    let (height, width) = range.get_size();
    let spans = height as u64 * width as u64;
    if let (true, Some(start), Some(end)) = (spans > MAX_CELLS, range.start(), range.end()) {
        bail!(
            "the sheet spans {}:{} ({spans} cells), more than tiers reads ({MAX_CELLS}); a cell far from the rest may be a stray: delete it, or split the sheet",
            cell_name(start.0, start.1),
            cell_name(end.0, end.1),
        );
    }
    Ok(())
}

/// A cell's name as Excel shows it: (0, 0) is A1.
fn cell_name(row: u32, col: u32) -> String {
    format!("{}{}", column_letter(col as usize), row + 1)
}

/// The merged regions of a sheet, where the format tells them (xls, xlsx); none otherwise.
fn merged_regions<R: std::io::Read + std::io::Seek>(
    workbook: &mut Sheets<R>,
    sheet: &str,
) -> Vec<Dimensions> {
    match workbook {
        Sheets::Xls(xls) => xls.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
        Sheets::Xlsx(xlsx) => xlsx.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// A cell merged over several rows (a customer written once beside all their orders, as
/// Chinese sheets often do) holds its value only in the top cell; every row it covers gets it.
/// Merges within one row (titles across columns) are left alone.
fn fill_merged_down(grid: &mut Grid, regions: &[Dimensions]) {
    let Some(end) = grid.end() else {
        return;
    };
    for region in regions.iter().filter(|r| r.end.0 > r.start.0) {
        let Some(top) = grid.get(region.start).cloned() else {
            continue;
        };
        // A region may be merged far past the cells (whole columns): only the grid is filled.
        for row in region.start.0..=region.end.0.min(end.0) {
            for col in region.start.1..=region.end.1.min(end.1) {
                if (row, col) != region.start {
                    grid.put((row, col), top.clone());
                }
            }
        }
    }
}

/// The first bytes of an OLE compound file (old .xls, and encrypted .xlsx).
pub(super) const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Opens a workbook by its extension, except that an OLE file named .xlsx is tried as the
/// .xls it usually is (saved or renamed by hand; an encrypted .xlsx, also OLE, then fails as
/// before), and a zip named .xls as an .xlsx.
fn open_spreadsheet(
    path: &Path,
    content: Content,
) -> Result<Sheets<std::io::BufReader<std::fs::File>>, calamine::Error> {
    if content == Content::Ole
        && let Ok(xls) = calamine::open_workbook::<calamine::Xls<_>, _>(path)
    {
        return Ok(Sheets::Xls(xls));
    }
    // And a zip named .xls is the .xlsx it usually is.
    let is_xls = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xls"));
    if is_xls
        && content == Content::Zip
        && let Ok(xlsx) = calamine::open_workbook::<Xlsx<_>, _>(path)
    {
        return Ok(Sheets::Xlsx(xlsx));
    }
    open_workbook_auto(path)
}

/// calamine's errors speak of zip archives and CFB streams; say what it means for the user.
fn explain_open_error(path: &Path, content: Content, error: &calamine::Error) -> anyhow::Error {
    let detail = error.to_string();
    let lower = detail.to_ascii_lowercase();
    // Excel saves a password-protected .xlsx inside an OLE compound file, not a zip archive.
    let is_ole = content == Content::Ole;
    let is_xml_format = path.extension().is_some_and(|e| {
        ["xlsx", "xlsm", "xlsb", "ods"]
            .iter()
            .any(|x| e.eq_ignore_ascii_case(x))
    });
    let what = if lower.contains("password")
        || lower.contains("encrypt")
        || (is_ole && is_xml_format)
    {
        "the workbook is encrypted or password-protected; save an unprotected copy and try again"
    } else if lower.contains("zip") || lower.contains("cfb") || lower.contains("invalid") {
        "not a readable spreadsheet (the file is damaged or not in the format its extension says)"
    } else {
        "cannot open the workbook"
    };
    anyhow!("{}: {what} ({detail})", path.display())
}

#[cfg(test)]
mod tests {
    use super::{Content, read_workbook};

    /// A workbook of Customer and Amount: Acme merged from row 2 down to row `merged_to`,
    /// `amounts` amounts of 1 from row 2.
    fn merged_workbook(
        dir: &std::path::Path,
        merged_to: u32,
        amounts: usize,
    ) -> std::path::PathBuf {
        let path = dir.join("merged.xlsx");
        let mut workbook = rust_xlsxwriter::Workbook::new();
        workbook
            .add_worksheet()
            .write_row(0, 0, ["Customer", "Amount"])
            .and_then(|s| {
                s.merge_range(
                    1,
                    0,
                    merged_to - 1,
                    0,
                    "Acme",
                    &rust_xlsxwriter::Format::new(),
                )
            })
            .and_then(|s| s.write_column(1, 1, vec![1.0; amounts]))
            .expect("cells written");
        workbook.save(&path).expect("workbook saved");
        path
    }

    #[test]
    fn merged_cells_fill_down_with_or_without_a_second_thread() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = merged_workbook(dir.path(), 4, 3);
        let customers =
            || -> Vec<String> { cells(&path).into_iter().map(|r| r[1].clone()).collect() };
        assert_eq!(customers(), ["Customer", "Acme", "Acme", "Acme"]);
        assert_eq!(crate::threads::refusing(customers), customers());
    }

    /// Every cell of the first sheet, as rows of text.
    fn cells(path: &std::path::Path) -> Vec<Vec<String>> {
        let tables = read_workbook(path, Content::Zip).expect("workbook read");
        let mut rows = Vec::new();
        tables[0]
            .for_each_row(|number, row| {
                let cells = (0..row.width()).map(|c| row.get(c).display().into_owned());
                rows.push(std::iter::once(number.to_string()).chain(cells).collect());
                Ok(true)
            })
            .expect("rows");
        rows
    }

    #[test]
    fn a_merge_reaching_past_the_last_row_with_a_value_makes_no_rows() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        // Acme merged over rows 2 to 12, its orders in rows 2 to 10: the sheet declares A1:B12.
        let rows = cells(&merged_workbook(dir.path(), 12, 9));
        assert_eq!(rows.len(), 10, "{rows:?}");
        assert_eq!(rows[9], ["10", "Acme", "1"]);
    }

    #[test]
    fn a_sheet_that_declares_too_small_a_span_or_none_is_read_whole() {
        use std::io::{Read, Write};
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("declared.xlsx");
        let mut workbook = rust_xlsxwriter::Workbook::new();
        workbook
            .add_worksheet()
            .write_row(1, 1, ["Customer", "Amount"])
            .and_then(|s| s.write_row(2, 1, ["Acme", "12"]))
            .and_then(|s| s.write_number(4, 3, 7.0))
            .expect("cells written");
        workbook.save(&path).expect("workbook saved");
        let whole = cells(&path);
        assert_eq!(whole.len(), 4, "{whole:?}");
        // The same workbook with the span it declares replaced, as other writers leave it.
        for declared in ["B2:C3", "A1", "A1:XFD1048576"] {
            let mut archive =
                zip::ZipArchive::new(std::fs::File::open(&path).expect("opened")).expect("a zip");
            let edited = dir
                .path()
                .join(format!("{}.xlsx", declared.replace(':', "-")));
            let mut out = zip::ZipWriter::new(std::fs::File::create(&edited).expect("created"));
            for i in 0..archive.len() {
                let mut part = archive.by_index(i).expect("a part");
                let mut bytes = Vec::new();
                part.read_to_end(&mut bytes).expect("read");
                let name = part.name().expect("a part name").into_owned();
                if name == "xl/worksheets/sheet1.xml" {
                    let xml = String::from_utf8(bytes).expect("XML");
                    bytes = xml
                        .replace(
                            "<dimension ref=\"B2:D5\"/>",
                            &format!("<dimension ref=\"{declared}\"/>"),
                        )
                        .into_bytes();
                    assert!(String::from_utf8_lossy(&bytes).contains(declared));
                }
                let stored = zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Stored);
                out.start_file(name, stored).expect("a part started");
                out.write_all(&bytes).expect("written");
            }
            out.finish().expect("zip finished");
            assert_eq!(cells(&edited), whole, "{declared}");
        }
    }
}
