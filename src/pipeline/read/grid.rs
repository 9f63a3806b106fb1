//! A worksheet's cells as tiers holds them: 16 bytes a cell, and each distinct text once.
//! calamine's own grid (`Range<Data>`) takes 32 bytes a cell and an allocation for every text
//! cell, which at a million order lines was most of the memory a workbook took to read.

use calamine::{CellErrorType, Data, DataRef, Range};
use chrono::NaiveDateTime;

use super::Cell;
use crate::model::{Sym, Symbols};

/// One cell of a [`Grid`].
#[derive(Debug, Clone, PartialEq)]
pub(super) enum GridCell {
    Empty,
    Text(Sym),
    Number(f64),
    DateTime(NaiveDateTime),
    Bool(bool),
    Error(CellErrorType),
}

/// A rectangle of cells, row by row.
#[derive(Debug, Default)]
pub(super) struct Grid {
    /// The sheet's row and column (0-based) of the first cell.
    start: (u32, u32),
    width: usize,
    cells: Vec<GridCell>,
    texts: Symbols,
}

impl Grid {
    /// Empty cells from `start` to `end` (0-based, inclusive), as a sheet's cells span.
    pub(super) fn new(start: (u32, u32), end: (u32, u32)) -> Self {
        let mut grid = Self::growing(start, end);
        grid.grow_to(end.0);
        grid
    }

    /// A grid from `start` as wide as a span to `end`, with no rows yet: [`Self::grow_to`]
    /// makes them as cells arrive. Room for the whole span is reserved, which takes address
    /// space, not memory, until rows are made.
    pub(super) fn growing(start: (u32, u32), end: (u32, u32)) -> Self {
        let height = (end.0 - start.0 + 1) as usize;
        let width = (end.1 - start.1 + 1) as usize;
        Self {
            start,
            width,
            cells: Vec::with_capacity(height * width),
            texts: Symbols::default(),
        }
    }

    /// Makes empty rows down to the sheet's row `row` (0-based), if the grid ends above it.
    pub(super) fn grow_to(&mut self, row: u32) {
        let rows = (row - self.start.0 + 1) as usize;
        if self.cells.len() < rows * self.width {
            self.cells.resize(rows * self.width, GridCell::Empty);
        }
    }

    /// Gives back the room reserved for rows that never came.
    pub(super) fn done_growing(&mut self) {
        self.cells.shrink_to_fit();
    }

    /// calamine's grid of a sheet (xls, ods, a workbook read back), made compact.
    pub(super) fn from_range(range: &Range<Data>) -> Self {
        let (Some(start), Some(end)) = (range.start(), range.end()) else {
            return Self::default();
        };
        let mut grid = Self::new(start, end);
        for (row, col, value) in range.used_cells() {
            let at = (start.0 + row as u32, start.1 + col as u32);
            grid.set(at, data_ref(value));
        }
        grid
    }

    /// The sheet's row and column (0-based) of the first cell.
    pub(super) fn start(&self) -> (u32, u32) {
        self.start
    }

    /// The sheet's row and column (0-based) of the last cell, if the grid has any.
    pub(super) fn end(&self) -> Option<(u32, u32)> {
        let height = self.height() as u32;
        (height > 0 && self.width > 0).then(|| {
            (
                self.start.0 + height - 1,
                self.start.1 + self.width as u32 - 1,
            )
        })
    }

    /// How many rows the grid spans.
    pub(super) fn height(&self) -> usize {
        self.cells.len().checked_div(self.width).unwrap_or(0)
    }

    /// The rows, each as wide as the grid.
    pub(super) fn rows(&self) -> impl Iterator<Item = &[GridCell]> {
        self.cells.chunks(self.width.max(1))
    }

    /// Where the cell at a sheet position is in `cells`, if the grid spans it.
    fn index(&self, (row, col): (u32, u32)) -> Option<usize> {
        let r = row.checked_sub(self.start.0)? as usize;
        let c = col.checked_sub(self.start.1)? as usize;
        (c < self.width && r < self.height()).then_some(r * self.width + c)
    }

    /// The cell at a sheet position (0-based), if the grid spans it.
    pub(super) fn get(&self, at: (u32, u32)) -> Option<&GridCell> {
        self.index(at).map(|i| &self.cells[i])
    }

    /// Sets the cell at a sheet position (0-based) the grid spans; others are left alone.
    pub(super) fn set(&mut self, at: (u32, u32), value: DataRef<'_>) {
        let cell = match value {
            DataRef::Empty => GridCell::Empty,
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
                GridCell::Text(self.texts.intern(&s))
            }
            DataRef::SharedString(s) => GridCell::Text(self.texts.intern(s)),
            DataRef::Float(f) => GridCell::Number(f),
            DataRef::Int(i) => GridCell::Number(i as f64),
            DataRef::Bool(b) => GridCell::Bool(b),
            DataRef::DateTime(d) => d
                .as_datetime()
                .map_or(GridCell::Number(d.as_f64()), GridCell::DateTime),
            DataRef::Error(e) => GridCell::Error(e),
        };
        self.put(at, cell);
    }

    /// Puts a cell at a sheet position (0-based) the grid spans; others are left alone.
    pub(super) fn put(&mut self, at: (u32, u32), cell: GridCell) {
        if let Some(i) = self.index(at) {
            self.cells[i] = cell;
        }
    }

    /// A cell as read, texts trimmed.
    pub(super) fn cell<'a>(&'a self, cell: &'a GridCell) -> Cell<'a> {
        match cell {
            GridCell::Empty => Cell::Empty,
            GridCell::Text(sym) => super::text_cell(self.texts.get(*sym)),
            GridCell::Number(n) => Cell::Number(*n),
            GridCell::DateTime(d) => Cell::DateTime(*d),
            GridCell::Bool(b) => Cell::Bool(*b),
            GridCell::Error(e) => Cell::Error(e),
        }
    }
}

/// A calamine cell as the streaming reader gives it, borrowing its text.
fn data_ref(data: &Data) -> DataRef<'_> {
    match data {
        Data::Empty => DataRef::Empty,
        Data::String(s) => DataRef::SharedString(s),
        Data::DateTimeIso(s) => DataRef::DateTimeIso(s.clone()),
        Data::DurationIso(s) => DataRef::DurationIso(s.clone()),
        Data::Float(f) => DataRef::Float(*f),
        Data::Int(i) => DataRef::Int(*i),
        Data::Bool(b) => DataRef::Bool(*b),
        Data::DateTime(d) => DataRef::DateTime(*d),
        Data::Error(e) => DataRef::Error(e.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grid_holds_what_calamine_s_grid_holds() {
        let mut range = Range::new((2, 1), (4, 3));
        range.set_value((2, 1), Data::String(" Acme ".into()));
        range.set_value((3, 2), Data::Float(12.5));
        range.set_value((4, 3), Data::Int(7));
        range.set_value((4, 1), Data::Bool(true));
        range.set_value((3, 3), Data::Error(CellErrorType::NA));
        range.set_value((2, 3), Data::String(" Acme ".into()));
        let grid = Grid::from_range(&range);
        assert_eq!(grid.start(), (2, 1));
        assert_eq!(grid.height(), 3);
        let cells: Vec<Vec<Cell<'_>>> = grid
            .rows()
            .map(|row| row.iter().map(|c| grid.cell(c)).collect())
            .collect();
        let na = CellErrorType::NA;
        assert_eq!(
            cells,
            [
                vec![Cell::Text("Acme"), Cell::Empty, Cell::Text("Acme")],
                vec![Cell::Empty, Cell::Number(12.5), Cell::Error(&na)],
                vec![Cell::Bool(true), Cell::Empty, Cell::Number(7.0)],
            ]
        );
        // The same text is held once.
        assert_eq!(grid.get((2, 1)), grid.get((2, 3)));
        assert_eq!(grid.get((1, 1)), None);
        assert_eq!(grid.get((2, 4)), None);
        assert_eq!(grid.get((5, 1)), None);
    }

    #[test]
    fn an_empty_range_is_an_empty_grid() {
        let grid = Grid::from_range(&Range::empty());
        assert_eq!(grid.height(), 0);
        assert_eq!(grid.rows().count(), 0);
    }
}
