//! How a table's text is read: the order of day and month, the decimal marks, money units
//! and discounts, settled from what its columns show.

use anyhow::Result;

use super::{Builder, Shared, row::RowContext};
use crate::config::{DateOrder, DecimalMark};
use crate::issues::Wording;
use crate::location::{Column, Source};
use crate::pipeline::columns::values::Reveal;
use crate::pipeline::columns::{Field, TableInfo, TableKind, values};
use crate::pipeline::read::{Cell, Table, format_number};

/// What a table's columns say of how their text is to be read.
pub(in crate::pipeline::columns) struct Evidence {
    /// The date column, of the order of day and month.
    dates: DateEvidence,
    /// Each amount column ([`AMOUNT_FIELDS`]) the table has, of its decimal mark.
    marks: Vec<MarkEvidence>,
    /// The discount column's first value over 1 without a percent sign: a column of money
    /// off, or, under a header that says percent or rate, of percentages.
    over_one: Option<String>,
}

impl Evidence {
    /// A value that shows the table's discount column holds money off, if one does.
    pub(in crate::pipeline::columns) fn money_off(&self, column: &Column) -> Option<&str> {
        self.over_one.as_deref().filter(|_| !in_percent(column))
    }

    /// The order of day and month the table's dates reveal; `Auto` when nothing decides.
    pub(in crate::pipeline::columns) fn date_order(&self) -> DateOrder {
        self.dates.found
    }

    /// The decimal marks the table's amount columns reveal, each with its column.
    pub(in crate::pipeline::columns) fn marks(
        &self,
    ) -> impl Iterator<Item = (DecimalMark, &Column)> {
        self.marks
            .iter()
            .filter_map(|m| Some((m.found()?, &m.column)))
    }
}

/// What a table's date column says of the order of day and month.
struct DateEvidence {
    /// The order the column reveals (or the configured one); `Auto` when nothing decides.
    found: DateOrder,
    /// A date the column leaves undecided, such as 03/05/2026.
    ambiguous: Option<String>,
}

/// What an amount column says of its decimal mark.
struct MarkEvidence {
    field: Field,
    column: Column,
    /// How many values only a decimal point reads (12.50, 1,280.50), and the first.
    points: usize,
    point: Option<String>,
    /// How many values only a decimal comma reads (99,90, 1.280,50), and the first.
    commas: usize,
    comma: Option<String>,
    /// The first value the column leaves undecided, such as 2.500.
    ambiguous: Option<String>,
}

impl MarkEvidence {
    /// The mark most of the column's telling values show (a point on a tie); `None` when
    /// none tells.
    fn found(&self) -> Option<DecimalMark> {
        if self.commas > self.points {
            Some(DecimalMark::Comma)
        } else if self.points > 0 {
            Some(DecimalMark::Point)
        } else {
            None
        }
    }

    /// Whether the scan has more to learn: within the first rows, always (they are counted);
    /// past them, only while nothing has told and a value such as 2.500 asks. What shows
    /// further down is watched as the rows are parsed ([`LateMarks`]).
    fn open(&self, early: bool) -> bool {
        early || (self.points == 0 && self.commas == 0 && self.ambiguous.is_some())
    }
}

/// What an amount column shows past the rows its scan read, watched while they are parsed:
/// in a column that showed no mark, a decimal comma with values such as 2.500 read with a
/// point; in a column read with a comma, a value only a point reads. Either is noted.
#[derive(Debug, Default, Clone)]
pub(super) struct LateMarks {
    /// The first value that shows a decimal comma.
    comma: Option<String>,
    /// The first value such as 2.500.
    ambiguous: Option<String>,
    /// The first value only a point reads.
    point: Option<String>,
}

/// The fields read as amounts, each column with its own decimal mark.
pub(super) const AMOUNT_FIELDS: [Field; 3] = [Field::Amount, Field::UnitPrice, Field::Quantity];

/// The fields of money, whose header may give a unit (万元).
const MONEY_FIELDS: [Field; 4] = [
    Field::Amount,
    Field::UnitPrice,
    Field::Refund,
    Field::Discount,
];

/// How a table's text is read, settled from its [`Evidence`] and the run's.
#[derive(Debug, Clone, Copy)]
pub(in crate::pipeline::columns) struct Reading {
    pub(super) date_order: DateOrder,
    /// By the place of the field in [`AMOUNT_FIELDS`].
    marks: [DecimalMark; AMOUNT_FIELDS.len()],
    /// What each amount column is watched for as it is parsed ([`LateMarks`]), by the same
    /// place.
    watch: [Watch; AMOUNT_FIELDS.len()],
    /// The columns read with a comma because their values show one, by the same place: a
    /// value there that only a point reads is read with a point.
    lenient: [bool; AMOUNT_FIELDS.len()],
    /// How the discount column is read.
    pub(super) discount: DiscountColumn,
    /// What each money column's figures are multiplied by, by the place of its field in
    /// [`MONEY_FIELDS`]: its header's unit (销售额（万元）: 10,000), else 1.
    units: [f64; MONEY_FIELDS.len()],
    /// The year the table's sheet or file name gives (2024年销售台账), for dates written
    /// without one (3月5日).
    pub(super) year: Option<i32>,
}

/// Whether a discount column's header says it holds money off the line: 折扣额, Discount
/// Amount. Such a column holds no shares of the price, whatever its values.
fn in_money(column: &Column) -> bool {
    let header = values::normalise(&column.header);
    ["额", "amount"].iter().any(|w| header.contains(w))
}

/// Whether a discount column's header says it holds percentages or a rate: "Discount (%)",
/// "Discount Percent", "Disc. Pct", "Discount Rate". Such a column never holds money off.
fn in_percent(column: &Column) -> bool {
    let header = column.header.to_lowercase();
    ["%", "percent", "pct", "rate"]
        .iter()
        .any(|w| header.contains(w))
}

/// How a discount column is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DiscountColumn {
    /// Shares of the price: 0.15, or 15%.
    Shares,
    /// Percentages, by its header ("Discount (%)") and a value over 1: 15 is 15%.
    Percent,
    /// Money off each line: some value in the run's discount columns is over 1.
    Money,
}

/// What an amount column is watched for past the rows its scan read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Watch {
    /// Nothing: its mark is settled, or set.
    Nothing,
    /// A decimal comma, where the scan saw no mark.
    Comma,
    /// A value only a point reads, where the scan saw commas only.
    Point,
}

impl Reading {
    pub(super) fn unit(self, field: Field) -> f64 {
        MONEY_FIELDS
            .iter()
            .position(|&f| f == field)
            .map_or(1.0, |k| self.units[k])
    }

    pub(super) fn mark(self, field: Field) -> DecimalMark {
        AMOUNT_FIELDS
            .iter()
            .position(|&f| f == field)
            .map_or(DecimalMark::Auto, |k| self.marks[k])
    }

    pub(super) fn lenient(self, field: Field) -> bool {
        AMOUNT_FIELDS
            .iter()
            .position(|&f| f == field)
            .is_some_and(|k| self.lenient[k])
    }
}

impl Builder<'_> {
    /// What a table's columns say of how to read them, in one pass that stops as soon as
    /// nothing is left to learn:
    /// - its date column, of the order of day and month: the configured order, or the one a
    ///   value such as 25/03/2026 anywhere in the column reveals (`Auto` when nothing decides),
    ///   and a date such as 03/05/2026 that it leaves undecided;
    /// - each amount column of an orders table, of its decimal mark: the first value that only
    ///   a point reads (12.50), the first that only a comma reads (1.280,50), and the first such
    ///   as 2.500 that either reads; see [`MarkEvidence::open`] for how far it looks.
    ///
    /// A column whose first thousand rows hold nothing undecided is not read further.
    pub(in crate::pipeline::columns) fn evidence(
        &self,
        table: &Table,
        info: &TableInfo,
    ) -> Result<Evidence> {
        const GIVE_UP_ROWS: u32 = 1_000;
        let configured = self.config.input.date_order;
        let date_column = info
            .column(Field::Date)
            .filter(|_| configured == DateOrder::Auto);
        let mut dates = DateEvidence {
            found: configured,
            ambiguous: None,
        };
        let mut marks: Vec<MarkEvidence> = AMOUNT_FIELDS
            .iter()
            .filter(|_| {
                info.kind == TableKind::Orders
                    && self.config.input.decimal_mark == DecimalMark::Auto
            })
            .filter_map(|&field| {
                Some(MarkEvidence {
                    field,
                    column: info.column(field)?.clone(),
                    points: 0,
                    point: None,
                    commas: 0,
                    comma: None,
                    ambiguous: None,
                })
            })
            .collect();
        // A discount column is read whole: one 5.00 tells that 0.50 is money too.
        let discount_column = info.column(Field::Discount);
        let mut money_off = None;
        if date_column.is_none() && marks.is_empty() && discount_column.is_none() {
            return Ok(Evidence {
                dates,
                marks,
                over_one: money_off,
            });
        }
        table.for_each_row(|row_number, row| {
            let early = row_number < info.header_row + GIVE_UP_ROWS;
            let mut open = false;
            if let Some(column) = discount_column
                && money_off.is_none()
                && row_number > info.header_row
            {
                let cell = row.get(column.index);
                // 1 is 100% (a percentage cell holds it so); 5.00 can only be money.
                let is_share = matches!(cell, Cell::Text(t) if values::before_percent(t).is_some());
                if !is_share
                    && values::parse_amount(&cell, DecimalMark::Auto).is_some_and(|d| d > 1.0)
                {
                    money_off = Some(cell.display().into_owned());
                }
                open |= money_off.is_none();
            }
            if let Some(column) = date_column
                && dates.found == DateOrder::Auto
            {
                let cell = row.get(column.index);
                match values::revealed_order(&cell) {
                    Reveal::Shows(order) => dates.found = order,
                    // 05.01.2026 is read day first (European) unless told otherwise: not a guess.
                    Reveal::Ambiguous
                        if dates.ambiguous.is_none() && !cell.display().contains('.') =>
                    {
                        dates.ambiguous = Some(cell.display().into_owned());
                    }
                    Reveal::Ambiguous | Reveal::Nothing => {}
                }
                open |= dates.found == DateOrder::Auto && (dates.ambiguous.is_some() || early);
            }
            for mark in marks.iter_mut().filter(|m| m.open(early)) {
                if row_number > info.header_row {
                    let cell = row.get(mark.column.index);
                    let seen = match values::revealed_mark(&cell) {
                        Reveal::Shows(DecimalMark::Comma) => {
                            mark.commas += 1;
                            &mut mark.comma
                        }
                        Reveal::Shows(_) => {
                            mark.points += 1;
                            &mut mark.point
                        }
                        Reveal::Ambiguous => &mut mark.ambiguous,
                        Reveal::Nothing => continue,
                    };
                    seen.get_or_insert_with(|| cell.display().into_owned());
                }
                open |= mark.open(early);
            }
            Ok(open)
        })?;
        Ok(Evidence {
            dates,
            marks,
            over_one: money_off,
        })
    }

    /// Records [`LateMarks`]: in the amount columns whose scan saw no decimal mark, the first
    /// value that shows a comma and the first such as 2.500; in those read with a comma, the
    /// first that only a point reads. Text that can tell neither (450, 1,200) is passed over
    /// without a look.
    pub(super) fn watch_late_marks(&mut self, ctx: &RowContext<'_, '_>, reading: Reading) {
        for (k, &field) in AMOUNT_FIELDS.iter().enumerate() {
            let late = &mut self.table.late_marks[k];
            let watched = match reading.watch[k] {
                Watch::Nothing => false,
                Watch::Comma => late.comma.is_none() || late.ambiguous.is_none(),
                Watch::Point => late.point.is_none(),
            };
            if !watched {
                continue;
            }
            let Some((cell @ Cell::Text(text), _)) = ctx.cell(field) else {
                continue;
            };
            // Full-width forms as the values are read. Only a value with a point, or with a
            // comma before three digits (1,200), can be one a point reads; only one with a
            // point, or with a comma before other than three digits, can show a comma.
            let ascii = values::ascii_forms(text);
            let thousands =
                |tail: &str| tail.len() == 3 && tail.bytes().all(|b| b.is_ascii_digit());
            let may_tell = ascii.contains('.')
                || ascii
                    .rsplit_once(',')
                    .is_some_and(|(_, tail)| thousands(tail) == (reading.watch[k] == Watch::Point));
            if !may_tell {
                continue;
            }
            let seen = match values::revealed_mark(&cell) {
                Reveal::Shows(DecimalMark::Comma) => &mut late.comma,
                Reveal::Shows(_) => &mut late.point,
                Reveal::Ambiguous => &mut late.ambiguous,
                Reveal::Nothing => continue,
            };
            seen.get_or_insert_with(|| text.to_owned());
        }
    }

    /// Notes each amount column that showed a decimal comma only past the rows its scan
    /// read, while values such as 2.500 in it were read with a point; and each read with a
    /// comma that holds a value only a point reads.
    pub(super) fn note_late_marks(&mut self, table: &Table, info: &TableInfo, reading: Reading) {
        for (k, &field) in AMOUNT_FIELDS.iter().enumerate() {
            let late = std::mem::take(&mut self.table.late_marks[k]);
            let Some(column) = info.column(field) else {
                continue;
            };
            let (source, header) = (&table.source, &column.header);
            if let (Watch::Point, Some(point)) = (reading.watch[k], &late.point) {
                let how = read_as(point, DecimalMark::Comma, true);
                let by_point = read_as(point, DecimalMark::Point, false);
                self.notice(Wording::new(
                    format!(
                        "{source}, column \"{header}\": read with a decimal comma, as its first values show one, but {point}, which a decimal point reads as {by_point}, further down is read as {how}"
                    ),
                    format!(
                        "{zh}，“{header}”列：按小数逗号读取（前面的值如此），但下方的 {point}（按小数点应读作 {by_point}）读作 {how}",
                        zh = source.zh(),
                    ),
                ));
            }
            let (Watch::Comma, Some(comma), Some(example)) =
                (reading.watch[k], late.comma, late.ambiguous)
            else {
                continue;
            };
            let read = |mark| {
                values::parse_amount(&Cell::Text(&example), mark)
                    .map_or_else(String::new, format_number)
            };
            let (by_point, by_comma) = (read(DecimalMark::Point), read(DecimalMark::Comma));
            self.notice(Wording::new(
                format!(
                    "{source}, column \"{header}\": {comma} has a decimal comma, but the first rows of the column showed no decimal mark, so amounts such as {example} were read with a point, as {by_point}; if they are {by_comma}, set decimal_mark = \"comma\" under [input] in tiers.toml"
                ),
                format!(
                    "{zh}，“{header}”列：{comma} 用了小数逗号，但该列前面几行看不出小数点，所以 {example} 这样的金额按小数点读作 {by_point}；若应为 {by_comma}，请在 tiers.toml 的 [input] 下设置 decimal_mark = \"comma\"",
                    zh = source.zh(),
                ),
            ));
        }
    }

    /// How a table's text is read: [`Self::settle_date_order`] and
    /// [`Self::settle_decimal_mark`] for each of its amount columns.
    pub(in crate::pipeline::columns) fn settle_reading(
        &mut self,
        table: &Table,
        info: &TableInfo,
        evidence: Evidence,
        shared: &Shared<'_>,
    ) -> Reading {
        let date_order = self.settle_date_order(table, info, evidence.dates, shared.date_order);
        let discount = match info.column(Field::Discount) {
            Some(column) if in_money(column) => DiscountColumn::Money,
            // "Discount (%)", "Discount Rate": 10.00 is 10%, and 0.10 (a percentage cell) too.
            Some(column) if in_percent(column) => {
                if evidence.over_one.is_some() {
                    DiscountColumn::Percent
                } else {
                    DiscountColumn::Shares
                }
            }
            Some(column) => match &shared.money_off {
                Some((example, where_)) => {
                    let (source, header) = (&table.source, &column.header);
                    let [shown, shown_zh] = if evidence.over_one.is_some() {
                        [
                            format!("it holds {example}"),
                            format!("该列有 {example} 这样的值"),
                        ]
                    } else {
                        [
                            format!("{} holds {example}", where_.en),
                            format!(" {} 有 {example} 这样的值", where_.zh),
                        ]
                    };
                    self.notice(Wording::new(
                        format!(
                            "{source}, column \"{header}\": read as money off each line (unit price × quantity − discount), not as shares of the price, as {shown}"
                        ),
                        format!(
                            "{zh}，“{header}”列：按每行减去的金额读取（单价 × 数量 − 折扣），而不是价格的比例，因为{shown_zh}",
                            zh = source.zh(),
                        ),
                    ));
                    DiscountColumn::Money
                }
                None => DiscountColumn::Shares,
            },
            None => DiscountColumn::Shares,
        };
        let mut marks = [self.config.input.decimal_mark; AMOUNT_FIELDS.len()];
        let mut watch = [Watch::Nothing; AMOUNT_FIELDS.len()];
        let mut lenient = [false; AMOUNT_FIELDS.len()];
        for mark in evidence.marks {
            let k = AMOUNT_FIELDS
                .iter()
                .position(|&f| f == mark.field)
                .expect("an amount field");
            let unsettled = mark.found().is_none() && mark.ambiguous.is_none();
            let commas_only = mark.points == 0;
            marks[k] = self.settle_decimal_mark(table, mark, shared.mark.as_ref());
            lenient[k] = marks[k] == DecimalMark::Comma;
            watch[k] = if unsettled {
                Watch::Comma
            } else if lenient[k] && commas_only {
                Watch::Point
            } else {
                Watch::Nothing
            };
        }
        let mut units = [1.0; MONEY_FIELDS.len()];
        for (k, field) in MONEY_FIELDS.into_iter().enumerate() {
            let Some(column) = info.column(field) else {
                continue;
            };
            if let Some((unit, [words, words_zh])) = values::header_unit(&column.header) {
                units[k] = unit;
                let (source, label) = (&table.source, column.label());
                self.notice(Wording::new(
                    format!(
                        "{source}, column {label}: its header says the amounts are in {words}, so each is multiplied by {}",
                        format_number(unit)
                    ),
                    format!(
                        "{zh}，{label} 列：表头注明金额单位为{words_zh}，每个值乘以 {}",
                        format_number(unit),
                        zh = source.zh(),
                    ),
                ));
            }
        }
        Reading {
            date_order,
            marks,
            watch,
            lenient,
            discount,
            units,
            year: table
                .source
                .sheet
                .as_deref()
                .and_then(values::year_in_name)
                .or_else(|| values::year_in_name(&table.source.file_name())),
        }
    }

    /// The order of day and month a table's dates are read in: its own evidence; else what
    /// the other tables of the run agree on (`shown_by`), so that 04/06/2026 is one day in
    /// every file; else month first. Each choice not made by the table itself is noted.
    fn settle_date_order(
        &mut self,
        table: &Table,
        info: &TableInfo,
        evidence: DateEvidence,
        shown_by: Option<(DateOrder, &Source)>,
    ) -> DateOrder {
        let (DateOrder::Auto, Some(example), Some(column)) =
            (evidence.found, evidence.ambiguous, info.column(Field::Date))
        else {
            return evidence.found;
        };
        let (source, header) = (&table.source, &column.header);
        if let Some((order, other)) = shown_by {
            let [first, first_zh] = if order == DateOrder::Dmy {
                ["day", "日"]
            } else {
                ["month", "月"]
            };
            self.notice(Wording::new(
                format!(
                    "{source}, column \"{header}\": dates such as {example} may be day or month first; read {first} first, as the dates of {other} show"
                ),
                format!(
                    "{zh}，“{header}”列：{example} 这样的日期可能日在前也可能月在前；按{first_zh}在前读取，因为 {other_zh} 的日期如此",
                    zh = source.zh(), other_zh = other.zh(),
                ),
            ));
            return order;
        }
        self.notice(Wording::new(
            format!(
                "{source}, column \"{header}\": dates such as {example} may be day or month first, and no date in the column tells; read month first (set date_order = \"dmy\" under [input] in tiers.toml if they are day first)"
            ),
            format!(
                "{zh}，“{header}”列：{example} 这样的日期可能日在前也可能月在前，该列没有日期能说明；按月在前读取（若是日在前，请在 tiers.toml 的 [input] 下设置 date_order = \"dmy\"）",
                zh = source.zh(),
            ),
        ));
        DateOrder::Auto
    }

    /// The decimal mark of an amount column: a comma when its values show one (1.280,50,
    /// 99,90), so that 2.500 in it is 2500; else each value as it reads. A column with
    /// values such as 2.500 and nothing that tells takes the mark the run's other amount
    /// columns agree on (`shown_by`), else reads them with a decimal point. Each choice not
    /// made by the column itself is noted.
    fn settle_decimal_mark(
        &mut self,
        table: &Table,
        evidence: MarkEvidence,
        shown_by: Option<&(DecimalMark, Wording)>,
    ) -> DecimalMark {
        // A point is how each value reads anyway, and a lone 99,90 among 12.50s still reads.
        let as_read = |mark| match mark {
            DecimalMark::Comma => DecimalMark::Comma,
            DecimalMark::Point | DecimalMark::Auto => DecimalMark::Auto,
        };
        let found = evidence.found();
        let MarkEvidence {
            column,
            point,
            comma,
            ambiguous,
            ..
        } = evidence;
        let (source, header) = (&table.source, &column.header);
        if let (Some(point), Some(comma)) = (&point, &comma) {
            let [how, how_zh] = if found == Some(DecimalMark::Comma) {
                let read = read_as(point, DecimalMark::Comma, true);
                [
                    format!(
                        "the column is read with a comma, as most of its values are written with one: {point} as {read}"
                    ),
                    format!("该列多数值用小数逗号，故按逗号读取：{point} 读作 {read}"),
                ]
            } else {
                let read = read_as(comma, DecimalMark::Auto, false);
                [
                    format!("each is read as it is written: {comma} as {read}"),
                    format!("各值按写法读取：{comma} 读作 {read}"),
                ]
            };
            self.notice(Wording::new(
                format!(
                    "{source}, column \"{header}\": values such as {point} are written with a decimal point and values such as {comma} with a decimal comma; {how}"
                ),
                format!(
                    "{zh}，“{header}”列：{point} 这样的值用小数点，{comma} 这样的值用小数逗号；{how_zh}",
                    zh = source.zh(),
                ),
            ));
        }
        if let Some(found) = found {
            return as_read(found);
        }
        let Some(example) = ambiguous else {
            return DecimalMark::Auto;
        };
        let comma_reading = values::parse_amount(&Cell::Text(&example), DecimalMark::Comma);
        let point_reading = values::parse_amount(&Cell::Text(&example), DecimalMark::Point);
        let reading = |value: Option<f64>| value.map_or_else(String::new, format_number);
        if let Some((mark, other)) = shown_by {
            let (value, name, name_zh) = match mark {
                DecimalMark::Comma => (comma_reading, "comma", "逗号"),
                DecimalMark::Point | DecimalMark::Auto => (point_reading, "point", "点"),
            };
            let value = reading(value);
            self.notice(Wording::new(
                format!(
                    "{source}, column \"{header}\": amounts such as {example} may have a decimal point or a thousands separator; read as {value}, as {} shows a decimal {name}", other.en
                ),
                format!(
                    "{zh}，“{header}”列：{example} 这样的金额中的符号可能是小数点也可能是千位分隔符；读作 {value}，因为 {} 用的是小数{name_zh}",
                    other.zh, zh = source.zh(),
                ),
            ));
            return as_read(*mark);
        }
        let (by_point, by_comma) = (reading(point_reading), reading(comma_reading));
        self.notice(Wording::new(
            format!(
                "{source}, column \"{header}\": amounts such as {example} may have a decimal point or a thousands separator, and no amount in the column tells; read as {by_point} (set decimal_mark = \"comma\" under [input] in tiers.toml to read it as {by_comma})"
            ),
            format!(
                "{zh}，“{header}”列：{example} 这样的金额中的符号可能是小数点也可能是千位分隔符，该列没有金额能说明；读作 {by_point}（若应读作 {by_comma}，请在 tiers.toml 的 [input] 下设置 decimal_mark = \"comma\"）",
                zh = source.zh(),
            ),
        ));
        DecimalMark::Auto
    }
}

/// An amount read with `mark`, or where `lenient` (a column read with a comma because its
/// values show one) and the mark cannot read it, with a point: a stray 12.50.
pub(super) fn amount_in_column(cell: &Cell<'_>, mark: DecimalMark, lenient: bool) -> Option<f64> {
    values::parse_amount(cell, mark).or_else(|| {
        lenient
            .then(|| values::parse_amount(cell, DecimalMark::Point))
            .flatten()
    })
}

/// How [`amount_in_column`] reads a text, for notes.
fn read_as(text: &str, mark: DecimalMark, lenient: bool) -> String {
    amount_in_column(&Cell::Text(text), mark, lenient).map_or_else(String::new, format_number)
}
