//! The Customers sheet: one row per customer, graded columns first, then the customers
//! input's own columns, then the manual columns the team fills in (carried over from the
//! previous workbook by customer id and header), then the customers that have left the
//! inputs, kept with what people wrote about them.

use std::borrow::Cow;

use anyhow::Result;
use rust_xlsxwriter::{Format, Worksheet};

use super::sheets::{Widths, column_formats, header_row, write_value};
use super::{Formats, ensure_fits};
use crate::model::Lang;
use crate::model::{Customer, Origin, Value};
use crate::pipeline::Graded;
use crate::pipeline::behaviour::Label;
use crate::pipeline::previous::{Builtin, ManualColumn, Previous, PreviousRow};
use crate::write::labels::{Labels, favourites, fill, labels, tier_name};
use crate::write::{RunInfo, explain, reasons};

/// The Customers sheet's columns: what `tiers` computes, and what people type.
pub struct Layout {
    /// Headers `tiers` writes and rewrites every run.
    pub computed: Vec<String>,
    /// The positions in `computed` of the columns carried over from the customers input.
    pub inputs: std::ops::Range<usize>,
    /// Manual columns: the built-in ones, then the team's own.
    pub manual: Vec<ManualColumn>,
}

impl Layout {
    /// The columns for this run: the inputs' attributes and the previous workbook's manual
    /// columns (built-in ones renamed to this run's language).
    pub fn new(graded: &Graded, info: &RunInfo<'_>) -> Self {
        let words = labels(info.lang);
        let tail: Vec<String> = words
            .customer_tail
            .iter()
            .map(|s| fill(s, &[("months", &info.config.clv.horizon_months)]))
            .collect();
        // An input column headed like a column tiers writes would be read back as that column
        // (the team's Notes lost under the input's): it gets a suffix instead.
        let ours = |header: &str| {
            let header = header.trim();
            words.customer_head.contains(&header)
                || tail.iter().any(|t| t == header)
                || Builtin::from_header(header).is_some()
        };
        let input_headers: Vec<String> = graded
            .data
            .attribute_headers
            .iter()
            .map(|h| {
                if ours(h) {
                    format!("{}{}", h.trim(), words.input_suffix)
                } else {
                    h.clone()
                }
            })
            .collect();
        let start = words.customer_head.len() + tail.len();
        let inputs = start..start + input_headers.len();
        let computed = words
            .customer_head
            .iter()
            .map(|s| (*s).to_owned())
            .chain(tail)
            .chain(input_headers)
            .collect();
        let mut manual: Vec<ManualColumn> = Builtin::ALL
            .iter()
            .map(|&b| ManualColumn {
                header: b.header(info.lang).to_owned(),
                builtin: Some(b),
            })
            .collect();
        if let Some(previous) = info.previous {
            manual.extend(
                previous
                    .columns
                    .iter()
                    .filter(|c| c.builtin.is_none())
                    .cloned(),
            );
        }
        Self {
            computed,
            inputs,
            manual,
        }
    }

    fn headers(&self) -> Vec<String> {
        self.computed
            .iter()
            .cloned()
            .chain(self.manual.iter().map(|c| c.header.clone()))
            .collect()
    }
}

/// The manual values of a row, in the layout's order: the previous workbook's, but a graded
/// customer's Owner as [`Previous::owner`] says.
fn manual_values<'p>(
    layout: &Layout,
    row: Option<&'p PreviousRow>,
    customer: Option<&'p Customer>,
    info: &RunInfo<'p>,
) -> Vec<&'p Value> {
    const EMPTY: &Value = &Value::Empty;
    layout
        .manual
        .iter()
        .map(|column| {
            if let (Some(Builtin::Owner), Some(customer)) = (column.builtin, customer) {
                return Previous::owner(info.previous, customer).unwrap_or(EMPTY);
            }
            let (Some(row), Some(previous)) = (row, info.previous) else {
                return EMPTY;
            };
            let found = previous.columns.iter().position(|c| match column.builtin {
                Some(b) => c.builtin == Some(b),
                None => c.builtin.is_none() && c.header == column.header,
            });
            found.map_or(EMPTY, |k| &row.values[k])
        })
        .collect()
}

/// Writes the sheet; returns the layout, which the marker sheet records.
pub(super) fn write(
    sheet: &mut Worksheet,
    graded: &Graded,
    info: &RunInfo<'_>,
    f: &Formats,
) -> Result<Layout> {
    let words = labels(info.lang);
    sheet.set_name(words.customers)?;
    let data = &graded.data;
    let previous_row = |id: &str| info.previous.and_then(|p| p.row(id));
    let departed: Vec<&PreviousRow> = info
        .previous
        .map(|p| {
            p.rows
                .iter()
                .filter(|r| data.customer(&r.id).is_none())
                .collect()
        })
        .unwrap_or_default();
    ensure_fits(graded.ranking.len() + departed.len(), words.customers)?;

    let layout = Layout::new(graded, info);
    let headers = layout.headers();
    let manual_start = layout.computed.len();
    let cutoffs = crate::pipeline::explain::cutoffs(graded, info.config);
    let row_of = |i| Row {
        graded,
        info,
        cutoffs: &cutoffs,
        i,
    };
    // Widths are fitted on the first rows only: constant-memory sheets must set widths first.
    fitted_widths(&layout, &headers, graded.ranking.iter().map(|&i| row_of(i))).apply(sheet)?;
    let formats: Vec<(u16, &Format)> = Col::ALL
        .iter()
        .filter_map(|col| Some((col.index(), col.format(f)?)))
        .collect();
    column_formats(sheet, &formats)?;
    for col in Col::ALL
        .into_iter()
        .filter(|col| col.is_empty_for_all(graded))
    {
        sheet.set_column_hidden(col.index())?;
    }
    header_row(sheet, &headers, f)?;
    sheet.set_freeze_panes(1, GRADED)?;

    let mut row = 1u32;
    let mut write_row = |i: usize, cells: [Cell<'_>; Col::ALL.len()]| -> Result<()> {
        let customer = &data.customers[i];
        sheet.write_number(row, 0, f64::from(row))?;
        sheet.write_string(row, 1, &customer.id)?;
        sheet.write_string(row, 2, &customer.name)?;
        for (col, cell) in Col::ALL.into_iter().zip(cells) {
            match cell {
                Cell::Empty => {}
                Cell::Text(text) if col == Col::Tier => {
                    sheet.write_string_with_format(
                        row,
                        col.index(),
                        text,
                        &f.tiers[graded.tiers[i]],
                    )?;
                }
                Cell::Text(text) => {
                    sheet.write_string(row, col.index(), text)?;
                }
                Cell::Number(n) => {
                    sheet.write_number(row, col.index(), n)?;
                }
                Cell::Date(d) => {
                    sheet.write_datetime(row, col.index(), d)?;
                }
            }
        }
        for (k, value) in customer.attributes.iter().enumerate() {
            write_value(sheet, row, (layout.inputs.start + k) as u16, value, f)?;
        }
        let manual = manual_values(&layout, previous_row(&customer.id), Some(customer), info);
        write_manual(sheet, row, manual_start, &manual, f)?;
        row += 1;
        Ok(())
    };
    // The texts (explanation, reasons, favourites) are put together on the second core, idle
    // once the Tier history is written, unless it writes the Orders sheets.
    crate::threads::map_beside(
        !info.orders_sheet,
        &graded.ranking,
        |&i| {
            let graded_row = row_of(i);
            Col::ALL.map(|col| graded_row.cell(col))
        },
        |&i, cells| write_row(i, cells),
    )?;
    for departed in &departed {
        sheet.write_string(row, 1, &departed.id)?;
        sheet.write_string(row, 2, &departed.name)?;
        sheet.write_string_with_format(row, Col::ListedIn.index(), words.inactive, &f.muted)?;
        write_manual(
            sheet,
            row,
            manual_start,
            &manual_values(&layout, Some(departed), None, info),
            f,
        )?;
        row += 1;
    }
    sheet.autofilter(0, 0, row - 1, (headers.len() - 1) as u16)?;
    // Printed, the list a manager reads (rank to overdue) fills the page's width; the other
    // columns are for the screen.
    sheet.set_print_area(0, 0, row - 1, Col::Overdue.index())?;
    Ok(layout)
}

fn write_manual(
    sheet: &mut Worksheet,
    row: u32,
    start: usize,
    values: &[&Value],
    f: &Formats,
) -> Result<()> {
    for (k, value) in values.iter().enumerate() {
        write_value(sheet, row, (start + k) as u16, value, f)?;
    }
    Ok(())
}

/// The columns before the graded ones: rank, customer id and name, frozen on screen.
const GRADED: u16 = 3;

/// The columns `tiers` computes, in the sheet's order, which is also the order of
/// [`Labels::customer_tail`]'s headers. What a manager reads first (tier, score, segment,
/// spend, recency) fills the first screen; the score's parts, lifetime value and classes
/// follow, then the customers input's own columns and the manual ones.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Col {
    Tier,
    PreviousTier,
    Change,
    Score,
    Segment,
    NetSpend,
    Orders,
    DaysSince,
    LastOrder,
    NextExpected,
    Overdue,
    WhySegment,
    Service,
    AverageOrder,
    Trend,
    Categories,
    ReturnRate,
    Complaints,
    OpenOrders,
    FirstOrder,
    Cycle,
    TopCategories,
    TopProducts,
    TopBrand,
    Channel,
    Explanation,
    RecencyScore,
    FrequencyScore,
    MonetaryScore,
    BreadthScore,
    Penalty,
    Rfm,
    PAlive,
    ExpectedOrders,
    ExpectedValue,
    SizeClass,
    Local,
    Needs,
    ListedIn,
}

impl Col {
    #[rustfmt::skip]
    const ALL: [Self; 39] = [
        Self::Tier, Self::PreviousTier, Self::Change, Self::Score, Self::Segment,
        Self::NetSpend, Self::Orders, Self::DaysSince, Self::LastOrder, Self::NextExpected,
        Self::Overdue, Self::WhySegment, Self::Service, Self::AverageOrder, Self::Trend,
        Self::Categories, Self::ReturnRate, Self::Complaints, Self::OpenOrders,
        Self::FirstOrder, Self::Cycle, Self::TopCategories, Self::TopProducts,
        Self::TopBrand, Self::Channel, Self::Explanation, Self::RecencyScore,
        Self::FrequencyScore, Self::MonetaryScore, Self::BreadthScore, Self::Penalty,
        Self::Rfm, Self::PAlive, Self::ExpectedOrders, Self::ExpectedValue, Self::SizeClass,
        Self::Local, Self::Needs, Self::ListedIn,
    ];

    /// The column's position in the sheet.
    fn index(self) -> u16 {
        GRADED + self as u16
    }

    /// The column's number format; its cells are written plain and take it.
    fn format(self, f: &Formats) -> Option<&Format> {
        Some(match self {
            Self::Score
            | Self::RecencyScore
            | Self::FrequencyScore
            | Self::MonetaryScore
            | Self::BreadthScore
            | Self::Penalty
            | Self::ExpectedOrders => &f.score,
            Self::DaysSince
            | Self::Orders
            | Self::Categories
            | Self::Complaints
            | Self::OpenOrders
            | Self::Cycle => &f.integer,
            Self::NetSpend | Self::AverageOrder | Self::ExpectedValue => &f.money,
            Self::ReturnRate | Self::Trend | Self::PAlive => &f.percent,
            Self::LastOrder | Self::NextExpected | Self::FirstOrder => &f.date,
            _ => return None,
        })
    }
}

impl Col {
    /// Whether the column has no value for any customer of this run, told from what fills it
    /// (an optional input, config or model): such a column is hidden, not dropped, so the
    /// sheet keeps its layout from run to run. The others are never all empty, or seldom.
    fn is_empty_for_all(self, graded: &Graded) -> bool {
        let (prefs, values) = (&graded.preferences, &graded.clv.values);
        match self {
            Self::PreviousTier => graded.previous_tiers.iter().all(Option::is_none),
            Self::BreadthScore => graded.weights.breadth <= 0.0,
            Self::Rfm => graded.rfm.iter().all(Option::is_none),
            Self::SizeClass => graded.classes.iter().all(|c| c.size.is_none()),
            Self::Local => graded.classes.iter().all(|c| c.local.is_none()),
            Self::Needs => graded.classes.iter().all(|c| c.custom.is_none()),
            Self::TopCategories => prefs.iter().all(|p| p.categories.is_empty()),
            Self::TopBrand => prefs.iter().all(|p| p.brand.is_none()),
            Self::Channel => prefs.iter().all(|p| p.channel.is_none()),
            Self::PAlive | Self::ExpectedOrders => values.iter().all(Option::is_none),
            Self::ExpectedValue => values
                .iter()
                .all(|v| v.is_none_or(|v| v.expected_value.is_none())),
            _ => false,
        }
    }
}

/// One cell of a graded column.
enum Cell<'a> {
    Empty,
    Text(Cow<'a, str>),
    Number(f64),
    Date(chrono::NaiveDate),
}

impl From<Option<f64>> for Cell<'_> {
    fn from(value: Option<f64>) -> Self {
        value.map_or(Cell::Empty, Cell::Number)
    }
}

impl From<Option<chrono::NaiveDate>> for Cell<'_> {
    fn from(value: Option<chrono::NaiveDate>) -> Self {
        value.map_or(Cell::Empty, Cell::Date)
    }
}

impl<'a> From<&'a str> for Cell<'a> {
    fn from(text: &'a str) -> Self {
        Cell::Text(Cow::Borrowed(text))
    }
}

impl From<String> for Cell<'_> {
    fn from(text: String) -> Self {
        if text.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(Cow::Owned(text))
        }
    }
}

/// A graded customer's row, from which each graded column's cell is read.
struct Row<'a> {
    graded: &'a Graded,
    info: &'a RunInfo<'a>,
    cutoffs: &'a [Option<f64>],
    i: usize,
}

impl<'a> Row<'a> {
    fn cell(&self, col: Col) -> Cell<'a> {
        let (graded, info, i) = (self.graded, self.info, self.i);
        let words: &'static Labels = labels(info.lang);
        let levels = &info.config.tiers.levels;
        let (metrics, score, tier) = (&graded.metrics[i], &graded.scores[i], graded.tiers[i]);
        let (p, symbols) = (&graded.preferences[i], &graded.data.symbols);
        let segment = &graded.segments[i];
        let classes = &graded.classes[i];
        let clv = graded.clv.values[i];
        let count = |n: u32| Cell::Number(f64::from(n));
        let favourite = |item: Option<_>| {
            item.map_or(Cell::Empty, |item| {
                favourites(&[item], symbols, info.lang).into()
            })
        };
        match col {
            Col::Tier => tier_name(&levels[tier], info.lang).into(),
            Col::PreviousTier => graded.previous_tiers[i].map_or(Cell::Empty, |previous| {
                tier_name(&levels[previous], info.lang).into()
            }),
            Col::Change => words.change(graded.changes[i]).into(),
            Col::Score => Some(score.total).into(),
            Col::RecencyScore => Some(score.recency).into(),
            Col::FrequencyScore => Some(score.frequency).into(),
            Col::MonetaryScore => Some(score.monetary).into(),
            // A part the score leaves out (breadth with no category in the orders) is left
            // blank: its percentile, the same for everyone, would read as though it counted.
            Col::BreadthScore => (graded.weights.breadth > 0.0)
                .then_some(score.breadth)
                .into(),
            Col::Penalty => Some(score.penalty).into(),
            Col::DaysSince => metrics.recency_days(info.as_of).map(|d| d as f64).into(),
            Col::Orders => count(metrics.orders),
            Col::NetSpend => Some(metrics.net_spend()).into(),
            Col::AverageOrder => metrics.average_order_value().into(),
            Col::Categories => count(metrics.categories),
            Col::ReturnRate => metrics.return_rate().into(),
            Col::Complaints => count(metrics.complaints),
            Col::Trend => metrics.trend().into(),
            Col::FirstOrder => metrics.first_order.into(),
            Col::LastOrder => metrics.last_order.into(),
            Col::OpenOrders => count(metrics.open_orders),
            Col::TopCategories => favourites(&p.categories, symbols, info.lang).into(),
            Col::TopProducts => favourites(&p.products, symbols, info.lang).into(),
            Col::TopBrand => favourite(p.brand),
            Col::Channel => favourite(p.channel),
            Col::Cycle => p.cycle_days.into(),
            Col::NextExpected => p.next_expected.into(),
            Col::Overdue => match p.cycle_days {
                Some(_) => words.yes_no[usize::from(!p.overdue)].into(),
                None => Cell::Empty,
            },
            Col::Segment => words.segment(segment.segment).into(),
            Col::WhySegment => reasons::render(&segment.why, info.lang).into(),
            Col::Service => service(info, tier, segment.segment).into(),
            Col::SizeClass => size_class(*classes, words).map_or(Cell::Empty, Cell::from),
            Col::Local => classes.local.map_or(Cell::Empty, |local| {
                words.locations[usize::from(!local)].into()
            }),
            Col::Needs => classes.custom.map_or(Cell::Empty, |custom| {
                words.needs[usize::from(custom)].into()
            }),
            Col::Rfm => graded
                .rfm
                .get(i)
                .copied()
                .flatten()
                .map_or(Cell::Empty, |rfm| count(rfm.score())),
            Col::PAlive => clv.map(|v| v.p_alive).into(),
            Col::ExpectedOrders => clv.map(|v| v.expected_orders).into(),
            Col::ExpectedValue => clv.and_then(|v| v.expected_value).into(),
            Col::Explanation => {
                explain::sentence(graded, i, self.cutoffs, info.config, info.lang).into()
            }
            Col::ListedIn => match graded.data.customers[i].origin {
                Origin::CustomersSheet => words.customers.into(),
                Origin::Orders => words.from_orders.into(),
            },
        }
    }
}

/// The columns' widths, fitted to the headers and the first 500 rows' texts.
fn fitted_widths<'a>(
    layout: &Layout,
    headers: &[String],
    rows: impl Iterator<Item = Row<'a>>,
) -> Widths {
    let manual_start = layout.computed.len();
    let mut widths = Widths::from_headers(headers);
    for row in rows.take(500) {
        let (graded, info) = (row.graded, row.info);
        let customer = &graded.data.customers[row.i];
        widths.fit(1, &customer.id);
        widths.fit(2, &customer.name);
        for col in Col::ALL {
            if let Cell::Text(text) = row.cell(col) {
                widths.fit(usize::from(col.index()), &text);
            }
        }
        for (k, value) in customer.attributes.iter().enumerate() {
            if let Value::Text(t) = value {
                widths.fit(layout.inputs.start + k, t);
            }
        }
        let previous = info.previous.and_then(|p| p.row(&customer.id));
        let manual = manual_values(layout, previous, Some(customer), info);
        for (k, value) in manual.iter().enumerate() {
            if let Value::Text(t) = value {
                widths.fit(manual_start + k, t);
            }
        }
    }
    widths
}

/// The size class as the sheet writes it: "large", or "large (by net spend)" where no size
/// column gave it.
fn size_class(classes: crate::pipeline::attributes::Classes, words: &Labels) -> Option<String> {
    let (size, written) = classes.size?;
    let name = words.sizes[size as usize];
    Some(if written {
        name.to_owned()
    } else {
        format!("{name} ({})", words.sizes[3])
    })
}

/// The tier's and the segment's service strategies, from the config, in the output language.
fn service(info: &RunInfo<'_>, tier: usize, segment: Label) -> String {
    let level = &info.config.tiers.levels[tier];
    let segments = &info.config.segments;
    let (tier_text, segment_text) = match info.lang {
        Lang::En => (
            level.strategy.as_deref(),
            segments.strategy.get(segment.key()),
        ),
        Lang::Zh => (
            level.strategy_zh.as_deref().or(level.strategy.as_deref()),
            segments
                .strategy_zh
                .get(segment.key())
                .or_else(|| segments.strategy.get(segment.key())),
        ),
    };
    let separator = match info.lang {
        Lang::En => "; ",
        Lang::Zh => "；",
    };
    [tier_text, segment_text.map(String::as_str)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(separator)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_columns_are_listed_in_their_order() {
        for (k, col) in Col::ALL.into_iter().enumerate() {
            assert_eq!(col as usize, k, "{col:?}");
        }
        assert_eq!(Col::ALL.len(), labels(Lang::En).customer_tail.len());
        assert_eq!(
            labels(Lang::En).customer_tail[Col::NetSpend as usize],
            "Net spend"
        );
        assert_eq!(
            labels(Lang::Zh).customer_tail[Col::NetSpend as usize],
            "净消费额"
        );
        assert_eq!(
            labels(Lang::En).customer_tail[Col::ListedIn as usize],
            "Listed in"
        );
    }

    /// What hides a column agrees with its cells: on the sample, a column is hidden exactly
    /// when every customer's cell in it is empty.
    #[test]
    fn a_column_is_hidden_exactly_when_its_cells_are_empty() {
        let (config, as_of, graded) = crate::test_support::graded_sample();
        let info = RunInfo {
            as_of,
            lang: Lang::En,
            config: &config,
            config_path: None,
            inputs: vec![],
            previous: None,
            backtest: None,
            orders_sheet: true,
        };
        let cutoffs = crate::pipeline::explain::cutoffs(&graded, &config);
        let mut hidden = 0;
        for col in Col::ALL {
            let empty = graded.ranking.iter().all(|&i| {
                let row = Row {
                    graded: &graded,
                    info: &info,
                    cutoffs: &cutoffs,
                    i,
                };
                matches!(row.cell(col), Cell::Empty)
            });
            assert_eq!(col.is_empty_for_all(&graded), empty, "{col:?}");
            hidden += usize::from(empty);
        }
        // Previous tier, RFM score, Local or remote, Needs class.
        assert_eq!(hidden, 4);
    }
}
