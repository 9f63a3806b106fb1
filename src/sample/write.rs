//! Writing sample data as one xlsx workbook or as csv files.

use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::BufWriter;
use std::path::Path;

use anyhow::{Context, Result, bail};
use chrono::{NaiveDate, NaiveTime};
use rust_xlsxwriter::{DocProperties, Format, Workbook};

use super::words::{CUSTOMER_HEADERS, FEEDBACK_HEADERS, ORDER_HEADERS, SHEETS};
use super::{SampleCustomer, SampleData, SampleFeedback, SampleOrder, ix};

/// One cell of output, written natively to xlsx and as text to csv.
enum Cell<'a> {
    Text(&'a str),
    Date(NaiveDate),
    Int(u32),
    Money(f64),
}

fn customer_cells(c: &SampleCustomer) -> [Cell<'_>; 8] {
    use Cell::Text as T;
    let signup = Cell::Date(c.signup);
    [
        T(&c.id),
        T(&c.name),
        T(&c.contact),
        T(&c.phone),
        T(&c.email),
        T(&c.region),
        T(&c.industry),
        signup,
    ]
}

fn order_cells(o: &SampleOrder) -> [Cell<'_>; 11] {
    use Cell::Text as T;
    let date = o.date_text.as_deref().map_or(Cell::Date(o.date), T);
    let amount = o.amount_text.as_deref().map_or(Cell::Money(o.amount), T);
    let (id, cust, qty) = (T(&o.order_id), T(&o.customer_id), Cell::Int(o.quantity));
    [
        id,
        cust,
        date,
        T(&o.product),
        T(&o.category),
        T(&o.brand),
        T(&o.channel),
        qty,
        amount,
        T(&o.status),
        T(&o.kind),
    ]
}

fn feedback_cells(f: &SampleFeedback) -> [Cell<'_>; 4] {
    [
        Cell::Text(&f.customer_id),
        Cell::Date(f.date),
        Cell::Text(&f.kind),
        Cell::Text(&f.content),
    ]
}

/// Rows that fit on one xlsx sheet below the header.
const XLSX_MAX_ROWS: usize = 1_048_575;

fn xlsx_sheet<'a, const N: usize>(
    wb: &mut Workbook,
    name: &str,
    headers: &[&str; N],
    widths: [f64; N],
    rows: impl Iterator<Item = [Cell<'a>; N]>,
) -> Result<()> {
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let money = Format::new().set_num_format("#,##0.00");
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name(name)?.set_freeze_panes(1, 0)?;
    for (c, (h, w)) in (0u16..).zip(headers.iter().zip(widths)) {
        ws.set_column_width(c, w)?
            .write_string_with_format(0, c, *h, &bold)?;
    }
    // Date and money columns get a column format at their first value, and later values
    // none of their own: that spares rust_xlsxwriter a format lookup per cell.
    let mut styled = [false; N];
    for (r, row) in (1u32..).zip(rows) {
        for (c, cell) in (0u16..).zip(row) {
            let done = styled[c as usize];
            match cell {
                Cell::Text(s) => ws.write_string(r, c, s)?,
                Cell::Int(n) => ws.write_number(r, c, n)?,
                Cell::Date(d) if done => ws.write_datetime(r, c, d)?,
                Cell::Money(x) if done => ws.write_number(r, c, x)?,
                Cell::Date(d) => {
                    styled[c as usize] = true;
                    ws.set_column_format(c, &date)?;
                    ws.write_datetime_with_format(r, c, d, &date)?
                }
                Cell::Money(x) => {
                    styled[c as usize] = true;
                    ws.set_column_format(c, &money)?;
                    ws.write_number_with_format(r, c, x, &money)?
                }
            };
        }
    }
    Ok(())
}

/// Writes [`workbook`] to `path`.
pub fn write_xlsx(data: &SampleData, path: &Path) -> Result<()> {
    workbook(data)?
        .save(path)
        .with_context(|| format!("writing {}", path.display()))
}

/// One workbook with sheets Customers, Orders, Feedback (客户, 订单, 反馈 in Chinese). Dates
/// are real Excel dates shown as `yyyy-mm-dd`, amounts numbers shown as `#,##0.00`. Sheets use
/// constant-memory mode, so large data is written quickly. The creation time is `data.end`,
/// so the same data gives the same bytes. Fails if a sheet would exceed Excel's 1,048,576
/// rows: write csv for more.
pub fn workbook(data: &SampleData) -> Result<Workbook> {
    let most = data.orders.len().max(data.customers.len());
    if most > XLSX_MAX_ROWS {
        bail!("{most} rows do not fit on one xlsx sheet (max {XLSX_MAX_ROWS}); write csv instead");
    }
    let l = ix(data.lang);
    let mut wb = Workbook::new();
    wb.set_zip_compression_level(3);
    let created = data.end.and_time(NaiveTime::MIN);
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let widths = [12.0, 34.0, 16.0, 16.0, 34.0, 10.0, 16.0, 12.0];
    xlsx_sheet(
        &mut wb,
        SHEETS[l][0],
        &CUSTOMER_HEADERS[l],
        widths,
        data.customers.iter().map(customer_cells),
    )?;
    let widths = [
        12.0, 12.0, 12.0, 20.0, 16.0, 16.0, 12.0, 10.0, 14.0, 12.0, 12.0,
    ];
    xlsx_sheet(
        &mut wb,
        SHEETS[l][1],
        &ORDER_HEADERS[l],
        widths,
        data.orders.iter().map(order_cells),
    )?;
    let widths = [12.0, 12.0, 12.0, 48.0];
    xlsx_sheet(
        &mut wb,
        SHEETS[l][2],
        &FEEDBACK_HEADERS[l],
        widths,
        data.feedback.iter().map(feedback_cells),
    )?;
    Ok(wb)
}

fn csv_file<'a, const N: usize>(
    path: &Path,
    headers: &[&str; N],
    rows: impl Iterator<Item = [Cell<'a>; N]>,
) -> Result<()> {
    let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut w = csv::Writer::from_writer(BufWriter::with_capacity(1 << 20, file));
    w.write_record(headers)?;
    let mut buf = String::new();
    for row in rows {
        for cell in row {
            buf.clear();
            match cell {
                Cell::Text(s) => buf.push_str(s),
                Cell::Date(d) => write!(buf, "{d}")?,
                Cell::Int(n) => write!(buf, "{n}")?,
                Cell::Money(x) => write!(buf, "{x:.2}")?,
            }
            w.write_field(&buf)?;
        }
        w.write_record(None::<&[u8]>)?;
    }
    w.flush()
        .with_context(|| format!("writing {}", path.display()))
}

/// Writes `customers.csv`, `orders.csv` and `feedback.csv` into `dir` (created if
/// missing): UTF-8 without BOM, comma-separated, dates `YYYY-MM-DD`, amounts like `1234.50`.
pub fn write_csv(data: &SampleData, dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let l = ix(data.lang);
    csv_file(
        &dir.join("customers.csv"),
        &CUSTOMER_HEADERS[l],
        data.customers.iter().map(customer_cells),
    )?;
    csv_file(
        &dir.join("orders.csv"),
        &ORDER_HEADERS[l],
        data.orders.iter().map(order_cells),
    )?;
    csv_file(
        &dir.join("feedback.csv"),
        &FEEDBACK_HEADERS[l],
        data.feedback.iter().map(feedback_cells),
    )
}
