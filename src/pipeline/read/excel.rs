//! Workbooks (xlsx, xlsm, xlsb, xls, ods) through calamine.

use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use calamine::{Data, Dimensions, Range, Reader, Sheets, open_workbook_auto};

use super::{Cell, Table};
use crate::location::Source;
use crate::pipeline::previous::MARKER_SHEET;

/// Reads every worksheet of a workbook (hidden sheets too: their rows are data all the same).
pub(super) fn read_workbook(path: &Path) -> Result<Vec<Table>> {
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
    let mut tables = Vec::with_capacity(sheets.len());
    for name in sheets {
        let mut range = workbook
            .worksheet_range(&name)
            .map_err(|e| anyhow!("{e}"))
            .with_context(|| {
                format!(
                    "{}, sheet \"{name}\": cannot read the sheet",
                    path.display()
                )
            })?;
        fill_merged_down(&mut range, &merged_regions(&mut workbook, &name));
        tables.push(Table::from_range(Source::sheet(path, &name), range));
    }
    Ok(tables)
}

/// The cells of a sheet that hold a formula but no saved value, as (row number as the sheet
/// shows it, 0-based column, formula). A program that writes workbooks without calculating
/// them (openpyxl, many exporters) leaves such cells; they read as empty. The sheet is read
/// again for this, so it is asked only when empty cells need explaining.
pub(super) fn unsaved_formulas(path: &Path, sheet: &str) -> Vec<(u32, usize, String)> {
    let Ok(mut workbook) = open_workbook_auto(path) else {
        return Vec::new();
    };
    let (Ok(formulas), Ok(values)) = (
        workbook.worksheet_formula(sheet),
        workbook.worksheet_range(sheet),
    ) else {
        return Vec::new();
    };
    formulas
        .used_cells()
        .filter(|(_, _, formula)| !formula.is_empty())
        .filter_map(|(row, col, formula)| {
            let (row, col) = (
                formulas.start()?.0 + row as u32,
                formulas.start()?.1 as usize + col,
            );
            let value = values.get_value((row, col as u32));
            matches!(value, None | Some(Data::Empty)).then(|| (row + 1, col, formula.clone()))
        })
        .collect()
}

/// The merged regions of a sheet, where the format tells them (xlsx, xls); none otherwise.
fn merged_regions<R: std::io::Read + std::io::Seek>(
    workbook: &mut Sheets<R>,
    sheet: &str,
) -> Vec<Dimensions> {
    match workbook {
        Sheets::Xlsx(xlsx) => xlsx.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
        Sheets::Xls(xls) => xls.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// A cell merged over several rows (a customer written once beside all their orders, as
/// Chinese sheets often do) holds its value only in the top cell; every row it covers gets it.
/// Merges within one row (titles across columns) are left alone.
fn fill_merged_down(range: &mut Range<Data>, regions: &[Dimensions]) {
    for region in regions.iter().filter(|r| r.end.0 > r.start.0) {
        let Some(top) = range.get_value(region.start).cloned() else {
            continue;
        };
        for row in region.start.0..=region.end.0 {
            for col in region.start.1..=region.end.1 {
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
pub(super) fn cell(data: &Data) -> Cell<'_> {
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
