//! Where a value came from, as the user sees it: `orders.xlsx, sheet "订单", row 17, column "金额" (D)`.
//!
//! Rows are numbered as the spreadsheet shows them (1-based, counting title rows), and for CSV as
//! the line an editor shows. Columns carry their header and, for workbooks, their letter.

use std::fmt;
use std::path::{Path, PathBuf};

/// One sheet of a workbook, or one CSV file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The file as the user named it.
    pub file: PathBuf,
    /// The sheet name; `None` for CSV files.
    pub sheet: Option<String>,
}

impl Source {
    /// A sheet of a workbook.
    pub fn sheet(file: &Path, sheet: &str) -> Self {
        Self {
            file: file.to_path_buf(),
            sheet: Some(sheet.to_owned()),
        }
    }

    /// A CSV file.
    pub fn csv(file: &Path) -> Self {
        Self {
            file: file.to_path_buf(),
            sheet: None,
        }
    }

    /// The file name without its directories, for compact tables.
    pub fn file_name(&self) -> String {
        self.file.file_name().map_or_else(
            || self.file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }

    /// The source in Chinese words: `订单.xlsx 的“销售订单”表`, or the file alone for CSV.
    pub fn zh(&self) -> String {
        match &self.sheet {
            Some(sheet) => format!("{} 的“{sheet}”表", self.file.display()),
            None => self.file.display().to_string(),
        }
    }

    /// "row" for workbooks, "line" for CSV files, whose rows an editor counts as lines.
    pub fn row_word(&self) -> &'static str {
        if self.sheet.is_some() { "row" } else { "line" }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(sheet) = &self.sheet {
            write!(f, ", sheet \"{sheet}\"")?;
        }
        Ok(())
    }
}

/// A column of an input table: its header text and 0-based position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The header as written in the file.
    pub header: String,
    /// 0-based column index.
    pub index: usize,
}

impl Column {
    /// The column as the user sees it: `"订单金额" (D)`.
    pub fn label(&self) -> String {
        format!("\"{}\" ({})", self.header, column_letter(self.index))
    }
}

/// A cell position: source, spreadsheet row and optionally the column.
#[derive(Debug, Clone, Copy)]
pub struct Location<'a> {
    /// The sheet or CSV file.
    pub source: &'a Source,
    /// The row as the spreadsheet numbers it (1-based).
    pub row: u32,
    /// The column, when the problem belongs to one.
    pub column: Option<&'a Column>,
}

impl fmt::Display for Location<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}, {} {}",
            self.source,
            self.source.row_word(),
            self.row
        )?;
        if let Some(column) = self.column {
            write!(f, ", column {}", column.label())?;
        }
        Ok(())
    }
}

impl Location<'_> {
    /// The location in Chinese words: `orders.xlsx 的“订单”表第 17 行，“订单金额”列 (D)`, or
    /// `orders.csv 第 4 行`.
    pub fn zh(&self) -> String {
        let gap = if self.source.sheet.is_some() { "" } else { " " };
        let text = format!("{}{gap}第 {} 行", self.source.zh(), self.row);
        match self.column {
            Some(column) => format!(
                "{text}，“{}”列 ({})",
                column.header,
                column_letter(column.index)
            ),
            None => text,
        }
    }
}

/// The spreadsheet letter of a 0-based column index: 0 → A, 25 → Z, 26 → AA.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_spreadsheet_convention() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(3), "D");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn location_names_file_sheet_row_and_column() {
        let source = Source::sheet(Path::new("orders.xlsx"), "订单");
        let column = Column {
            header: "订单金额".into(),
            index: 3,
        };
        let loc = Location {
            source: &source,
            row: 17,
            column: Some(&column),
        };
        assert_eq!(
            loc.to_string(),
            "orders.xlsx, sheet \"订单\", row 17, column \"订单金额\" (D)"
        );
        let csv = Source::csv(Path::new("orders.csv"));
        let loc = Location {
            source: &csv,
            row: 4,
            column: None,
        };
        assert_eq!(loc.to_string(), "orders.csv, line 4");
        assert_eq!(loc.zh(), "orders.csv 第 4 行");
        let loc = Location {
            source: &source,
            row: 17,
            column: Some(&column),
        };
        assert_eq!(loc.zh(), "orders.xlsx 的“订单”表第 17 行，“订单金额”列 (D)");
    }
}
