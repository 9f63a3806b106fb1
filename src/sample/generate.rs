//! Drawing customers, their behaviour, orders and feedback.

use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate, TimeDelta, Weekday};

use super::rng::{Rng, day, padded_id, pick, round2};
use super::words::{
    CATALOG, CHANNELS, EN_FIRST, EN_LAST, EN_SUFFIX, EN_WORD1, EN_WORD2, FEEDBACK_KIND,
    FEEDBACK_TEXT, INDUSTRIES, KIND, PHONE_PREFIX, REGIONS, STATUS, ZH_CITY, ZH_GIVEN, ZH_SURNAME,
    ZH_TRADE, ZH_WORD,
};
use super::{SampleCustomer, SampleData, SampleFeedback, SampleOrder, SampleSpec, ix};

/// Days covered by the orders: the two years up to and including `end`.
const SPAN: u32 = 730;
const COMPLETED: u8 = 0;
const CANCELLED: u8 = 4;
const NEW: u8 = 0;
const REPEAT: u8 = 1;
const RETURN: u8 = 2;

/// How a customer behaves: activity weight, active window (day offsets), tastes.
struct Profile {
    weight: f64,
    first: u32,
    last: u32,
    favs: [u8; 3],
    nfav: usize,
    basket: f64,
}

/// An order before text is attached; `day` is the offset from the first day.
#[derive(Clone, Copy)]
struct Raw {
    day: u32,
    cust: u32,
    cat: u8,
    prod: u8,
    qty: u32,
    amount: f64,
    status: u8,
    kind: u8,
    returned: bool,
}

const BLANK: Raw = Raw {
    day: SPAN - 1,
    cust: 0,
    cat: 0,
    prod: 0,
    qty: 1,
    amount: 10.0,
    status: COMPLETED,
    kind: REPEAT,
    returned: false,
};

fn draw_profile(rng: &mut Rng) -> Profile {
    let active = !rng.chance(0.05);
    let life = rng.f64();
    let (first, last) = if life < 0.12 {
        (rng.below_u32(180), 240 + rng.below_u32(125)) // lapsed: first year only
    } else if life < 0.22 {
        (550 + rng.below_u32(150), SPAN - 1) // new in the last six months
    } else {
        ((rng.f64().powi(2) * 540.0) as u32, SPAN - 1)
    };
    let window = 0.3 + 0.7 * f64::from(last - first) / f64::from(SPAN);
    let mut weight = rng.lognormal(1.0, 1.45) * window;
    let mut basket = rng.lognormal(5.0, 0.8);
    if rng.chance(0.06) {
        // project buyers: rare, large orders
        weight *= 0.25;
        basket *= 4.0 * rng.pareto(2.0);
    }
    let mut cats = [0u8, 1, 2, 3, 4, 5];
    let nfav = 1 + rng.below(3);
    for i in 0..nfav {
        let j = i + rng.below(cats.len() - i);
        cats.swap(i, j);
    }
    let weight = if active { weight } else { 0.0 };
    let favs = [cats[0], cats[1], cats[2]];
    Profile {
        weight,
        first,
        last,
        favs,
        nfav,
        basket,
    }
}

fn draw_customer(rng: &mut Rng, id: String, l: usize) -> SampleCustomer {
    let r: [u64; 7] = std::array::from_fn(|_| rng.next_u64() >> 8);
    let (prefix, mid, tail) = (
        pick(&PHONE_PREFIX, r[5]),
        r[6] % 10_000,
        (r[6] >> 20) % 10_000,
    );
    let region = REGIONS[l][rng.weighted(&[0.3, 0.25, 0.2, 0.15, 0.1])].to_owned();
    let industry = INDUSTRIES[l][rng.weighted(&[0.35, 0.45, 0.2])].to_owned();
    let (name, contact, phone, email) = if l == 0 {
        let (w1, w2) = (pick(&EN_WORD1, r[0]), pick(&EN_WORD2, r[1]));
        let (first, last) = (pick(&EN_FIRST, r[3]), pick(&EN_LAST, r[4]));
        let email = format!("{first}.{last}@{w1}{w2}.com")
            .replace(' ', "")
            .to_lowercase();
        let name = format!("{w1} {w2} {}", pick(&EN_SUFFIX, r[2]));
        (
            name,
            format!("{first} {last}"),
            format!("{prefix}-{mid:04}-{tail:04}"),
            email,
        )
    } else {
        let (word, sur, given) = (
            pick(&ZH_WORD, r[1]),
            pick(&ZH_SURNAME, r[3]),
            pick(&ZH_GIVEN, r[4]),
        );
        let (city, trade) = (pick(&ZH_CITY, r[0]), pick(&ZH_TRADE, r[2]));
        let name = format!("{city}{}{trade}有限公司", word.0);
        let email = format!("{}{}@{}.com.cn", sur.1, given.1, word.1);
        (
            name,
            format!("{}{}", sur.0, given.0),
            format!("{prefix}{mid:04}{tail:04}"),
            email,
        )
    };
    let signup = NaiveDate::MIN; // set once the orders are known
    SampleCustomer {
        id,
        name,
        contact,
        phone,
        email,
        region,
        industry,
        signup,
    }
}

/// Splits `total` orders over customers in proportion to their weights, exactly; every
/// active customer gets at least one when there are enough orders.
fn allocate(total: usize, profiles: &mut [Profile]) -> Vec<usize> {
    if total > 0
        && profiles.iter().all(|p| p.weight <= 0.0)
        && let Some(p) = profiles.first_mut()
    {
        p.weight = 1.0;
    }
    let active: Vec<usize> = (0..profiles.len())
        .filter(|&i| profiles[i].weight > 0.0)
        .collect();
    let base = usize::from(total >= active.len());
    let rest = total - base * active.len();
    let sum: f64 = active.iter().map(|&i| profiles[i].weight).sum();
    let (mut counts, mut acc, mut prev) = (vec![0; profiles.len()], 0.0, 0);
    for (k, &i) in active.iter().enumerate() {
        acc += profiles[i].weight;
        let upto = if k + 1 == active.len() {
            rest
        } else {
            (acc / sum * rest as f64).round() as usize
        };
        let upto = upto.min(rest);
        counts[i] = base + upto - prev;
        prev = upto;
    }
    counts
}

/// Relative chance of an order on each day: weekdays, fourth quarter, growth.
fn day_weights(start: NaiveDate) -> Vec<f64> {
    const SEASON: [f64; 12] = [
        0.8, 0.72, 0.92, 0.95, 1.0, 0.97, 0.93, 0.95, 1.02, 1.08, 1.18, 1.3,
    ];
    let w: Vec<f64> = (0..SPAN)
        .map(|d| {
            let date = day(start, i64::from(d));
            let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
            let growth = 0.75 + 0.5 * f64::from(d) / f64::from(SPAN);
            SEASON[date.month0() as usize] * if weekend { 0.35 } else { 1.0 } * growth
        })
        .collect();
    let max = w.iter().copied().fold(0.0, f64::max);
    w.into_iter().map(|x| x / max).collect()
}

fn draw_status(rng: &mut Rng, day: u32) -> u8 {
    if rng.chance(0.04) {
        return CANCELLED;
    }
    let age = SPAN - 1 - day;
    let w = match age {
        0..30 => [0.3, 0.2, 0.2, 0.3],
        30..90 => [0.82, 0.12, 0.05, 0.01],
        _ => [0.976, 0.012, 0.004, 0.008],
    };
    rng.weighted(&w) as u8
}

/// Appends one customer's orders in date order: first New, later Repeat, some Returns.
fn customer_orders(
    rng: &mut Rng,
    p: &Profile,
    cust: u32,
    count: usize,
    accept: &[f64],
    raw: &mut Vec<Raw>,
) {
    let begin = raw.len();
    for _ in 0..count {
        let day = loop {
            let d = p.first + rng.below_u32(p.last - p.first + 1);
            if rng.f64() < accept[d as usize] {
                break d;
            }
        };
        raw.push(Raw { day, cust, ..BLANK });
    }
    let orders = &mut raw[begin..];
    orders.sort_unstable_by_key(|r| r.day);
    for r in orders.iter_mut() {
        let fav = rng.chance(0.85);
        r.cat = if fav {
            p.favs[rng.below(p.nfav)]
        } else {
            rng.below(CATALOG.len()) as u8
        };
        let products = CATALOG[r.cat as usize].2;
        r.prod = rng.below(products.len()).min(rng.below(products.len())) as u8;
        r.qty = (p.basket * rng.lognormal(1.0, 0.6))
            .round()
            .clamp(1.0, 100_000.0) as u32;
        let discount = match r.qty {
            0..50 => 1.0,
            50..200 => 0.95,
            _ => 0.9,
        };
        let price = products[r.prod as usize].4 * (0.95 + 0.1 * rng.f64()) * discount;
        r.amount = round2(f64::from(r.qty) * price);
        r.status = draw_status(rng, r.day);
    }
    if let Some(first) = orders.first_mut() {
        first.kind = NEW;
    }
    let source =
        |r: &Raw| r.kind != RETURN && r.status == COMPLETED && !r.returned && r.day < SPAN - 1;
    for j in 1..orders.len() {
        if !rng.chance(0.032) {
            continue;
        }
        let Some(s) = (0..j).rev().take(12).find(|&s| source(&orders[s])) else {
            continue;
        };
        let src = orders[s];
        orders[s].returned = true;
        let qty = if rng.chance(0.5) {
            src.qty
        } else {
            1 + rng.below_u32(src.qty)
        };
        let day = (src.day + 1 + rng.below_u32(30)).min(SPAN - 1);
        let amount = round2(src.amount * f64::from(qty) / f64::from(src.qty));
        orders[j] = Raw {
            day,
            qty,
            amount,
            status: COMPLETED,
            kind: RETURN,
            ..src
        };
    }
}

/// Feedback as (day, customer, kind, text index), sorted by day, from customers who
/// ordered; `spans` holds each customer's first and last order day and whether they
/// returned something (those complain more).
fn draw_feedback(
    rng: &mut Rng,
    n: usize,
    spans: &[Option<(u32, u32, bool)>],
) -> Vec<(u32, usize, usize, usize)> {
    let buyers: Vec<usize> = (0..spans.len()).filter(|&c| spans[c].is_some()).collect();
    let mut out = Vec::new();
    for _ in 0..if buyers.is_empty() { 0 } else { n } {
        let c = buyers[rng.below(buyers.len())];
        let (first, last, returned) = spans[c].unwrap_or_default();
        let day = (first + rng.below_u32(last - first + 15)).min(SPAN - 1);
        let kind = rng.weighted(&[if returned { 0.5 } else { 0.33 }, 0.3, 0.3]);
        out.push((day, c, kind, rng.below(4)));
    }
    out.sort_unstable();
    out
}

/// Generates the data described by `spec`, in time linear in the number of orders. With
/// no customers there are no valid orders (only messy rows, if asked for).
#[must_use]
pub fn generate(spec: &SampleSpec) -> SampleData {
    let mut rng = Rng(spec.seed);
    let l = ix(spec.lang);
    let start = spec.end - TimeDelta::days(i64::from(SPAN - 1));
    let width = spec.customers.to_string().len().max(4);
    let (mut profiles, mut customers): (Vec<_>, Vec<_>) = (0..spec.customers)
        .map(|i| {
            (
                draw_profile(&mut rng),
                draw_customer(&mut rng, padded_id("C", i + 1, width), l),
            )
        })
        .unzip();
    let counts = allocate(spec.orders, &mut profiles);
    let accept = day_weights(start);
    let mut raw = Vec::with_capacity(spec.orders);
    for (c, p) in profiles.iter().enumerate() {
        customer_orders(&mut rng, p, c as u32, counts[c], &accept, &mut raw);
    }
    let mut spans: Vec<Option<(u32, u32, bool)>> = vec![None; spec.customers];
    for r in &raw {
        let e = spans[r.cust as usize].get_or_insert((r.day, r.day, false));
        *e = (e.0.min(r.day), e.1.max(r.day), e.2 || r.kind == RETURN);
    }
    let mut seen = HashMap::new();
    for (cust, span) in customers.iter_mut().zip(&spans) {
        let n = seen.entry(cust.name.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            let _ = write!(cust.name, "({n})");
        }
        cust.signup = match span {
            Some((first, ..)) => day(start, i64::from(*first) - 1 - i64::from(rng.below_u32(120))),
            None => day(start, i64::from(rng.below_u32(1066)) - 365),
        };
    }
    let feedback = draw_feedback(&mut rng, spec.customers / 5, &spans)
        .into_iter()
        .map(|(d, c, kind, text)| SampleFeedback {
            customer_id: customers[c].id.clone(),
            date: day(start, i64::from(d)),
            kind: FEEDBACK_KIND[l][kind].to_owned(),
            content: FEEDBACK_TEXT[l][kind][text].to_owned(),
        })
        .collect();
    let orders = assemble_orders(&mut rng, spec, &raw, &customers);
    SampleData {
        customers,
        orders,
        feedback,
        lang: spec.lang,
        end: spec.end,
    }
}

/// Each customer buys mostly through one channel and one order in four through the next.
/// Derived from the customer and day alone, so adding channels left every other draw unchanged.
fn channel(cust: u32, day: u32) -> usize {
    let home = Rng(u64::from(cust)).next_u64() % 3;
    let other = Rng((u64::from(cust) << 32) | u64::from(day))
        .next_u64()
        .is_multiple_of(4);
    (home + u64::from(other)) as usize % 3
}

fn order_row(r: &Raw, id: String, customer_id: String, date: NaiveDate, l: usize) -> SampleOrder {
    let (cat_en, cat_zh, products) = CATALOG[r.cat as usize];
    let p = products[r.prod as usize];
    let (product, category, brand) = if l == 0 {
        (p.0, cat_en, p.2)
    } else {
        (p.1, cat_zh, p.3)
    };
    SampleOrder {
        order_id: id,
        customer_id,
        date,
        product: product.to_owned(),
        category: category.to_owned(),
        brand: brand.to_owned(),
        channel: CHANNELS[l][channel(r.cust, r.day)].to_owned(),
        quantity: r.qty,
        amount: r.amount,
        status: STATUS[l][r.status as usize].to_owned(),
        kind: KIND[l][r.kind as usize].to_owned(),
        amount_text: None,
        date_text: None,
    }
}

/// Sorts orders by day (stable counting sort, so each customer's first order stays first),
/// attaches text and appends the messy rows.
fn assemble_orders(
    rng: &mut Rng,
    spec: &SampleSpec,
    raw: &[Raw],
    customers: &[SampleCustomer],
) -> Vec<SampleOrder> {
    let l = ix(spec.lang);
    let mut pos = vec![0usize; SPAN as usize + 1];
    for r in raw {
        pos[r.day as usize + 1] += 1;
    }
    for d in 0..SPAN as usize {
        pos[d + 1] += pos[d];
    }
    // Scatter, then read sequentially: much faster than gathering through indices.
    let mut sorted = vec![BLANK; raw.len()];
    for r in raw {
        sorted[pos[r.day as usize]] = *r;
        pos[r.day as usize] += 1;
    }
    let width = (raw.len() + spec.messy_rows).to_string().len().max(6);
    let start = spec.end - TimeDelta::days(i64::from(SPAN - 1));
    let dates: Vec<NaiveDate> = (0..SPAN).map(|d| day(start, i64::from(d))).collect();
    // All customer ids have the same length; one packed string keeps lookups in cache.
    let id_len = customers.first().map_or(0, |c| c.id.len());
    let ids: String = customers.iter().map(|c| c.id.as_str()).collect();
    let cust_id = |r: &Raw| {
        let at = r.cust as usize * id_len;
        ids.get(at..at + id_len).unwrap_or_default().to_owned()
    };
    let mut orders = Vec::with_capacity(raw.len() + spec.messy_rows);
    for (n, r) in sorted.iter().enumerate() {
        let id = padded_id("SO", n + 1, width);
        orders.push(order_row(r, id, cust_id(r), dates[r.day as usize], l));
    }
    for m in 0..spec.messy_rows {
        let r = if raw.is_empty() {
            BLANK
        } else {
            sorted[rng.below(raw.len())]
        };
        let r = Raw {
            status: COMPLETED,
            kind: REPEAT,
            ..r
        };
        let id = padded_id("SO", raw.len() + m + 1, width);
        let mut o = order_row(&r, id, cust_id(&r), spec.end, l);
        match m % 4 {
            0 => o.amount_text = Some("N/A".to_owned()),
            1 => o.customer_id = String::new(),
            2 => o.date_text = Some("not a date".to_owned()),
            _ => "Lost in transit".clone_into(&mut o.status),
        }
        orders.push(o);
    }
    orders
}
