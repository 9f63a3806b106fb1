//! Workbooks (xlsx, xlsm, xlsb, xls, ods) through calamine.

use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use calamine::{
    Data, DataRef, Dimensions, Range, Reader, Sheets, Xlsx, XlsxError, XlsxFormulaMetadata,
    open_workbook_auto,
};

use rustc_hash::{FxHashMap, FxHashSet};

use super::Table;
use crate::location::{Source, column_letter};
use crate::pipeline::previous::MARKER_SHEET;

/// Reads every worksheet of a workbook (hidden sheets too: their rows are data all the same).
pub(super) fn read_workbook(path: &Path) -> Result<Vec<Table>> {
    refuse_zip_bomb(path)?;
    let mut workbook = open_workbook_auto(path).map_err(|e| explain_open_error(path, &e))?;
    let sheets: Vec<String> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == calamine::SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    if sheets.iter().any(|name| name == MARKER_SHEET) {
        bail!(
            "{}: this is a management workbook tiers wrote, not an input; give the original customer and order files (to re-grade it, name it with -o)",
            path.display()
        );
    }
    // calamine finds an xlsx sheet's merged cells only by parsing its XML once more, which
    // takes about half as long as reading its cells: a second handle does it on the other core
    // meanwhile. The thread is not waited for when a sheet fails, so errors come at once.
    let xlsx_merges = matches!(workbook, Sheets::Xlsx(_)).then(|| {
        let (path, sheets) = (path.to_path_buf(), sheets.clone());
        std::thread::spawn(move || xlsx_merged_regions(&path, &sheets))
    });
    let mut ranges = Vec::with_capacity(sheets.len());
    for name in &sheets {
        let range = match &mut workbook {
            Sheets::Xlsx(xlsx) => xlsx_range(xlsx, name),
            other => other.worksheet_range(name).map_err(|e| anyhow!("{e}")),
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
        None => sheets
            .iter()
            .map(|name| merged_regions(&mut workbook, name))
            .collect(),
    };
    Ok(sheets
        .iter()
        .zip(ranges)
        .zip(merges)
        .map(|((name, mut range), merges)| {
            fill_merged_down(&mut range, &merges);
            Table::from_range(Source::sheet(path, name), range)
        })
        .collect())
}

/// The merged regions of each of an xlsx workbook's `sheets`, read through a handle of its own.
fn xlsx_merged_regions(path: &Path, sheets: &[String]) -> Vec<Vec<Dimensions>> {
    let mut xlsx: Option<Xlsx<_>> = calamine::open_workbook(path).ok();
    sheets
        .iter()
        .map(|name| {
            xlsx.as_mut()
                .and_then(|x| x.merge_cells_by_sheet_name(name).ok())
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
const MAX_CELLS: u64 = MAX_ROWS as u64 * 40;

/// Excel's rows and columns: a sheet ends at XFD1048576.
const MAX_ROWS: u32 = 1_048_576;
const MAX_COLUMNS: u32 = 16_384;

/// An xlsx sheet's cells, streamed and checked against [`MAX_CELLS`] before the grid is made.
fn xlsx_range<R: std::io::Read + std::io::Seek>(
    xlsx: &mut Xlsx<R>,
    sheet: &str,
) -> Result<Range<Data>> {
    let mut reader = match xlsx.worksheet_cells_reader(sheet) {
        Err(XlsxError::NotAWorksheet(_)) => return Ok(Range::empty()),
        reader => reader?,
    };
    let mut cells = Vec::new();
    // (first row, first column, last row, last column), and the cells that set the last row
    // and the last column.
    let mut bounds = (u32::MAX, u32::MAX, 0, 0);
    let (mut lowest, mut rightmost) = ((0, 0), (0, 0));
    while let Some(cell) = reader.next_cell()? {
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        let (row, col) = cell.get_position();
        // A crafted file can claim any position; Excel's own end is XFD1048576.
        if row >= MAX_ROWS || col >= MAX_COLUMNS {
            bail!(
                "a cell lies past Excel's last cell XFD1048576 (row {}, column {}); the file is damaged",
                u64::from(row) + 1,
                u64::from(col) + 1
            );
        }
        if row > bounds.2 {
            lowest = (row, col);
        }
        if col > bounds.3 {
            rightmost = (row, col);
        }
        bounds = (
            bounds.0.min(row),
            bounds.1.min(col),
            bounds.2.max(row),
            bounds.3.max(col),
        );
        let (height, width) = (bounds.2 - bounds.0 + 1, bounds.3 - bounds.1 + 1);
        let spans = u64::from(height) * u64::from(width);
        if spans > MAX_CELLS {
            // Past the columns a table has, the stray is the cell that went right.
            let far = if u64::from(width) > MAX_CELLS / u64::from(MAX_ROWS) {
                rightmost
            } else {
                lowest
            };
            bail!(
                "the sheet spans {}:{} ({spans} cells), more than tiers reads ({MAX_CELLS}); its cell {} lies far from the rest: if it is a stray, delete it, or split the sheet",
                cell_name(bounds.0, bounds.1),
                cell_name(bounds.2, bounds.3),
                cell_name(far.0, far.1),
            );
        }
        // A cell written many times over never widens the span; count them too.
        if cells.len() as u64 >= MAX_CELLS {
            bail!("the sheet holds more than {MAX_CELLS} cells, more than tiers reads");
        }
        // Kept as read (shared strings borrowed), and owned only once placed in the grid: an
        // allocation per text cell while this vector grows was 15% slower at 1M lines.
        cells.push(cell);
    }
    if cells.is_empty() {
        return Ok(Range::empty());
    }
    let mut range = Range::new((bounds.0, bounds.1), (bounds.2, bounds.3));
    for cell in cells {
        let (row, col) = cell.get_position();
        range[((row - bounds.0) as usize, (col - bounds.1) as usize)] =
            Data::from(cell.get_value().clone());
    }
    Ok(range)
}

/// A cell's name as Excel shows it: (0, 0) is A1.
fn cell_name(row: u32, col: u32) -> String {
    format!("{}{}", column_letter(col as usize), row + 1)
}

/// The formulas of an xlsx sheet's `cells` (row number as the sheet shows it, 0-based column),
/// by cell. Asked only for cells read as empty: a program that writes workbooks without
/// calculating them (openpyxl, many exporters) leaves formulas with no saved value, which read
/// as empty. The sheet's XML is streamed again and only those cells are kept; other formats
/// give none.
pub(super) fn formulas_of(
    path: &Path,
    sheet: &str,
    cells: &FxHashSet<(u32, usize)>,
) -> FxHashMap<(u32, usize), String> {
    let mut found = FxHashMap::default();
    let Ok(Sheets::Xlsx(mut xlsx)) = open_workbook_auto(path) else {
        return found;
    };
    let Ok(mut reader) = xlsx.worksheet_cells_reader(sheet) else {
        return found;
    };
    // A formula filled down is stored once, on its first cell; the others name it by index.
    // The metadata reader leaves them unexpanded (calamine's own expansion sizes a table by the
    // file's index: a crafted one asks for gigabytes), so the anchors are kept here and only
    // the cells asked for are expanded.
    let mut anchors: FxHashMap<usize, (String, (u32, u32))> = FxHashMap::default();
    while let Ok(Some(cell)) = reader.next_cell_with_formula_metadata() {
        let (row, col) = cell.pos;
        let at = (row.saturating_add(1), col as usize);
        let formula = match cell.formula {
            None => continue,
            Some(XlsxFormulaMetadata::Normal { formula }) => Some(formula),
            Some(XlsxFormulaMetadata::Shared {
                shared_index,
                range,
                formula,
            }) => {
                let start = range.map_or(cell.pos, |r| r.start);
                anchors.insert(shared_index, (formula.clone(), start));
                Some(formula)
            }
            Some(XlsxFormulaMetadata::SharedDerived { shared_index }) if cells.contains(&at) => {
                anchors.get(&shared_index).and_then(|(template, start)| {
                    calamine::expand_shared_formula(template, *start, cell.pos).ok()
                })
            }
            // Derived cells not asked for, and kinds a later calamine may add.
            Some(_) => None,
        };
        if let Some(formula) = formula.filter(|f| !f.is_empty())
            && cells.contains(&at)
        {
            found.insert(at, formula);
            if found.len() == cells.len() {
                break;
            }
        }
    }
    found
}

/// The merged regions of a sheet, where the format tells them (xls); none otherwise. An xlsx
/// workbook's come from [`xlsx_merged_regions`].
fn merged_regions<R: std::io::Read + std::io::Seek>(
    workbook: &mut Sheets<R>,
    sheet: &str,
) -> Vec<Dimensions> {
    match workbook {
        Sheets::Xls(xls) => xls.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// A cell merged over several rows (a customer written once beside all their orders, as
/// Chinese sheets often do) holds its value only in the top cell; every row it covers gets it.
/// Merges within one row (titles across columns) are left alone.
fn fill_merged_down(range: &mut Range<Data>, regions: &[Dimensions]) {
    let Some(end) = range.end() else {
        return;
    };
    for region in regions.iter().filter(|r| r.end.0 > r.start.0) {
        let Some(top) = range.get_value(region.start).cloned() else {
            continue;
        };
        // A region may be merged far past the cells (whole columns): only the grid is filled.
        for row in region.start.0..=region.end.0.min(end.0) {
            for col in region.start.1..=region.end.1.min(end.1) {
                if (row, col) != region.start && range.get_value((row, col)).is_some() {
                    range.set_value((row, col), top.clone());
                }
            }
        }
    }
}

/// The first bytes of an OLE compound file (old .xls, and encrypted .xlsx).
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// calamine's errors speak of zip archives and CFB streams; say what it means for the user.
fn explain_open_error(path: &Path, error: &calamine::Error) -> anyhow::Error {
    let detail = error.to_string();
    let lower = detail.to_ascii_lowercase();
    // Excel saves a password-protected .xlsx inside an OLE compound file, not a zip archive.
    let is_ole = std::fs::File::open(path)
        .and_then(|mut f| {
            let mut magic = [0u8; 8];
            std::io::Read::read_exact(&mut f, &mut magic).map(|()| magic)
        })
        .is_ok_and(|magic| magic == OLE_MAGIC);
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

/// calamine's cell as a [`Cell`].
pub(super) fn cell(data: &Data) -> super::Cell<'_> {
    use super::Cell;
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.trim()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => d
            .as_datetime()
            .map_or(Cell::Number(d.as_f64()), Cell::DateTime),
        Data::Error(e) => Cell::Error(e),
    }
}
