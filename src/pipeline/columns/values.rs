//! Parsing of cell values: dates, amounts, statuses and order types, in the many shapes that
//! real exports hold them (Excel serial numbers, 2026年3月5日, ¥1,280.50, 1.2万, 已完成, ...).

use std::borrow::Cow;
use std::collections::BTreeMap;

use anyhow::{Result, bail};
use chrono::{Datelike, Duration, NaiveDate};

use crate::config::{DateOrder, DecimalMark};
use crate::model::{DeclaredType, Status};
use crate::pipeline::read::Cell;

/// What a date cell should look like, for messages.
pub const DATE_EXPECTED: [&str; 2] = [
    "expected a date such as 2026-03-05",
    "应为日期，如 2026-03-05",
];

/// Parses a date cell: a date cell, an Excel serial number, 20260305, or text such as
/// 2026-03-05, 2026/3/5, 2026年3月5日, 05.03.2026 or 3/5/2026 (day and month by `order`),
/// optionally followed by a time.
pub fn parse_date(cell: &Cell<'_>, order: DateOrder) -> Option<NaiveDate> {
    let date = match *cell {
        Cell::DateTime(dt) => Some(dt.date()),
        Cell::Number(n) => date_from_number(n),
        Cell::Text(text) => parse_date_text(text, order),
        Cell::Empty | Cell::Bool(_) | Cell::Error(_) => None,
    };
    // A typo such as 0202-03-06 or 9999-12-31 is a date no order has.
    date.filter(|d| (1900..=2200).contains(&d.year()))
}

/// Whether a remark (备注) says only that the line is a return: 退货, 退款, Return, Returned.
/// A longer remark that mentions one (退货后重新下单) says something else.
pub fn is_return_remark(text: &str) -> bool {
    const WORDS: [&str; 8] = [
        "退货",
        "退款",
        "退回",
        "已退货",
        "已退款",
        "return",
        "returned",
        "refund",
    ];
    says_only(text, &WORDS)
}

/// Adventure Works' numeric order status (`SalesOrderHeader.Status`) by the name its
/// documentation gives it: 1 In process, 2 Approved, 3 Backordered, 4 Rejected, 5 Shipped,
/// 6 Cancelled.
pub fn adventure_works_status(code: &str) -> Option<&'static str> {
    const NAMES: [&str; 6] = [
        "In process",
        "Approved",
        "Backordered",
        "Rejected",
        "Shipped",
        "Cancelled",
    ];
    let code: usize = code.trim().parse().ok()?;
    NAMES.get(code.checked_sub(1)?).copied()
}

/// The customer a report's group row names after its label: "客户：华兴贸易", "往来单位: 华兴",
/// "Customer: Acme".
pub fn customer_label(text: &str) -> Option<&str> {
    const LABELS: [&str; 8] = [
        "客户",
        "客户名称",
        "往来单位",
        "购货单位",
        "单位名称",
        "customer",
        "customername",
        "client",
    ];
    let (label, name) = text.split_once([':', '：'])?;
    let name = name.trim();
    (!name.is_empty() && LABELS.iter().any(|l| normalised_chars(label).eq(l.chars())))
        .then_some(name)
}

/// Whether an id is a placeholder for none: 0, -, N/A, null, 无.
pub fn is_placeholder_id(text: &str) -> bool {
    const NONE: [&str; 9] = ["", "0", "-", "--", "n/a", "na", "null", "none", "无"];
    let text = text.trim();
    NONE.iter().any(|none| text.eq_ignore_ascii_case(none))
}

/// Whether a text, normalised, is one of `words`.
fn says_only(text: &str, words: &[&str]) -> bool {
    words.contains(&normalise(text).as_str())
}

/// The unit a money column's header gives its figures in, and its words: 销售额（万元） is
/// in ten thousands, Revenue (in thousands) or Sales ($000) in thousands. A plain (元) or
/// ($) is no unit.
pub fn header_unit(header: &str) -> Option<(f64, [&'static str; 2])> {
    const THOUSANDS: [&str; 2] = ["thousands", "千元"];
    const MILLIONS: [&str; 2] = ["millions", "百万元"];
    const UNITS: [(&str, f64, [&str; 2]); 10] = [
        ("百万元", 1e6, MILLIONS),
        ("亿元", 1e8, ["hundred millions (亿元)", "亿元"]),
        ("千万元", 1e7, ["ten millions (千万元)", "千万元"]),
        ("万元", 1e4, ["ten thousands (万元)", "万元"]),
        ("千元", 1e3, THOUSANDS),
        ("万", 1e4, ["ten thousands (万元)", "万元"]),
        ("inthousands", 1e3, THOUSANDS),
        ("000", 1e3, THOUSANDS),
        ("inmillions", 1e6, MILLIONS),
        ("millions", 1e6, MILLIONS),
    ];
    let key = normalise(&ascii_forms(header));
    // Recurly's total_in_cents, a subscription system's amount_in_cents.
    if key.ends_with("incents") {
        return Some((0.01, ["cents", "分"]));
    }
    let unit = key
        .split_once(['(', '['])
        .map(|(_, unit)| unit.trim_end_matches([')', ']']))?;
    UNITS
        .iter()
        .find(|(word, _, _)| unit.trim_start_matches(['$', '¥', '€', '£']) == *word)
        .map(|&(_, unit, words)| (unit, words))
}

/// What a type column's word says of its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeWord {
    /// New, repeat or return ([`parse_order_type`]).
    Declared(DeclaredType),
    /// A top-up of stored value ([`is_top_up`]): no purchase.
    TopUp,
    /// A payment received or money moved ([`is_payment`]): no sale.
    Payment,
    /// A plain "Payment": the tender of a sale (Lightspeed's payment rows, without an amount
    /// of their own), a sale paid so (Stripe's balance history, with one), or, beside
    /// invoices, an invoice paid (QuickBooks' transaction list).
    Tender,
    /// A quote or estimate ([`is_quote`]): no sale.
    Quote,
    /// A sales order (销售订单, Sales Order): a sale, unless the table also gives the
    /// documents that bill or deliver it ([`bills_or_delivers`]), which count instead.
    SalesOrder,
    /// The business's own books: a purchase, an expense or a journal entry
    /// ([`is_own_books`]): no sale.
    OwnBooks,
    /// A Bill, Check or Deposit: among invoices, the business's own books (a supplier's bill,
    /// a cheque it wrote, a bank deposit), no sale; elsewhere a kind of business (a shop's
    /// bill, a restaurant's check).
    Bookkeeping,
}

/// What a type column's word says: new, repeat or return, or a row that is no sale or may
/// not be one (a top-up, a payment, a quote, a sales order, the books' own); `None` for a
/// kind of business (Wholesale, 销售单). What a system adds in parentheses is left out
/// (QuickBooks' Bill Payment (Check)).
pub fn type_word(text: &str) -> Option<TypeWord> {
    let text = text
        .split_once(['(', '（'])
        .map(|(word, _)| word)
        .filter(|word| !word.trim().is_empty())
        .unwrap_or(text);
    if is_top_up(text) {
        Some(TypeWord::TopUp)
    } else if is_payment(text) {
        Some(TypeWord::Payment)
    } else if says_only(text, &["payment"]) {
        Some(TypeWord::Tender)
    } else if is_quote(text) {
        Some(TypeWord::Quote)
    } else if says_only(text, &["salesorder", "销售订单", "订货单"]) {
        Some(TypeWord::SalesOrder)
    } else if is_own_books(text) {
        Some(TypeWord::OwnBooks)
    } else if says_only(text, &["bill", "check", "cheque", "deposit"]) {
        Some(TypeWord::Bookkeeping)
    } else {
        parse_order_type(text).map(TypeWord::Declared)
    }
}

/// Whether a transaction type says money was put on a member's card or account to spend
/// later (充值, 储值, 充值赠送, Top-up, Gift card sale), or taken back off it (充值退款): no
/// purchase, which comes when it is spent (储值消费, paid from the card, is one). A shop's
/// 话费充值 or 充值卡 is goods it sells, and stays a sale.
pub fn is_top_up(text: &str) -> bool {
    says_only(
        text,
        &[
            "充值",
            "储值",
            "预存",
            "预存款",
            "充值赠送",
            "赠送充值",
            "充值送",
            "会员充值",
            "储值充值",
            "会员卡充值",
            "储值卡充值",
            "卡充值",
            "充值退款",
            "退充值",
            "topup",
            "reload",
            "giftcardsale",
            "giftcardpurchase",
        ],
    )
}

/// Whether a transaction type says a payment was received (Dynamics GP's PMT, 收款), or the
/// seller moved money of their own (a General Withdrawal or General Currency
/// Conversion, a transfer to the bank): no sale.
pub fn is_payment(text: &str) -> bool {
    says_only(
        text,
        &[
            "pmt",
            "paymentreceived",
            "payout",
            "customerpayment",
            "提现",
            "withdrawal",
            "generalwithdrawal",
            "currencyconversion",
            "generalcurrencyconversion",
            "transfer",
            "banktransfer",
            "generalbanktransfer",
            "收款",
            "收款单",
            "回款",
            "回款单",
            "预收款",
            "预收款单",
            "预付款",
            "还款",
        ],
    )
}

/// Whether a transaction type says a quote: Estimate, Quote, Quotation, Pro Forma Invoice,
/// 报价单.
pub fn is_quote(text: &str) -> bool {
    says_only(
        text,
        &[
            "estimate",
            "quote",
            "quotation",
            "proforma",
            "proformainvoice",
            "报价",
            "报价单",
        ],
    )
}

/// Whether a transaction type is of the business's own books, not a sale: what it buys
/// (Purchase Order, 采购单), pays (Bill Payment, 付款单) or moves (Journal Entry, Expense), as
/// an accounting system's list of all transactions gives them.
pub fn is_own_books(text: &str) -> bool {
    says_only(
        text,
        &[
            "billpayment",
            "expense",
            "creditcardexpense",
            "cashexpense",
            "journalentry",
            "salestaxpayment",
            "inventoryqtyadjust",
            "inventoryquantityadjustment",
            "purchaseorder",
            "vendorcredit",
            "creditcardcredit",
            "采购单",
            "采购订单",
            "采购入库单",
            "进货单",
            "付款单",
            "费用单",
        ],
    )
}

/// Whether a transaction type names a document that bills or delivers a sale: an invoice
/// (Invoice, 销售发票) or a delivery (销售单, 销售出库单, 发货单). Beside one, a sales order
/// is the same sale again and a Payment pays it.
pub fn bills_or_delivers(text: &str) -> bool {
    says_only(
        text,
        &[
            "invoice",
            "salesinvoice",
            "taxinvoice",
            "发票",
            "销售发票",
            "销售单",
            "销货单",
            "销售出库单",
            "出库单",
            "发货单",
        ],
    )
}

/// Whether a ledger's 摘要 says only that a debt was paid or money paid ahead: 还款, 收款.
pub fn is_debt_paid(text: &str) -> bool {
    says_only(
        text,
        &["还款", "收款", "回款", "收欠款", "预收款", "预付款"],
    )
}

/// Whether a void flag's header (是否作废, 作废标志, Void) says a yes in it voids the line.
pub fn is_void_flag(header: &str) -> bool {
    let header = normalise(header);
    ["作废", "void", "取消", "cancel"]
        .iter()
        .any(|word| header.contains(word))
}

/// Whether a flag says yes: 是, Y, Yes, True, 1, √.
pub fn says_yes(text: &str) -> bool {
    const WORDS: [&str; 7] = ["是", "y", "yes", "true", "1", "√", "✓"];
    says_only(text, &WORDS)
}

/// Whether a remark (备注) says only that the line was voided: 作废, 已取消, Void, Cancelled.
pub fn is_void_remark(text: &str) -> bool {
    const WORDS: [&str; 10] = [
        "作废",
        "已作废",
        "取消",
        "已取消",
        "撤单",
        "void",
        "voided",
        "cancel",
        "cancelled",
        "canceled",
    ];
    says_only(text, &WORDS)
}

/// A currency as its ISO code where it is written by another of its names (RMB, 人民币, ¥;
/// US$, 美元), else as written, in capitals: so that one currency is never taken for two.
pub fn currency_code(text: &str) -> String {
    const NAMES: [(&str, &[&str]); 6] = [
        ("CNY", &["RMB", "人民币", "元", "¥", "￥"]),
        ("USD", &["$", "US$", "美元"]),
        ("EUR", &["€", "欧元"]),
        ("GBP", &["£", "英镑"]),
        ("JPY", &["円", "日元"]),
        ("HKD", &["HK$", "港币", "港元"]),
    ];
    let upper = text.to_uppercase();
    NAMES
        .iter()
        .find(|(_, names)| names.contains(&upper.as_str()))
        .map_or(upper, |(code, _)| (*code).to_owned())
}

/// The month and day of a date written without its year, as a hand-kept ledger writes it:
/// 3月5日, 03月05号, or 3/5 (month first unless `order` says day first).
pub fn month_day(text: &str, order: DateOrder) -> Option<(u32, u32)> {
    let text = text.trim();
    let (month, day) = if let Some((month, rest)) = text.split_once('月') {
        let day = rest
            .strip_suffix('日')
            .or_else(|| rest.strip_suffix('号'))?;
        (month, day)
    } else {
        let (first, second) = slash_pair(text)?;
        match order {
            DateOrder::Dmy => (second, first),
            DateOrder::Auto | DateOrder::Mdy => (first, second),
        }
    };
    let (month, day) = (month.trim().parse().ok()?, day.trim().parse().ok()?);
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some((month, day))
}

/// The two numbers of a date without a year written with a slash (3/5, 12/31): one or two
/// digits each.
fn slash_pair(text: &str) -> Option<(&str, &str)> {
    let (first, second) = text.split_once('/')?;
    let short =
        |part: &str| (1..=2).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit());
    (short(first) && short(second)).then_some((first, second))
}

/// The year a sheet's or file's name gives (2024年销售台账, `sales_2024.csv`): four digits
/// standing alone, from 1900 to 2200, for its dates written without a year. A name that
/// gives two years (2023年12月-2024年2月) gives none.
pub fn year_in_name(name: &str) -> Option<i32> {
    let bytes = name.as_bytes();
    let digit = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_digit);
    let mut years = (0..bytes.len().saturating_sub(3)).filter_map(|i| {
        let alone = (i == 0 || !digit(i - 1)) && !digit(i + 4);
        if !alone || !(i..i + 4).all(digit) {
            return None;
        }
        let year: i32 = name.get(i..i + 4)?.parse().ok()?;
        (1900..=2200).contains(&year).then_some(year)
    });
    let year = years.next()?;
    years.all(|other| other == year).then_some(year)
}

fn date_from_number(n: f64) -> Option<NaiveDate> {
    if n.fract() == 0.0 && (19_000_101.0..=21_001_231.0).contains(&n) {
        let n = n as u32;
        return NaiveDate::from_ymd_opt((n / 10_000).cast_signed(), n / 100 % 100, n % 100);
    }
    // Excel's 1900 date system; serial 60 is the phantom 1900-02-29, so count from 1899-12-30.
    if (1.0..2_958_466.0).contains(&n) {
        let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
        return epoch.checked_add_signed(Duration::days(n.floor() as i64));
    }
    None
}

/// Splits the leading date part of a text into its numbers and tells whether the year is first.
fn date_parts(text: &str) -> Option<([u32; 3], [usize; 3], &str)> {
    let mut parts = [0u32; 3];
    let mut widths = [0usize; 3];
    let mut rest = text;
    for i in 0..3 {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 4 {
            return None;
        }
        parts[i] = rest[..digits].parse().ok()?;
        widths[i] = digits;
        rest = &rest[digits..];
        let sep = rest.chars().next();
        let is_sep = |c: char| matches!(c, '-' | '/' | '.' | '年' | '月' | '日');
        match sep {
            Some(c) if is_sep(c) && i < 2 => rest = &rest[c.len_utf8()..],
            Some(c) if matches!(c, '日' | '号') && i == 2 => rest = &rest[c.len_utf8()..],
            _ if i == 2 => {}
            _ => return None,
        }
    }
    Some((parts, widths, rest))
}

fn parse_date_text(text: &str, order: DateOrder) -> Option<NaiveDate> {
    let text = ascii_forms(text);
    let text = text.trim();
    if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) {
        return date_from_number(text.parse().ok()?);
    }
    // An Excel serial written out as text (45321, 45330.5 with its time), as a workbook saved
    // as CSV without its date format gives it: five digits are 1927 to 2173.
    let (whole, fraction) = text.split_once('.').unwrap_or((text, "0"));
    if whole.len() == 5
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return date_from_number(text.parse().ok()?);
    }
    let Some((parts, widths, rest)) = date_parts(text) else {
        return month_name_date(text);
    };
    if !is_time_suffix(rest) {
        return None;
    }
    let (y, m, d) = if widths[0] == 4 {
        (parts[0], parts[1], parts[2])
    } else if widths[0] == 2 && text.contains('年') {
        // 25年3月6日.
        (full_year(parts[0]), parts[1], parts[2])
    } else if widths[2] == 4 || (order == DateOrder::Mdy && year_last_in_two_digits(parts, widths))
    {
        let y = if widths[2] == 4 {
            parts[2]
        } else {
            full_year(parts[2])
        };
        let day_first = match order {
            DateOrder::Dmy => true,
            DateOrder::Mdy => false,
            // 05.03.2026 is European; otherwise a first part above 12 can only be a day.
            DateOrder::Auto => text.contains('.') || parts[0] > 12,
        };
        if day_first {
            (y, parts[1], parts[0])
        } else {
            (y, parts[0], parts[1])
        }
    } else {
        return None;
    };
    NaiveDate::from_ymd_opt(y.cast_signed(), m, d)
}

/// Whether a date's parts may end in a two-digit year, month first, as Excel's US short date
/// (3/15/26), Etsy and eBay write it. Such dates are read only in a column that shows it is
/// month first (a middle part above 12, or `date_order = "mdy"`): 24.3.5 and Japan's 26/03/15
/// put the year first, and 05/03/26 may be day first.
fn year_last_in_two_digits(parts: [u32; 3], widths: [usize; 3]) -> bool {
    widths[0] <= 2 && widths[1] <= 2 && widths[2] == 2 && parts[0] <= 12
}

/// A two-digit year as Excel reads it: 00–29 this century, 30–99 the last.
fn full_year(year: u32) -> u32 {
    if year < 30 { 2000 + year } else { 1900 + year }
}

/// A date with the month in words: `05-Jan-2026`, `5 January 2026`, `Jan 5, 2026`, `5-Jan-26`,
/// optionally followed by a time.
fn month_name_date(text: &str) -> Option<NaiveDate> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    const WEEKDAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    // The date is what comes before a time such as 14:30 (and its AM or PM).
    let date: Vec<&str> = text
        .split_whitespace()
        .take_while(|word| !word.contains(':'))
        .collect();
    let mut month = None;
    let mut numbers: Vec<(u32, usize)> = Vec::new();
    let tokens = date
        .iter()
        .flat_map(|word| word.split(['-', '/', '.', ',']))
        .filter(|t| !t.is_empty());
    for (position, token) in tokens.enumerate() {
        if token.bytes().all(|b| b.is_ascii_digit()) {
            numbers.push((token.parse().ok()?, token.len()));
            continue;
        }
        let word = token.to_ascii_lowercase();
        // Tue, Jul 14, 2026: the day of the week says nothing more.
        if word.len() >= 3 && WEEKDAYS.iter().any(|d| d.starts_with(word.as_str())) {
            continue;
        }
        let found = MONTHS
            .iter()
            .position(|m| word.len() >= 3 && m.starts_with(word.as_str()))
            .or_else(|| (word == "sept").then_some(8))?;
        if month.replace((found as u32 + 1, position)).is_some() {
            return None;
        }
    }
    let (month, position) = month?;
    let (day, year) = match numbers[..] {
        // 5 Jan 2026, Jan 5 2026, 2026 Jan 5: the four-digit number is the year.
        [(a, 4), (b, 1..=2)] => (b, a),
        [(a, 1..=2), (b, 4)] => (a, b),
        // 05-Jan-26, as Oracle and SAP write it: day, month, two-digit year.
        [(a, 1..=2), (b, 2)] if position == 1 => (a, full_year(b)),
        // Mar-16-26, as eBay writes it: month, day, two-digit year.
        [(a, 1..=2), (b, 2)] if position == 0 && text.contains('-') => (a, full_year(b)),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(year.cast_signed(), month, day)
}

/// Whether what follows a date is nothing or a time such as ` 08:26`, `T08:26:00Z`, ` 8:26 PM`.
fn is_time_suffix(rest: &str) -> bool {
    // A weekday, as a Chinese ledger adds it: 2025/3/5 星期三, 2025-03-08(周六).
    let rest = rest.trim();
    let rest = ["星期", "礼拜", "周", "(星期", "(周", "（星期", "（周"]
        .iter()
        .find_map(|w| rest.strip_prefix(w))
        .and_then(|r| {
            let mut chars = r.chars();
            chars
                .next()
                .filter(|c| "一二三四五六日天".contains(*c))
                .map(|_| chars.as_str().trim_start_matches([')', '）']))
        })
        .unwrap_or(rest);
    // A clock time's zone written out: 2025-03-05 14:22:00 UTC, as BigQuery exports it.
    let rest = rest
        .trim()
        .strip_suffix("UTC")
        .or_else(|| rest.trim().strip_suffix("GMT"))
        .unwrap_or(rest);
    // 2026/01/05 下午 03:30, as WPS and Chinese Excel write it.
    let rest = rest.trim();
    let rest = rest
        .strip_prefix("上午")
        .or_else(|| rest.strip_prefix("下午"))
        .map_or(rest, str::trim);
    if rest.is_empty() {
        return true;
    }
    let rest = rest.strip_prefix('T').unwrap_or(rest);
    let first_is_digit = rest.bytes().next().is_some_and(|b| b.is_ascii_digit());
    // 14时30分, 14点30分15秒.
    let chinese = rest.contains(['时', '点'])
        && rest
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '时' | '点' | '分' | '秒' | ' '));
    let clock = rest.contains(':')
        && rest.chars().all(|c| {
            c.is_ascii_digit()
                || matches!(
                    c,
                    ':' | '.' | ' ' | 'Z' | '+' | '-' | 'A' | 'P' | 'M' | 'a' | 'p' | 'm'
                )
        });
    first_is_digit && (chinese || clock)
}

/// What one value says of how its column is written: the order of day and month of a date
/// (25/03/2026 is day first), or the decimal mark of an amount (99,90 has a comma).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reveal<T> {
    /// Nothing: an ISO date, a whole number, a cell that is no text.
    Nothing,
    /// It could be read either way: 03/05/2026; 2.500 (2.5 with a point, 2500 with a comma).
    Ambiguous,
    /// Only this reading fits it.
    Shows(T),
}

/// The day/month order a text date like 25/03/2026 reveals.
pub fn revealed_order(cell: &Cell<'_>) -> Reveal<DateOrder> {
    let Cell::Text(text) = cell else {
        return Reveal::Nothing;
    };
    match date_parts(ascii_forms(text).trim()) {
        // 3/15/26 shows month first; 3/5/26 tells nothing, as its year may be first too.
        Some((parts, widths, _)) if year_last_in_two_digits(parts, widths) => {
            if parts[1] > 12 {
                Reveal::Shows(DateOrder::Mdy)
            } else {
                Reveal::Nothing
            }
        }
        Some((parts, widths, _)) if widths[2] == 4 => reveal_of(parts[0], parts[1]),
        // A hand-kept ledger's 25/3 without its year (２５/３ typed full width).
        None => slash_pair(ascii_forms(text).trim())
            .and_then(|(first, second)| Some(reveal_of(first.parse().ok()?, second.parse().ok()?)))
            .unwrap_or(Reveal::Nothing),
        _ => Reveal::Nothing,
    }
}

/// What a date's first two numbers show of the order of day and month.
fn reveal_of(first: u32, second: u32) -> Reveal<DateOrder> {
    if first > 12 && second <= 12 {
        Reveal::Shows(DateOrder::Dmy)
    } else if second > 12 && first <= 12 {
        Reveal::Shows(DateOrder::Mdy)
    } else {
        Reveal::Ambiguous
    }
}

/// Parses an amount: a number, or text with currency symbols, thousands separators, a 元 or
/// 万 suffix, one sign (accounting parentheses, a leading or trailing minus, a plus), full-width
/// digits or an exponent. The decimal mark is `mark`; with [`DecimalMark::Auto`], a decimal
/// comma where nothing else can be meant. What could be read two ways is refused, never
/// guessed.
pub fn parse_amount(cell: &Cell<'_>, mark: DecimalMark) -> Option<f64> {
    match *cell {
        Cell::Number(n) if n.is_finite() => Some(n),
        Cell::Text(text) => parse_amount_text(text, mark),
        _ => None,
    }
}

fn parse_amount_text(text: &str, mark: DecimalMark) -> Option<f64> {
    let s = text.trim();
    // Most cells are plain numbers: parse them without the search for symbols and separators.
    if s.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && !s.is_empty()
        && (mark != DecimalMark::Comma || !s.contains('.'))
    {
        return s.parse().ok().filter(|v: &f64| v.is_finite());
    }
    let ascii = amount_forms(s);
    let Bare {
        number: s,
        negative,
        scale,
    } = bare_number(ascii.trim())?;
    let point = || {
        remove_thousands_separators(s)
            .filter(|p| is_decimal(p))
            .or_else(|| is_exponent_form(s).then(|| s.to_owned()))
    };
    let plain = match mark {
        DecimalMark::Auto => point().or_else(|| comma_decimal(s, true)),
        DecimalMark::Point => point(),
        DecimalMark::Comma => comma_decimal(s, false),
    }?;
    let value = plain.parse::<f64>().ok()? * scale;
    value
        .is_finite()
        .then_some(if negative { -value } else { value })
}

/// An amount's text in ASCII ([`ascii_forms`]), with whole euros written the German way
/// (`1.000,-`) as `1.000,00`: the dash is no minus.
fn amount_forms(text: &str) -> Cow<'_, str> {
    // An en dash typed for a minus sign (–45.00).
    let text = text
        .strip_prefix('–')
        .map_or(Cow::Borrowed(text), |rest| Cow::Owned(format!("-{rest}")));
    let ascii = match ascii_forms(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(ascii) => Cow::Owned(ascii),
    };
    let Some(at) = ascii.find(",-") else {
        return ascii;
    };
    let rest = ascii[at + 2..].trim_start_matches('-');
    if rest.bytes().any(|b| b.is_ascii_digit()) {
        return ascii;
    }
    Cow::Owned(format!("{},00{rest}", &ascii[..at]))
}

/// An amount's text without its sign, currency and 万.
struct Bare<'a> {
    /// Digits and separators.
    number: &'a str,
    negative: bool,
    /// 10,000 for 万, else 1.
    scale: f64,
}

/// The number in an amount's text; `None` when it has two signs.
fn bare_number(mut s: &str) -> Option<Bare<'_>> {
    // Signs counted: (120.00), -120, 120- (SAP and other ledgers) and +120 are one each; a
    // second, as in (-120) or -120-, makes the amount unreadable, not positive.
    let mut signs = 0;
    let mut negative = false;
    if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        (negative, signs) = (true, signs + 1);
        s = inner.trim();
    }
    if let Some(rest) = s.strip_suffix('-') {
        (negative, signs) = (true, signs + 1);
        s = rest.trim();
    }
    let mut strip_sign = |s: &mut &str| {
        if let Some(rest) = s.strip_prefix('-') {
            (negative, signs) = (true, signs + 1);
            *s = rest.trim();
        } else if let Some(rest) = s.strip_prefix('+') {
            signs += 1;
            *s = rest.trim();
        }
    };
    strip_sign(&mut s);
    let mut scale = 1.0;
    // A dollar of Hong Kong, Taiwan, Singapore, ... (HK$1,234.50, NT$800) says its country
    // first.
    for prefix in [
        "RMB",
        "CNY",
        "人民币",
        "USD",
        "EUR",
        "GBP",
        "HKD",
        "TWD",
        "SGD",
        "HK$",
        "NT$",
        "US$",
        "S$",
        "A$",
        "C$",
        "CA$",
        "AU$",
        "NZ$",
        "R$",
        "MOP$",
        "¥",
        "$",
        "€",
        "£",
        "₹",
    ] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.trim();
        }
    }
    strip_sign(&mut s);
    for suffix in [
        "元", "RMB", "CNY", "USD", "EUR", "HKD", "TWD", "SGD", "港币", "港元", "€", "¥", "$",
    ] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.trim();
        }
    }
    if let Some(rest) = s.strip_suffix('万') {
        s = rest.trim();
        scale = 10_000.0;
    }
    (signs <= 1).then_some(Bare {
        number: s,
        negative,
        scale,
    })
}

/// The decimal mark a text amount such as 1.280,50 or 12.50 reveals.
pub fn revealed_mark(cell: &Cell<'_>) -> Reveal<DecimalMark> {
    let Cell::Text(text) = cell else {
        return Reveal::Nothing;
    };
    let ascii = amount_forms(text.trim());
    let Some(Bare { number: s, .. }) = bare_number(ascii.trim()) else {
        return Reveal::Nothing;
    };
    let point = remove_thousands_separators(s).filter(|p| is_decimal(p));
    // Dots alone may group thousands (2.500.000); a comma must be one only a decimal can be.
    let comma = comma_decimal(s, s.contains(','));
    let parsed = |plain: &Option<String>| plain.as_deref().and_then(|p| p.parse::<f64>().ok());
    match (parsed(&point), parsed(&comma)) {
        // 1,200 counts for a point too: a comma before three digits is read as thousands,
        // as a point's column writes them, and is rarely a decimal mark.
        (Some(_), None) if s.contains(['.', ',']) => Reveal::Shows(DecimalMark::Point),
        (None, Some(_)) => Reveal::Shows(DecimalMark::Comma),
        (Some(p), Some(c)) if p != c && s.contains('.') => Reveal::Ambiguous,
        _ => Reveal::Nothing,
    }
}

/// Digits with at most one decimal point, and at least one digit.
fn is_decimal(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_digit())
        && s.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && s.bytes().filter(|&b| b == b'.').count() <= 1
}

/// `1.23E+05`, as Excel writes large numbers into a CSV.
fn is_exponent_form(s: &str) -> bool {
    let Some((mantissa, exponent)) = s.split_once(['e', 'E']) else {
        return false;
    };
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    is_decimal(mantissa) && !exponent.is_empty() && exponent.bytes().all(|b| b.is_ascii_digit())
}

/// A number with a decimal comma, its thousands grouped by dots, spaces or apostrophes:
/// `1.280,50`, `3 000,00`, `2.500`. With `strict`, only where nothing else can be meant: one or
/// two digits after the comma, which must be there; three (`12,500`) are thousands, and four
/// or more (`12,3456`) may be digits grouped by four, as Chinese sometimes writes.
fn comma_decimal(s: &str, strict: bool) -> Option<String> {
    let (int, frac) = match s.split_once(',') {
        Some((int, frac)) => (int, Some(frac)),
        None if !strict => (s, None),
        None => return None,
    };
    if let Some(frac) = frac {
        let digits = if strict { 1..=2 } else { 1..=usize::MAX };
        if !digits.contains(&frac.len()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    let mut groups = int.split(['.', ' ', '\'']);
    let first = groups.next()?;
    let grouped = first.len() < int.len();
    // 0.500 is no thousands: a group never starts a number with 0.
    if first.is_empty()
        || !first.bytes().all(|b| b.is_ascii_digit())
        || (grouped && (first.len() > 3 || first.starts_with('0')))
    {
        return None;
    }
    let mut out = first.to_owned();
    for group in groups {
        if group.len() != 3 || !group.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        out.push_str(group);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    Some(out)
}

/// A customer or order id as the same one is written everywhere: full-width forms as ASCII
/// (`００１２３`), without the wrappers exports put round ids to keep their leading zeros
/// (`="00123"`, `'00123`), and a number written with a decimal part of zeros (`17850.0`, as
/// pandas writes an id column that had a blank) as the whole number.
pub fn identifier(text: &str) -> Cow<'_, str> {
    let ascii = ascii_forms(text);
    let s = ascii.trim();
    let unwrapped = s
        .strip_prefix("=\"")
        .and_then(|r| r.strip_suffix('"'))
        .or_else(|| s.strip_prefix('\''))
        .unwrap_or(s);
    let whole = unwrapped
        .split_once('.')
        .filter(|(int, zeros)| {
            !int.is_empty()
                && int.bytes().all(|b| b.is_ascii_digit())
                && !zeros.is_empty()
                && zeros.bytes().all(|b| b == b'0')
        })
        .map_or(unwrapped, |(int, _)| int);
    if whole == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(whole.to_owned())
    }
}

/// Full-width letters, digits and signs (１２８０．５０, as a Chinese input method types them)
/// as their ASCII forms, ￥ as ¥, the ideographic space as a space and the minus sign − as
/// `-`, of the text as it shows ([`as_shown`]).
pub fn ascii_forms(text: &str) -> Cow<'_, str> {
    let shown = as_shown(text);
    if shown.is_ascii() {
        return shown;
    }
    Cow::Owned(
        shown
            .chars()
            .map(|c| match c {
                '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
                '\u{ffe5}' => '¥',
                // The ideographic space, and the no-break, narrow no-break and thin spaces that
                // group thousands in French and other European formats (1 250,00).
                '\u{3000}' | '\u{a0}' | '\u{202f}' | '\u{2009}' => ' ',
                '\u{2212}' => '-',
                _ => c,
            })
            .collect(),
    )
}

/// A customer's name as a key: its [`ascii_forms`], its runs of spaces as one, and without the
/// full stop that ends an abbreviation (Globex Ltd. is Globex Ltd, Acme  Corp is Acme Corp),
/// so that one customer typed two ways is one customer.
pub fn name_key(text: &str) -> Cow<'_, str> {
    let name = ascii_forms(text);
    let spaced = |n: &str| n.contains("  ") || n.contains(['\t', '\n']);
    let stripped = name.trim().trim_end_matches('.').trim_end();
    if stripped.is_empty() || (!spaced(stripped) && stripped.len() == name.len()) {
        return name;
    }
    if !spaced(stripped) {
        return Cow::Owned(stripped.to_owned());
    }
    let mut key = String::with_capacity(stripped.len());
    for word in stripped.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(word);
    }
    Cow::Owned(key)
}

/// Whether a character is Chinese or Japanese, written without spaces between words: a
/// line break beside one joins nothing.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}' // kana
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{2ffff}')
}

/// A cell's text as it shows: without the characters that show nothing, which a paste from
/// a web page or a chat brings along (a zero-width space, a byte-order mark), and with a
/// line break typed within the cell (Alt+Enter) nothing beside a Chinese character and a
/// space between other words. A name pasted so is the name it shows.
pub fn as_shown(text: &str) -> Cow<'_, str> {
    let invisible = |c: char| matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}');
    let plain = if text.is_ascii() {
        !text.contains(['\n', '\r'])
    } else {
        !text.contains(|c: char| invisible(c) || c == '\n' || c == '\r')
    };
    if plain {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => {
                let before = out.chars().next_back();
                let after = chars.peek().copied();
                if let (Some(before), Some(after)) = (before, after)
                    && !is_cjk(before)
                    && !is_cjk(after)
                    && !before.is_whitespace()
                    && !after.is_whitespace()
                {
                    out.push(' ');
                }
            }
            '\r' => {}
            c if invisible(c) => {}
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `1,280,000.50` → `1280000.50`; `12,50` is left to [`comma_decimal`].
fn remove_thousands_separators(s: &str) -> Option<String> {
    let s = s.replace([' ', '\''], ",");
    if !s.contains(',') {
        return Some(s);
    }
    let (int, frac) = s
        .split_once('.')
        .map_or((s.as_str(), None), |(i, f)| (i, Some(f)));
    let mut groups = int.split(',');
    let first = groups.next()?;
    // 0,500 is no thousands: a group never starts a number with 0.
    if first.is_empty() || first.len() > 3 || first.starts_with('0') {
        return None;
    }
    let mut out = first.to_owned();
    for group in groups {
        if group.len() != 3 {
            return None;
        }
        out.push_str(group);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    Some(out)
}

/// Lower case, without spaces, underscores and similar, in simplified characters, for
/// matching words and headers.
pub fn normalise(text: &str) -> String {
    normalised_chars(text).collect()
}

fn normalised_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '_' | '-' | '.' | '#' | ':' | '：' | '/' | '\'')
        })
        .flat_map(char::to_lowercase)
        .map(simplified)
}

/// Traditional characters of the words tiers reads (客戶編號, 訂單狀態, 金額), in order, and
/// [`SIMPLIFIED`], their simplified forms: headers and statuses from Taiwan and Hong Kong
/// are matched as the mainland writes them. 帳 and 帐 are both 账 (帳單號, 买家帐号).
const TRADITIONAL: [char; 291] = [
    '丟', '並', '亞', '來', '係', '倉', '個', '備', '傳', '債', '價', '億', '優', '儲', '內', '兩',
    '別', '則', '創', '劃', '劉', '動', '務', '匯', '區', '參', '吳', '員', '問', '啟', '單', '嘩',
    '國', '園', '圖', '團', '報', '場', '孫', '學', '實', '寧', '審', '寬', '寶', '對', '導', '屬',
    '帐', '師', '帳', '帶', '幣', '幫', '庫', '廈', '廠', '廢', '廣', '廳', '張', '彙', '後', '從',
    '復', '態', '慶', '憑', '應', '戶', '換', '損', '擇', '據', '攤', '數', '斷', '時', '暫', '暱',
    '書', '會', '東', '條', '楊', '業', '極', '構', '樂', '樓', '標', '樣', '機', '檔', '檢', '櫃',
    '權', '歐', '歲', '歷', '歸', '氣', '淨', '減', '滿', '潤', '濟', '濱', '為', '無', '營', '狀',
    '獎', '獲', '現', '環', '產', '當', '發', '盤', '確', '碼', '禮', '稅', '種', '稱', '積', '筆',
    '節', '簡', '簽', '紀', '約', '紅', '納', '紙', '級', '紛', '細', '終', '組', '結', '絡', '給',
    '統', '絲', '經', '綜', '網', '線', '編', '縣', '總', '續', '羅', '義', '聖', '聯', '臺', '興',
    '舉', '舊', '莊', '華', '萬', '葉', '蕭', '藍', '藥', '蘋', '蘭', '處', '號', '衛', '補', '裝',
    '複', '見', '規', '訂', '計', '記', '訪', '設', '許', '訴', '註', '評', '詢', '話', '誌', '認',
    '語', '說', '誰', '課', '調', '談', '請', '論', '諮', '謝', '證', '識', '讀', '變', '讓', '豐',
    '貝', '負', '財', '貨', '責', '買', '貸', '費', '貼', '貿', '資', '賓', '賠', '賣', '質', '賬',
    '購', '贈', '贊', '贏', '趙', '車', '輸', '轉', '辦', '這', '連', '進', '運', '過', '達', '選',
    '還', '郵', '鄧', '鄭', '銀', '銳', '銷', '錄', '錢', '錦', '錯', '鎊', '鎖', '鑽', '長', '門',
    '閉', '開', '間', '關', '陳', '階', '際', '雙', '雜', '離', '雲', '電', '靈', '韓', '項', '順',
    '預', '頭', '題', '額', '願', '類', '顧', '顯', '餘', '饋', '馬', '駁', '驗', '體', '鳳', '鴻',
    '黃', '點', '龍',
];

/// The simplified form of each of [`TRADITIONAL`].
const SIMPLIFIED: [char; 291] = [
    '丢', '并', '亚', '来', '系', '仓', '个', '备', '传', '债', '价', '亿', '优', '储', '内', '两',
    '别', '则', '创', '划', '刘', '动', '务', '汇', '区', '参', '吴', '员', '问', '启', '单', '哗',
    '国', '园', '图', '团', '报', '场', '孙', '学', '实', '宁', '审', '宽', '宝', '对', '导', '属',
    '账', '师', '账', '带', '币', '帮', '库', '厦', '厂', '废', '广', '厅', '张', '汇', '后', '从',
    '复', '态', '庆', '凭', '应', '户', '换', '损', '择', '据', '摊', '数', '断', '时', '暂', '昵',
    '书', '会', '东', '条', '杨', '业', '极', '构', '乐', '楼', '标', '样', '机', '档', '检', '柜',
    '权', '欧', '岁', '历', '归', '气', '净', '减', '满', '润', '济', '滨', '为', '无', '营', '状',
    '奖', '获', '现', '环', '产', '当', '发', '盘', '确', '码', '礼', '税', '种', '称', '积', '笔',
    '节', '简', '签', '纪', '约', '红', '纳', '纸', '级', '纷', '细', '终', '组', '结', '络', '给',
    '统', '丝', '经', '综', '网', '线', '编', '县', '总', '续', '罗', '义', '圣', '联', '台', '兴',
    '举', '旧', '庄', '华', '万', '叶', '萧', '蓝', '药', '苹', '兰', '处', '号', '卫', '补', '装',
    '复', '见', '规', '订', '计', '记', '访', '设', '许', '诉', '注', '评', '询', '话', '志', '认',
    '语', '说', '谁', '课', '调', '谈', '请', '论', '咨', '谢', '证', '识', '读', '变', '让', '丰',
    '贝', '负', '财', '货', '责', '买', '贷', '费', '贴', '贸', '资', '宾', '赔', '卖', '质', '账',
    '购', '赠', '赞', '赢', '赵', '车', '输', '转', '办', '这', '连', '进', '运', '过', '达', '选',
    '还', '邮', '邓', '郑', '银', '锐', '销', '录', '钱', '锦', '错', '镑', '锁', '钻', '长', '门',
    '闭', '开', '间', '关', '陈', '阶', '际', '双', '杂', '离', '云', '电', '灵', '韩', '项', '顺',
    '预', '头', '题', '额', '愿', '类', '顾', '显', '余', '馈', '马', '驳', '验', '体', '凤', '鸿',
    '黄', '点', '龙',
];

/// A character in its simplified form, where it is one of [`TRADITIONAL`].
fn simplified(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    TRADITIONAL.binary_search(&c).map_or(c, |i| SIMPLIFIED[i])
}

/// Status words, normalised; the config can add more.
const STATUS_WORDS: &[(&str, Status)] = &[
    ("completed", Status::Completed),
    ("complete", Status::Completed),
    ("done", Status::Completed),
    ("closed", Status::Completed),
    ("finished", Status::Completed),
    ("delivered", Status::Completed),
    ("fulfilled", Status::Completed),
    ("已完成", Status::Completed),
    ("完成", Status::Completed),
    ("已签收", Status::Completed),
    ("已收货", Status::Completed),
    ("交易成功", Status::Completed),
    ("交易完成", Status::Completed),
    // Shopify: a partial refund leaves the order counted.
    ("partiallyrefunded", Status::Completed),
    ("shipped", Status::Shipped),
    ("dispatched", Status::Shipped),
    ("intransit", Status::Shipped),
    ("已发货", Status::Shipped),
    ("发货", Status::Shipped),
    ("运输中", Status::Shipped),
    ("配送中", Status::Shipped),
    ("shipping", Status::Shipped),
    // Pinduoduo; JD's shipped order awaiting the buyer's receipt.
    ("已发货，待签收", Status::Shipped),
    ("未发货，退款成功", Status::Refunded),
    ("已发货，退款成功", Status::Refunded),
    ("已签收，退款成功", Status::Refunded),
    ("等待确认收货", Status::Shipped),
    // JD's deleted order; Ele.me's void one.
    ("(删除)等待出库", Status::Cancelled),
    ("（删除）等待出库", Status::Cancelled),
    ("无效订单", Status::Cancelled),
    // Ecwid's abandoned checkout; OpenCart's reversed payment, denied order and a reversal
    // undone (the sale stands).
    ("incomplete", Status::Pending),
    ("reversed", Status::Refunded),
    ("denied", Status::Cancelled),
    ("canceledreversal", Status::Completed),
    ("cancelledreversal", Status::Completed),
    // A CRM's deal stages: a won deal is a sale, a lost one none, an open one pending.
    ("closedwon", Status::Completed),
    ("won", Status::Completed),
    ("赢单", Status::Completed),
    ("已成交", Status::Completed),
    ("成交", Status::Completed),
    ("closedlost", Status::Cancelled),
    ("lost", Status::Cancelled),
    ("输单", Status::Cancelled),
    ("丢单", Status::Cancelled),
    ("prospecting", Status::Pending),
    // Salesforce's open stages, and those of Chinese CRMs (纷享销客, 销售易).
    ("needsanalysis", Status::Pending),
    ("valueproposition", Status::Pending),
    ("iddecisionmakers", Status::Pending),
    ("perceptionanalysis", Status::Pending),
    ("proposalpricequote", Status::Pending),
    ("negotiationreview", Status::Pending),
    ("验证客户", Status::Pending),
    ("需求确定", Status::Pending),
    ("需求确认", Status::Pending),
    ("方案报价", Status::Pending),
    ("谈判审核", Status::Pending),
    ("初步接洽", Status::Pending),
    ("qualification", Status::Pending),
    ("proposal", Status::Pending),
    ("negotiation", Status::Pending),
    ("谈判中", Status::Pending),
    ("跟进中", Status::Pending),
    ("报价", Status::Pending),
    ("意向", Status::Pending),
    ("已发货,待签收", Status::Shipped),
    ("待签收", Status::Shipped),
    // Taobao and Tmall order exports.
    ("卖家已发货，等待买家确认", Status::Shipped),
    ("卖家已发货,等待买家确认", Status::Shipped),
    ("等待买家确认收货", Status::Shipped),
    ("processed", Status::Processed),
    ("processing", Status::Processed),
    ("confirmed", Status::Processed),
    ("invoiced", Status::Processed),
    ("paid", Status::Processed),
    ("已处理", Status::Processed),
    ("处理中", Status::Processed),
    ("已确认", Status::Processed),
    ("已付款", Status::Processed),
    ("已支付", Status::Processed),
    ("partiallypaid", Status::Processed),
    ("approved", Status::Processed),
    ("买家已付款，等待卖家发货", Status::Processed),
    ("买家已付款,等待卖家发货", Status::Processed),
    ("等待卖家发货", Status::Processed),
    ("等待出库", Status::Processed),
    ("pending", Status::Pending),
    ("open", Status::Pending),
    ("awaiting", Status::Pending),
    ("onhold", Status::Pending),
    ("pendingpayment", Status::Pending),
    // JD.com: an order held for review.
    ("锁定", Status::Pending),
    ("unpaid", Status::Pending),
    ("draft", Status::Pending),
    ("待处理", Status::Pending),
    ("待付款", Status::Pending),
    ("待支付", Status::Pending),
    // Paid and waiting to ship, as Taobao's 买家已付款，等待卖家发货.
    ("待发货", Status::Processed),
    ("待确认", Status::Pending),
    ("待审核", Status::Pending),
    ("未处理", Status::Pending),
    ("authorized", Status::Pending),
    ("created", Status::Pending),
    ("等待买家付款", Status::Pending),
    ("cancelled", Status::Cancelled),
    ("canceled", Status::Cancelled),
    ("cancel", Status::Cancelled),
    ("void", Status::Cancelled),
    ("voided", Status::Cancelled),
    ("rejected", Status::Cancelled),
    ("已取消", Status::Cancelled),
    ("取消", Status::Cancelled),
    ("已作废", Status::Cancelled),
    ("作废", Status::Cancelled),
    ("交易关闭", Status::Cancelled),
    ("expired", Status::Cancelled),
    ("unavailable", Status::Cancelled),
    ("failed", Status::Cancelled),
    // Shop, invoicing and ERP systems' own words (BigCommerce, PrestaShop, Xero, Odoo,
    // NetSuite, Stripe, Shopee, HubSpot; 抖店, 视频号, 聚水潭, 易订货, 秦丝).
    ("succeeded", Status::Completed),
    ("billed", Status::Completed),
    ("fullybilled", Status::Completed),
    ("partiallyshipped", Status::Shipped),
    ("partiallyfulfilled", Status::Shipped),
    ("pendingbilling", Status::Shipped),
    ("outfordelivery", Status::Shipped),
    ("toreceive", Status::Shipped),
    ("待收货", Status::Shipped),
    ("待收货确认", Status::Shipped),
    ("发货中", Status::Shipped),
    // An invoice issued and not yet paid (Zoho's Overdue) is a sale made.
    ("overdue", Status::Processed),
    ("awaitingfulfillment", Status::Processed),
    ("awaitingfulfilment", Status::Processed),
    ("awaitingshipment", Status::Processed),
    ("awaitingpickup", Status::Processed),
    ("awaitingcollection", Status::Processed),
    ("backordered", Status::Processed),
    ("inprocess", Status::Pending),
    ("pendingfulfillment", Status::Processed),
    ("unfulfilled", Status::Processed),
    ("toship", Status::Processed),
    ("readytoship", Status::Processed),
    ("paymentaccepted", Status::Processed),
    ("remotepaymentaccepted", Status::Processed),
    ("processinginprogress", Status::Processed),
    ("onbackorder(paid)", Status::Processed),
    ("salesorder", Status::Processed),
    ("locked", Status::Processed),
    ("已付款待审核", Status::Processed),
    ("已客审待财审", Status::Processed),
    ("待财审", Status::Processed),
    ("待出库审核", Status::Processed),
    ("待发货确认", Status::Processed),
    ("awaitingpayment", Status::Pending),
    ("awaitingapproval", Status::Pending),
    ("awaitingbankwirepayment", Status::Pending),
    ("awaitingcheckpayment", Status::Pending),
    ("awaitingcashondeliveryvalidation", Status::Pending),
    ("onbackorder(notpaid)", Status::Pending),
    ("manualverificationrequired", Status::Pending),
    ("pendingapproval", Status::Pending),
    ("disputed", Status::Pending),
    ("suspectedfraud", Status::Pending),
    // Magento's status codes: holded (On Hold), payment_review, fraud (Suspected Fraud).
    ("holded", Status::Pending),
    ("paymentreview", Status::Pending),
    ("fraud", Status::Pending),
    ("uncaptured", Status::Pending),
    ("layaway", Status::Pending),
    ("quotation", Status::Pending),
    ("quotationsent", Status::Pending),
    ("appointmentscheduled", Status::Pending),
    ("qualifiedtobuy", Status::Pending),
    ("presentationscheduled", Status::Pending),
    ("decisionmakerboughtin", Status::Pending),
    ("contractsent", Status::Pending),
    ("等待付款", Status::Pending),
    ("待订单审核", Status::Pending),
    ("refundaccepted", Status::Refunded),
    ("returnaccepted", Status::Refunded),
    ("declined", Status::Cancelled),
    ("paymenterror", Status::Cancelled),
    // An ERP document's state (单据状态: 畅捷通, 秦丝, 用友): approved or posted is a sale.
    ("正常", Status::Completed),
    ("有效", Status::Completed),
    ("已记账", Status::Completed),
    ("已过账", Status::Completed),
    ("已结算", Status::Completed),
    ("已收款", Status::Completed),
    ("已出库", Status::Shipped),
    ("部分出库", Status::Shipped),
    ("已审核", Status::Processed),
    ("审核通过", Status::Processed),
    ("已生效", Status::Processed),
    ("未审核", Status::Pending),
    ("暂存", Status::Pending),
    ("草稿", Status::Pending),
    // An approval (审批状态, 销售易) or a restaurant's bill (账单状态, 哗啦啦).
    ("审批通过", Status::Processed),
    ("已审批", Status::Processed),
    ("审批中", Status::Pending),
    ("待审批", Status::Pending),
    ("已驳回", Status::Cancelled),
    ("驳回", Status::Cancelled),
    ("审批未通过", Status::Cancelled),
    ("审核不通过", Status::Cancelled),
    ("未支付", Status::Pending),
    ("未付款", Status::Pending),
    ("已结账", Status::Completed),
    ("已反结账", Status::Cancelled),
    ("反结账", Status::Cancelled),
    // A dispute settled (sales_data_sample, classicmodels); Amazon's shipped and delivered;
    // an invoice part paid (Wave).
    ("resolved", Status::Completed),
    ("shippeddeliveredtobuyer", Status::Completed),
    ("partial", Status::Processed),
    // Invoicing and ERP systems' own words (NetSuite, Recurly, Stripe, Lightspeed).
    ("paidinfull", Status::Completed),
    ("deposited", Status::Completed),
    ("fullyapplied", Status::Completed),
    ("settled", Status::Completed),
    ("captured", Status::Completed),
    ("posted", Status::Completed),
    ("completedpaid", Status::Completed),
    ("onaccountclosed", Status::Completed),
    ("fullyshipped", Status::Shipped),
    ("pastdue", Status::Processed),
    ("backorder", Status::Processed),
    ("readyforpickup", Status::Processed),
    ("notpaid", Status::Pending),
    ("uncollectible", Status::Cancelled),
    ("cancelledbycustomer", Status::Cancelled),
    ("canceledbycustomer", Status::Cancelled),
    ("chargeback", Status::Refunded),
    // Chinese shops and services: delivered and reviewed, redeemed, shipped abroad, paid.
    ("待评价", Status::Completed),
    ("已评价", Status::Completed),
    ("已核销", Status::Completed),
    ("已使用", Status::Completed),
    ("已送达", Status::Completed),
    ("已收汇", Status::Completed),
    ("部分退款", Status::Completed),
    ("换货中", Status::Completed),
    ("已出运", Status::Shipped),
    ("已签合同", Status::Processed),
    ("待核销", Status::Processed),
    ("待使用", Status::Processed),
    ("已接单", Status::Processed),
    ("待接单", Status::Pending),
    ("待成团", Status::Pending),
    ("拼团失败", Status::Cancelled),
    ("拒收", Status::Cancelled),
    ("已拒单", Status::Cancelled),
    ("用户取消", Status::Cancelled),
    ("商家取消", Status::Cancelled),
    ("退货完成", Status::Refunded),
    // An approval's result (钉钉宜搭): agreed, refused, withdrawn.
    ("同意", Status::Processed),
    ("已同意", Status::Processed),
    ("拒绝", Status::Cancelled),
    ("已拒绝", Status::Cancelled),
    ("已撤销", Status::Cancelled),
    ("撤销", Status::Cancelled),
    ("已撤回", Status::Cancelled),
    // A credit note or memo given as a line's status is money given back for a sale.
    ("creditnote", Status::Returned),
    ("creditmemo", Status::Returned),
    // 聚水潭: merged into another order, whose lines count.
    ("被合并", Status::Cancelled),
    ("returned", Status::Returned),
    ("return", Status::Returned),
    ("退货", Status::Returned),
    ("已退货", Status::Returned),
    ("refunded", Status::Refunded),
    ("refund", Status::Refunded),
    ("fullyrefunded", Status::Refunded),
    ("退款", Status::Refunded),
    ("已退款", Status::Refunded),
    ("退款成功", Status::Refunded),
    ("退货退款", Status::Refunded),
    ("已退货退款", Status::Refunded),
    ("退货退款成功", Status::Refunded),
    ("退款完成", Status::Refunded),
    // 旺店通's 退款状态: the whole order's money went back (部分退款 is a sale kept).
    ("全部退款", Status::Refunded),
    ("全额退款", Status::Refunded),
    ("已全额退款", Status::Refunded),
];

/// Recognises order statuses: built-in English and Chinese words plus the config's aliases.
#[derive(Debug, Clone)]
pub struct StatusWords {
    extra: Vec<(String, Status)>,
}

impl StatusWords {
    /// Builds the recogniser, checking the config's aliases name a known status.
    pub fn new(aliases: &BTreeMap<String, String>) -> Result<Self> {
        let mut extra = Vec::new();
        for (word, status) in aliases {
            let status = match normalise(status).as_str() {
                "completed" => Status::Completed,
                "shipped" => Status::Shipped,
                "processed" => Status::Processed,
                "pending" => Status::Pending,
                "cancelled" => Status::Cancelled,
                "returned" => Status::Returned,
                "refunded" => Status::Refunded,
                _ => bail!(
                    "input.status_aliases: \"{word}\" = \"{status}\": expected one of completed, shipped, processed, pending, cancelled, returned, refunded"
                ),
            };
            extra.push((normalise(word), status));
        }
        Ok(Self { extra })
    }

    /// The status a text names, if it names one.
    pub fn parse(&self, text: &str) -> Option<Status> {
        let key = normalise(text);
        self.extra
            .iter()
            .map(|(w, s)| (w.as_str(), *s))
            .chain(STATUS_WORDS.iter().copied())
            .find(|(w, _)| *w == key)
            .map(|(_, s)| s)
    }
}

/// The order type a text names: new, repeat or return, in English or Chinese.
pub fn parse_order_type(text: &str) -> Option<DeclaredType> {
    match normalise(text).as_str() {
        "new" | "neworder" | "first" | "firstorder" | "新订单" | "新单" | "首单" | "新客"
        | "首次购买" => Some(DeclaredType::New),
        "repeat" | "repeatorder" | "reorder" | "renewal" | "recurring" | "续订" | "复购"
        | "回购" | "再次购买" | "老客" | "重复购买" => Some(DeclaredType::Repeat),
        // Sage's day books write a credit note SC (Sage 50) or Crn (Sage 200).
        "return" | "returned" | "refund" | "退货" | "退款" | "退单" | "退货单" | "sc" | "crn" => {
            Some(DeclaredType::Return)
        }
        // 销售退货单, 销售退回单, Sales Return, Returned Goods, ReturnOrder, Refunded, Credit
        // Note; not Returning (a returning customer), Non-returnable or 不退不换.
        other
            if ([
                "退货", "退款", "退回", "退单", "红字", "红冲", "冲红", "冲销",
            ]
            .iter()
            .any(|w| other.contains(w))
                && !["不", "无理由"].iter().any(|w| other.contains(w)))
                || other.contains("creditnote")
                || other.contains("creditmemo")
                || words(text).any(|word| {
                    [
                        "return", "returns", "returned", "refund", "refunds", "refunded", "rma",
                    ]
                    .contains(&word.to_lowercase().as_str())
                }) =>
        {
            Some(DeclaredType::Return)
        }
        _ => None,
    }
}

/// The number of a percentage, `15` of `15%` or of the full-width `１５％` a Chinese input
/// method types; `None` for a text without a percent sign.
pub fn before_percent(text: &str) -> Option<&str> {
    let text = text.trim_end();
    text.strip_suffix('%')
        .or_else(|| text.strip_suffix('％'))
        .map(str::trim_end)
}

/// The words of a text, camel case split too: `ReturnOrder` is `Return`, `Order`.
pub(super) fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).flat_map(|word| {
        // A capital after a small letter starts a word: ReturnOrder, not RETURN.
        let mut starts: Vec<usize> = word
            .char_indices()
            .zip(word.chars().skip(1))
            .filter(|&((_, before), after)| before.is_lowercase() && after.is_uppercase())
            .map(|((i, before), _)| i + before.len_utf8())
            .collect();
        starts.insert(0, 0);
        starts.push(word.len());
        starts
            .windows(2)
            .map(|w| &word[w[0]..w[1]])
            .collect::<Vec<_>>()
    })
}

/// What a rating cell should look like, for messages.
pub const RATING_EXPECTED: [&str; 2] = [
    "expected a rating such as 4, 2/5, 8/10, ★★☆☆☆, 2星, 2分 or 差评",
    "应为评分，如 4、2/5、8/10、★★☆☆☆、2星、2分或差评",
];

/// A rating, out of 5: a number, `2/5` or `8/10`, stars (★★☆☆☆), `2星`, `2分`, `2 stars`, or
/// the review words 好评, 中评 and 差评.
pub fn parse_rating(cell: &Cell<'_>) -> Option<f64> {
    let Cell::Text(text) = cell else {
        return parse_amount(cell, DecimalMark::Auto);
    };
    let ascii = ascii_forms(text);
    let text = ascii.trim();
    let stars = text.chars().filter(|&c| c == '★' || c == '⭐').count();
    if stars > 0 && text.chars().all(|c| matches!(c, '★' | '⭐' | '☆' | ' ')) {
        return Some(stars as f64);
    }
    match text {
        "好评" => return Some(5.0),
        "中评" => return Some(3.0),
        "差评" => return Some(1.0),
        _ => {}
    }
    if let Some((score, scale)) = text.split_once('/') {
        let (score, scale) = (
            parse_amount_text(score, DecimalMark::Auto)?,
            parse_amount_text(scale, DecimalMark::Auto)?,
        );
        return (scale > 0.0 && (0.0..=scale).contains(&score)).then(|| score / scale * 5.0);
    }
    let number = ["星", "分", "stars", "star", "points", "pts"]
        .iter()
        .find_map(|unit| text.strip_suffix(unit))
        .unwrap_or(text);
    parse_amount_text(number.trim(), DecimalMark::Auto)
}

/// Whether a feedback type names a complaint.
pub fn is_complaint(text: &str) -> bool {
    let key = normalise(text);
    ["complaint", "complain", "claim", "投诉", "抱怨", "差评"]
        .iter()
        .any(|w| key.contains(w))
}

/// Whether a customer cell is a total row such as 合计 or Total, not a customer.
pub fn is_total_label(text: &str) -> bool {
    // Called on every row's customer, so it compares without allocating.
    const LABELS: [&str; 10] = [
        "合计",
        "总计",
        "小计",
        "总和",
        "汇总",
        "total",
        "totals",
        "grandtotal",
        "subtotal",
        "sum",
    ];
    // 总计（含税）, Total (incl. VAT): the label before its parenthesis.
    let text = text
        .find(['(', '（'])
        .filter(|&i| i > 0)
        .map_or(text, |i| &text[..i]);
    let plausible = text.len() <= 16
        && text
            .chars()
            .next()
            .is_some_and(|c| "合总小汇tTgGsS".contains(c));
    (plausible
        && LABELS
            .iter()
            .any(|label| normalised_chars(text).eq(label.chars())))
        || is_period_total(text)
}

/// Whether a text is a period's total as hand-kept ledgers write them at a month's or a
/// quarter's end, dated that day: 本月合计, 3月合计, 2025年3月小计, 一季度合计, 月计, 累计.
fn is_period_total(text: &str) -> bool {
    const TOTALS: [&str; 6] = ["合计", "小计", "总计", "月计", "累计", "汇总"];
    let text = text.trim_end();
    // Called on every row's customer: most end in neither 计 nor 总.
    if !text.ends_with(['计', '总']) {
        return false;
    }
    let text = text.trim_start();
    let Some(period) = TOTALS.iter().find_map(|w| text.strip_suffix(w)) else {
        return false;
    };
    period.chars().all(|c| {
        c.is_ascii_digit()
            || c.is_whitespace()
            || "-./:：Qq一二三四五六七八九十〇零年月日周季度第本当上下全页期半".contains(c)
    })
}

/// Whether a text is one of Excel's error values, as a CSV saved from Excel writes them:
/// #N/A, #REF!, #VALUE!, #DIV/0!, #NAME?, #NUM!, #NULL!, #SPILL!, #CALC!.
pub fn is_error_text(text: &str) -> bool {
    const ERRORS: [&str; 9] = [
        "#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
    ];
    let text = text.trim();
    text.starts_with('#') && ERRORS.iter().any(|e| text.eq_ignore_ascii_case(e))
}

/// Whether a customer is a till's bucket for sales to nobody in particular: 散客, 零售客户,
/// Walk-in Customer, Cash Sale. Graded, it would rank all of a shop's anonymous sales as one
/// customer, most often the first.
pub fn is_walk_in(text: &str) -> bool {
    // Called on every row's customer: ids (with digits) and long names are none, unnormalised.
    if text.len() > 24 || text.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    says_only(
        text,
        &[
            "散客",
            "散户",
            "零售客户",
            "零售散客",
            "临时客户",
            "现金客户",
            "过路客",
            "非会员",
            "匿名客户",
            "默认客户",
            "walkin",
            "walkincustomer",
            "cashcustomer",
            "cashsale",
            "countersale",
            "guest",
            "guestcustomer",
            "anonymous",
            "defaultcustomer",
            "retailcustomer",
        ],
    )
}

/// Whether a text is a group's subtotal that names its group before the total word, dated
/// as the group's last line may be: 华兴小计, 华兴合计 (a customer is hardly named so; 汇总
/// may end a name, and counts only undated, see [`names_a_group_total`]).
pub fn names_a_dated_group_total(text: &str) -> bool {
    let text = text.trim_end();
    if !text.ends_with('计') {
        return false;
    }
    ["合计", "小计", "总计"].iter().any(|w| {
        text.strip_suffix(w)
            .is_some_and(|group| !group.trim().is_empty())
    })
}

/// Whether a text names a group's total as Excel's Data › Subtotal writes it below the
/// group: "Acme Total", "华兴 汇总" (the group's value, then the total word), or as
/// QuickBooks does: "Total for Acme". Only an undated
/// order row is taken for one, as a customer may be named so.
pub fn names_a_group_total(text: &str) -> bool {
    let text = text.trim();
    let group = |rest: &str| !rest.trim().is_empty();
    // QuickBooks: "Total for Acme".
    if text.len() > 10 && text.is_char_boundary(10) && text[..10].eq_ignore_ascii_case("total for ")
    {
        return true;
    }
    let english = text.len() > 6
        && text.is_char_boundary(text.len() - 6)
        && text[text.len() - 6..].eq_ignore_ascii_case(" total")
        && group(&text[..text.len() - 6]);
    english
        || ["汇总", "合计", "小计", "总计"]
            .iter()
            .any(|w| text.strip_suffix(w).is_some_and(group))
}

/// Whether a text is a note below a table, as hand-kept sheets and reports sign them off:
/// "制表人：张三", "打印日期：2026-06-01", "备注：以上金额含税", "Prepared by: Ann". Only a row with
/// no date and no amount is taken for one, as a customer may be named so.
pub fn is_footer_note(text: &str) -> bool {
    const LABELS: [&str; 53] = [
        "制表人",
        "制表",
        "制单人",
        "制单",
        "审核人",
        "审核",
        "审批人",
        "审批",
        "复核人",
        "复核",
        "经办人",
        "经手人",
        "记账",
        "会计",
        "出纳",
        "财务",
        "主管",
        "签字",
        "签名",
        "打印人",
        "打印日期",
        "打印时间",
        "导出人",
        "导出日期",
        "导出时间",
        "统计日期",
        "统计时间",
        "报表日期",
        "截止日期",
        "备注",
        "说明",
        "注",
        "单位",
        "金额单位",
        "数据来源",
        "日期",
        "preparedby",
        "approvedby",
        "checkedby",
        "reviewedby",
        "printed",
        "printedon",
        "printedby",
        "generatedon",
        "generatedby",
        "exportedon",
        "exportedby",
        "reportdate",
        "rundate",
        "note",
        "notes",
        "signature",
        "sellerid",
    ];
    // eBay's reports end "12 record(s) downloaded"; QuickBooks' with the basis and the time
    // the report was run: "Accrual Basis Thursday, January 7, 2027 09:14 AM GMT-08:00".
    text.contains("record(s) downloaded")
        || ["accrual basis ", "cash basis "].iter().any(|basis| {
            // Asked of every row's customer: compared without allocating.
            let text = text.trim_start();
            text.get(..basis.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(basis))
                && text[basis.len()..].bytes().any(|b| b.is_ascii_digit())
        })
        || text.split_once([':', '：']).is_some_and(|(label, _)| {
            label.chars().count() <= 12
                && LABELS.iter().any(|l| normalised_chars(label).eq(l.chars()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customers_named_by_a_label() {
        assert_eq!(customer_label("客户：华兴贸易"), Some("华兴贸易"));
        assert_eq!(customer_label("Customer: Acme Ltd"), Some("Acme Ltd"));
        assert_eq!(customer_label("客户："), None);
        assert_eq!(customer_label("备注：华兴"), None);
        assert_eq!(customer_label("华兴贸易"), None);
    }

    #[test]
    fn remarks_that_void_a_line() {
        for remark in ["作废", " 已作废 ", "Void", "CANCELLED"] {
            assert!(is_void_remark(remark), "{remark}");
        }
        for remark in ["作废重开见下一行", "退货", "客户要求取消部分"] {
            assert!(!is_void_remark(remark), "{remark}");
        }
    }

    #[test]
    fn traditional_characters_read_as_simplified() {
        assert!(TRADITIONAL.is_sorted(), "binary search needs them in order");
        assert_eq!(normalise("客戶編號"), "客户编号");
        assert_eq!(normalise("訂單狀態"), "订单状态");
        assert_eq!(normalise("銷售價格"), "销售价格");
        assert_eq!(normalise("Order Date"), "orderdate");
    }

    #[test]
    fn units_in_money_headers() {
        let unit = |header| header_unit(header).map(|(unit, [_, zh])| (unit, zh));
        assert_eq!(unit("销售额（万元）"), Some((1e4, "万元")));
        assert_eq!(unit("金额(万)"), Some((1e4, "万元")));
        assert_eq!(unit("合同额（千元）"), Some((1e3, "千元")));
        assert_eq!(unit("Revenue (in thousands)"), Some((1e3, "千元")));
        assert_eq!(unit("Sales ($000)"), Some((1e3, "千元")));
        assert_eq!(unit("total_in_cents"), Some((0.01, "分")));
        for plain in [
            "金额（元）",
            "Amount ($)",
            "Amount (USD)",
            "销售额",
            "万元户",
        ] {
            assert_eq!(header_unit(plain), None, "{plain}");
        }
    }

    #[test]
    fn top_ups_are_no_purchases_but_spending_them_is() {
        for kind in [
            "充值",
            "充值赠送",
            "储值",
            "会员卡充值",
            "充值退款",
            "Top-up",
            "Gift card sale",
        ] {
            assert!(is_top_up(kind), "{kind}");
        }
        for kind in [
            "消费",
            "储值消费",
            "退款",
            "Sale",
            "Gift card redemption",
            "话费充值",
            "充值卡",
        ] {
            assert!(!is_top_up(kind), "{kind}");
        }
    }

    #[test]
    fn void_flags_and_yes() {
        assert!(is_void_flag("是否作废") && is_void_flag("作废标志") && is_void_flag("Voided"));
        assert!(!is_void_flag("审批状态") && !is_void_flag("Payment Status"));
        for yes in ["是", "Y", "yes", "TRUE", "1", "√"] {
            assert!(says_yes(yes), "{yes}");
        }
        for no in ["否", "N", "未作废", "0", ""] {
            assert!(!says_yes(no), "{no}");
        }
    }

    #[test]
    fn texts_as_they_show() {
        for (text, shown) in [
            ("华兴\u{200b}贸易", "华兴贸易"),
            ("\u{feff}华兴贸易", "华兴贸易"),
            ("华兴\n贸易", "华兴贸易"),
            ("ABC\n科技", "ABC科技"),
            ("Acme\nCorp", "Acme Corp"),
            ("Acme \nCorp", "Acme Corp"),
            ("Иван\nПетров", "Иван Петров"),
            ("Café\r\nÉlysée", "Café Élysée"),
            ("Acme\n", "Acme"),
            ("\nAcme", "Acme"),
            ("Acme Corp", "Acme Corp"),
        ] {
            assert_eq!(as_shown(text), shown, "{text:?}");
        }
    }

    #[test]
    fn transaction_types_that_are_no_sale_or_may_be_one() {
        for (text, word) in [
            ("Bill Payment (Check)", Some(TypeWord::OwnBooks)),
            ("Sales Tax Payment", Some(TypeWord::OwnBooks)),
            ("(none)", None),
            ("Estimate", Some(TypeWord::Quote)),
            ("报价单", Some(TypeWord::Quote)),
            ("Sales Order", Some(TypeWord::SalesOrder)),
            ("销售订单", Some(TypeWord::SalesOrder)),
            ("收款单", Some(TypeWord::Payment)),
            ("Journal Entry", Some(TypeWord::OwnBooks)),
            ("采购入库单", Some(TypeWord::OwnBooks)),
            ("Bill", Some(TypeWord::Bookkeeping)),
            ("Deposit", Some(TypeWord::Bookkeeping)),
            ("Payment", Some(TypeWord::Tender)),
            ("Sales Receipt", None),
            ("销售单", None),
            (
                "Credit Memo",
                Some(TypeWord::Declared(DeclaredType::Return)),
            ),
        ] {
            assert_eq!(type_word(text), word, "{text}");
        }
        assert!(bills_or_delivers("Invoice") && bills_or_delivers("销售出库单"));
        assert!(!bills_or_delivers("Sales Receipt") && !bills_or_delivers("销售订单"));
    }

    #[test]
    fn notes_below_a_table() {
        for note in [
            "制表人：张三",
            "审核: 李四",
            "打印日期：2026-06-01",
            "备注：以上金额含税",
            "Prepared by: Ann Lee",
            "Printed on: 2026-06-01",
            "单位：元",
            "Seller ID : shop_01",
            "12 record(s) downloaded from 01/01/2026 to 10/31/2026",
            "Accrual Basis Thursday, January 7, 2027  09:14 AM GMT-08:00",
            "Cash Basis Monday, March 2, 2026",
        ] {
            assert!(is_footer_note(note), "{note}");
        }
        for name in [
            "张三",
            "华兴贸易",
            "Ann: the florist",
            "Notes & Co",
            "备注",
            "制表人张三",
            "Cash Basis Ltd",
        ] {
            assert!(!is_footer_note(name), "{name}");
        }
    }

    fn date(text: &str) -> Option<NaiveDate> {
        parse_date(&Cell::Text(text), DateOrder::Auto)
    }

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn text_dates_in_common_shapes() {
        assert_eq!(date("2026-03-05"), ymd(2026, 3, 5));
        assert_eq!(date("2026/3/5"), ymd(2026, 3, 5));
        assert_eq!(date("2026年3月5日"), ymd(2026, 3, 5));
        assert_eq!(date("2026.03.05"), ymd(2026, 3, 5));
        assert_eq!(date("20260305"), ymd(2026, 3, 5));
        assert_eq!(date("46086"), ymd(2026, 3, 5));
        assert_eq!(date("46086.75"), ymd(2026, 3, 5));
        assert_eq!(date("4608"), None);
        assert_eq!(date("46086.7x"), None);
        assert_eq!(date("2026-03-05 14:30:00"), ymd(2026, 3, 5));
        assert_eq!(date("2026-03-05T14:30:00Z"), ymd(2026, 3, 5));
        assert_eq!(date("12/1/2010 8:26"), ymd(2010, 12, 1));
        assert_eq!(date("25/03/2026"), ymd(2026, 3, 25));
        assert_eq!(date("05.03.2026"), ymd(2026, 3, 5));
        assert_eq!(date("2026/01/05 下午 03:30"), ymd(2026, 1, 5));
        assert_eq!(date("2026年03月05日 14时30分"), ymd(2026, 3, 5));
        assert_eq!(date("2026年3月5日 9点05分30秒"), ymd(2026, 3, 5));
        assert_eq!(date("2026年3月5日 下午"), ymd(2026, 3, 5));
        assert_eq!(date("2025/3/5 星期三"), ymd(2025, 3, 5));
        assert_eq!(date("2025年3月8日 星期六"), ymd(2025, 3, 8));
        assert_eq!(date("2025-03-08(周六)"), ymd(2025, 3, 8));
        assert_eq!(date("2025-03-09 周日"), ymd(2025, 3, 9));
        assert_eq!(date("2026年3月5号"), ymd(2026, 3, 5));
        assert_eq!(date("25年3月6日"), ymd(2025, 3, 6));
        assert_eq!(date("2025-03-05 14:22:00 UTC"), ymd(2025, 3, 5));
        assert_eq!(date("2025-03-05 周末"), None);
        assert_eq!(date("2026年3月5日 14时半"), None);
        assert_eq!(date("２０２６－０３－０５"), ymd(2026, 3, 5));
        // Months in words.
        assert_eq!(date("05-Jan-2026"), ymd(2026, 1, 5));
        assert_eq!(date("5 January 2026"), ymd(2026, 1, 5));
        assert_eq!(date("Jan 5, 2026"), ymd(2026, 1, 5));
        assert_eq!(date("January 5, 2026 2:30 PM"), ymd(2026, 1, 5));
        assert_eq!(date("5-Jan-26"), ymd(2026, 1, 5));
        assert_eq!(date("Sept 30 2026"), ymd(2026, 9, 30));
        assert_eq!(date("2026 Mar 5"), ymd(2026, 3, 5));
    }

    #[test]
    fn day_month_order_follows_the_setting() {
        assert_eq!(
            parse_date(&Cell::Text("03/05/2026"), DateOrder::Dmy),
            ymd(2026, 5, 3)
        );
        assert_eq!(
            parse_date(&Cell::Text("03/05/2026"), DateOrder::Mdy),
            ymd(2026, 3, 5)
        );
        let reveal = |t| revealed_order(&Cell::Text(t));
        assert_eq!(reveal("25/03/2026"), Reveal::Shows(DateOrder::Dmy));
        assert_eq!(reveal("03/25/2026"), Reveal::Shows(DateOrder::Mdy));
        assert_eq!(reveal("03/05/2026"), Reveal::Ambiguous);
        assert_eq!(reveal("2026-03-05"), Reveal::Nothing);
    }

    #[test]
    fn two_digit_years_last_in_a_month_first_column() {
        let mdy = |text| parse_date(&Cell::Text(text), DateOrder::Mdy);
        let reveal = |t| revealed_order(&Cell::Text(t));
        assert_eq!(mdy("03/15/26"), ymd(2026, 3, 15));
        assert_eq!(mdy("1/5/26 14:30"), ymd(2026, 1, 5));
        assert_eq!(mdy("24/3/5"), None);
        assert_eq!(reveal("03/15/26"), Reveal::Shows(DateOrder::Mdy));
        assert_eq!(reveal("03/05/26"), Reveal::Nothing);
        assert_eq!(reveal("24/03/05"), Reveal::Nothing);
        // With the month in words: eBay's Mar-16-26, a weekday before the month.
        assert_eq!(date("Mar-16-26"), ymd(2026, 3, 16));
        assert_eq!(date("Tue, Jul 14, 2026"), ymd(2026, 7, 14));
        assert_eq!(date("Friday 5 June 2026"), ymd(2026, 6, 5));
    }

    #[test]
    fn bad_dates_are_refused() {
        assert_eq!(date("not a date"), None);
        assert_eq!(date("2026-02-30"), None);
        assert_eq!(date("2026-03-05 garbage"), None);
        assert_eq!(date("0202-03-06"), None);
        assert_eq!(date("9999-12-31"), None);
        assert_eq!(date(""), None);
        assert_eq!(date("Jan 2026"), None);
        assert_eq!(date("Jan Feb 5 2026"), None);
        assert_eq!(date("5 Ja 2026"), None);
        assert_eq!(date("Jan 5 26"), None);
        // Two-digit years, first or last: which, nothing tells (unless the column shows month
        // first, see `two_digit_years_last_in_a_month_first_column`).
        assert_eq!(date("26-03-05"), None);
        assert_eq!(date("1/5/26"), None);
        assert_eq!(date("3/15/26"), None);
        assert_eq!(date("25.12.01"), None);
        assert_eq!(date("31 Feb 2026"), None);
        assert_eq!(date("26/03/05/01"), None);
        assert_eq!(date("Mayday 5 2026"), None);
    }

    #[test]
    fn excel_serial_numbers_are_dates() {
        // 46000 days after 1899-12-30 is 2025-12-09.
        assert_eq!(
            parse_date(&Cell::Number(46000.0), DateOrder::Auto),
            ymd(2025, 12, 9)
        );
        assert_eq!(
            parse_date(&Cell::Number(20_260_305.0), DateOrder::Auto),
            ymd(2026, 3, 5)
        );
    }

    #[test]
    fn amounts_with_symbols_separators_and_suffixes() {
        let amount = |t| parse_amount(&Cell::Text(t), DecimalMark::Auto);
        assert_eq!(amount("1280.50"), Some(1280.5));
        assert_eq!(amount("¥1,280.50"), Some(1280.5));
        assert_eq!(amount("￥ 1,280"), Some(1280.0));
        assert_eq!(amount("1,280,000元"), Some(1_280_000.0));
        assert_eq!(amount("$-25.00"), Some(-25.0));
        assert_eq!(amount("(25.00)"), Some(-25.0));
        assert_eq!(amount("1.5万"), Some(15_000.0));
        assert_eq!(amount("RMB 300"), Some(300.0));
        assert_eq!(amount("HK$6,900.00"), Some(6900.0));
        assert_eq!(amount("NT$ 800"), Some(800.0));
        assert_eq!(amount("1,200 HKD"), Some(1200.0));
        assert_eq!(amount("A1"), None);
        assert_eq!(amount("–45.00"), Some(-45.0));
        // A ledger's CR is as often a payment as a credit note: no reading is safe.
        assert_eq!(amount("1,234.56 CR"), None);
        assert_eq!(amount("CA$12.50"), Some(12.5));
        assert_eq!(amount("人民币1234.5"), Some(1234.5));
        // Decimal commas where nothing else can be meant; three digits after it are thousands.
        assert_eq!(amount("1.280,50 €"), Some(1280.5));
        assert_eq!(amount("3 000,00"), Some(3000.0));
        assert_eq!(amount("99,90"), Some(99.9));
        assert_eq!(amount("0,5"), Some(0.5));
        assert_eq!(amount("12,500"), Some(12_500.0));
        // Full-width, as a Chinese input method types it; signs in the ledgers' forms.
        assert_eq!(amount("１２８０．５０"), Some(1280.5));
        assert_eq!(amount("０.５"), Some(0.5));
        assert_eq!(amount("￥2,000.00"), Some(2000.0));
        assert_eq!(amount("−120"), Some(-120.0));
        assert_eq!(amount("+120"), Some(120.0));
        assert_eq!(amount("120-"), Some(-120.0));
        assert_eq!(amount("1.23E+05"), Some(123_000.0));
        assert_eq!(amount("1e5"), Some(100_000.0));
        // French and German forms: narrow no-break space groups, whole euros as ,-.
        assert_eq!(amount("1\u{202f}250,00"), Some(1250.0));
        assert_eq!(amount("1\u{a0}250,00 €"), Some(1250.0));
        assert_eq!(amount("1.000,-"), Some(1000.0));
        assert_eq!(amount("1.000,- €"), Some(1000.0));
        assert_eq!(amount("25,--"), Some(25.0));
        assert_eq!(amount("1.000,-5"), None);
        assert_eq!(
            parse_amount(&Cell::Number(42.0), DecimalMark::Auto),
            Some(42.0)
        );
    }

    #[test]
    fn ids_are_read_as_written_everywhere() {
        for (written, id) in [
            ("C001", "C001"),
            (" C001 ", "C001"),
            ("Ｃ００１", "C001"),
            ("=\"00123\"", "00123"),
            ("'00123", "00123"),
            ("17850.0", "17850"),
            ("17850.00", "17850"),
            // Not ids with a decimal part of zeros: kept as written.
            ("17850.5", "17850.5"),
            ("A.0", "A.0"),
            (".0", ".0"),
            ("Acme Ltd.", "Acme Ltd."),
        ] {
            assert_eq!(identifier(written), id, "{written}");
        }
        assert!(matches!(identifier("C001"), Cow::Borrowed("C001")));
    }

    #[test]
    fn a_decimal_comma_column_reads_dots_as_thousands() {
        let comma = |t| parse_amount(&Cell::Text(t), DecimalMark::Comma);
        assert_eq!(comma("2.500"), Some(2500.0));
        assert_eq!(comma("2.500.000"), Some(2_500_000.0));
        assert_eq!(comma("1.280,50 €"), Some(1280.5));
        assert_eq!(comma("1,200"), Some(1.2));
        assert_eq!(comma("0,500"), Some(0.5));
        assert_eq!(comma("3 000"), Some(3000.0));
        assert_eq!(comma("-12,5"), Some(-12.5));
        assert_eq!(comma("450"), Some(450.0));
        // A point where the column has a comma is refused, not read as something else.
        assert_eq!(comma("12.50"), None);
        assert_eq!(comma("1,280.50"), None);
        assert_eq!(comma("0.500"), None);
        let point = |t| parse_amount(&Cell::Text(t), DecimalMark::Point);
        assert_eq!(point("2.500"), Some(2.5));
        assert_eq!(point("1,280.50"), Some(1280.5));
        assert_eq!(point("99,90"), None);
        // Auto reads each value as it reads.
        let auto = |t| parse_amount(&Cell::Text(t), DecimalMark::Auto);
        assert_eq!(auto("2.500"), Some(2.5));
        assert_eq!(auto("2.500.000"), None);
        assert_eq!(auto("1234.567,50"), None);
    }

    #[test]
    fn amounts_reveal_their_decimal_mark() {
        let reveal = |t| revealed_mark(&Cell::Text(t));
        let (comma, point) = (
            Reveal::Shows(DecimalMark::Comma),
            Reveal::Shows(DecimalMark::Point),
        );
        assert_eq!(reveal("1.280,50"), comma);
        assert_eq!(reveal("99,90"), comma);
        assert_eq!(reveal("€ 2.500.000"), comma);
        assert_eq!(reveal("-0,5"), comma);
        assert_eq!(reveal("12.50"), point);
        assert_eq!(reveal("1,280.50"), point);
        assert_eq!(reveal("0.500"), point);
        assert_eq!(reveal("1.5万"), point);
        assert_eq!(reveal("1,200"), point);
        assert_eq!(reveal("$3,547"), point);
        assert_eq!(reveal("2.500"), Reveal::Ambiguous);
        assert_eq!(reveal("¥12.500"), Reveal::Ambiguous);
        for nothing in ["450", "1 200", "12,3456", "1.23E+05", "N/A", ""] {
            assert_eq!(reveal(nothing), Reveal::Nothing, "{nothing}");
        }
        assert_eq!(revealed_mark(&Cell::Number(12.5)), Reveal::Nothing);
    }

    #[test]
    fn malformed_amounts_are_refused() {
        // Finite only before it is scaled by 万.
        let huge = format!("1{}万", "0".repeat(305));
        assert_eq!(parse_amount(&Cell::Text(&huge), DecimalMark::Auto), None);
        let amount = |t| parse_amount(&Cell::Text(t), DecimalMark::Auto);
        assert_eq!(amount("12,5O"), None);
        assert_eq!(amount("1,2,3"), None);
        assert_eq!(amount("1.2.3"), None);
        assert_eq!(amount("1.280,5,0"), None);
        assert_eq!(amount("-"), None);
        assert_eq!(amount("—"), None);
        assert_eq!(amount("+"), None);
        assert_eq!(amount("e5"), None);
        assert_eq!(amount("1e"), None);
        assert_eq!(amount("12,50.1"), None);
        // Grouped by four, or signs twice: no reading is safe.
        assert_eq!(amount("12,3456"), None);
        assert_eq!(amount("1,2345"), None);
        assert_eq!(amount("-120-"), None);
        assert_eq!(amount("(120-)"), None);
        assert_eq!(amount("(-25)"), None);
        assert_eq!(amount("+-5"), None);
        assert_eq!(amount("0,500"), None);
        assert_eq!(amount("01,234"), None);
        assert_eq!(amount("N/A"), None);
        assert_eq!(amount(""), None);
        assert_eq!(amount("1e400"), None);
    }

    #[test]
    fn ratings_in_the_forms_reviews_come_in() {
        let rating = |t| parse_rating(&Cell::Text(t));
        assert_eq!(parse_rating(&Cell::Number(2.0)), Some(2.0));
        assert_eq!(rating("2"), Some(2.0));
        assert_eq!(rating("★★☆☆☆"), Some(2.0));
        assert_eq!(rating("⭐⭐⭐⭐"), Some(4.0));
        assert_eq!(rating("2星"), Some(2.0));
        assert_eq!(rating("1分"), Some(1.0));
        assert_eq!(rating("4 stars"), Some(4.0));
        assert_eq!(rating("2/5"), Some(2.0));
        assert_eq!(rating("8/10"), Some(4.0));
        assert_eq!(rating("２／５"), Some(2.0));
        assert_eq!(rating("差评"), Some(1.0));
        assert_eq!(rating("好评"), Some(5.0));
        assert_eq!(rating("6/5"), None);
        assert_eq!(rating("2/0"), None);
        assert_eq!(rating("great"), None);
        assert_eq!(rating("☆☆☆"), None);
    }

    #[test]
    fn statuses_in_english_and_chinese_and_from_config() {
        let mut aliases = BTreeMap::new();
        aliases.insert("Awaiting pickup".to_owned(), "pending".to_owned());
        let words = StatusWords::new(&aliases).unwrap();
        assert_eq!(words.parse("Completed"), Some(Status::Completed));
        assert_eq!(words.parse("已发货"), Some(Status::Shipped));
        assert_eq!(words.parse("待处理"), Some(Status::Pending));
        assert_eq!(words.parse("已取消"), Some(Status::Cancelled));
        assert_eq!(words.parse("awaiting pickup"), Some(Status::Pending));
        assert_eq!(words.parse("Lost in transit"), None);
        assert_eq!(words.parse("全部退款"), Some(Status::Refunded));
        assert_eq!(words.parse("全额退款"), Some(Status::Refunded));
        assert_eq!(words.parse("部分退款"), Some(Status::Completed));
        assert_eq!(words.parse("payment_review"), Some(Status::Pending));
        assert_eq!(words.parse("holded"), Some(Status::Pending));
        assert_eq!(words.parse("待财审"), Some(Status::Processed));
    }

    #[test]
    fn order_types_and_complaints() {
        assert_eq!(parse_order_type("续订"), Some(DeclaredType::Repeat));
        assert_eq!(parse_order_type("Return"), Some(DeclaredType::Return));
        assert_eq!(parse_order_type("gift"), None);
        // Sage's credit notes.
        assert_eq!(parse_order_type("SC"), Some(DeclaredType::Return));
        assert_eq!(parse_order_type("Crn"), Some(DeclaredType::Return));
        assert_eq!(parse_order_type("SI"), None);
        assert_eq!(parse_order_type("销售退货单"), Some(DeclaredType::Return));
        assert_eq!(parse_order_type("Sales Return"), Some(DeclaredType::Return));
        assert_eq!(parse_order_type("销售单"), None);
        assert_eq!(parse_order_type("Returning"), None);
        assert_eq!(parse_order_type("Non-returnable"), None);
        assert_eq!(parse_order_type("不退不换"), None);
        assert_eq!(parse_order_type("Credit Note"), Some(DeclaredType::Return));
        for returned in [
            "RETURN",
            "销售退回单",
            "退回",
            "Returned Goods",
            "ReturnOrder",
            "Refunded",
        ] {
            assert_eq!(
                parse_order_type(returned),
                Some(DeclaredType::Return),
                "{returned}"
            );
        }
        for other in [
            "Non-refundable",
            "Refundable",
            "ReturningCustomer",
            "七天无理由退换",
            "不可退货",
        ] {
            assert_eq!(parse_order_type(other), None, "{other}");
        }
        assert!(is_complaint("投诉"));
        assert!(is_complaint("Complaint"));
        assert!(!is_complaint("Praise"));
        assert!(is_total_label("合计"));
        assert!(is_total_label("Grand Total"));
        assert!(is_total_label("总计（含税）"));
        assert!(!is_total_label("Totalbank (Berlin)"));
        for period in [
            "本月合计",
            "3月合计",
            "三月合计",
            "2025年3月合计",
            "一季度合计",
            "第一季度小计",
            "3月小计",
            "月计",
            "累计",
            "3月汇总",
            "Q1合计",
        ] {
            assert!(is_total_label(period), "{period}");
        }
        for customer in ["华兴合计贸易", "东方汇总商贸", "合计贸易有限公司"] {
            assert!(!is_total_label(customer), "{customer}");
        }
        assert!(names_a_dated_group_total("华兴小计"));
        for bucket in ["散客", "零售客户", "Walk-in Customer", "Cash Sale", "GUEST"] {
            assert!(is_walk_in(bucket), "{bucket}");
        }
        assert!(!is_walk_in("散客之家便利店"));
        assert!(is_error_text("#N/A") && is_error_text(" #ref! ") && !is_error_text("N/A"));
        assert!(!names_a_dated_group_total("东方汇总"));
    }
}
