//! Step 4c: customer lifetime value from the customers' own order history: the BG/NBD model
//! for how many purchases each customer will make and whether they are still alive, the
//! Gamma-Gamma model for what those purchases will be worth.
//!
//! Every counted purchase up to the as-of date is used, not only the scoring window. As in the
//! papers (and the Python package lifetimes), purchases are counted by day: `x` is the number of
//! purchase days after the first, `t_x` the day of the last one and `T` the as-of date, both
//! counted from the first purchase, in days; the value of a purchase day is the sum of its
//! lines, and `m` is the average over the repeat days. Both models are fitted by maximum
//! likelihood with the Nelder-Mead method (the `argmin` crate) on the log scale of their
//! parameters, from several starting points; the log-gamma function comes from `statrs`.

mod backtest;
mod bgnbd;
mod gamma_gamma;

use argmin::core::{CostFunction, Error, Executor, State, TerminationReason, TerminationStatus};
use argmin::solver::neldermead::NelderMead;
use chrono::NaiveDate;
use rustc_hash::FxHashMap;

pub use backtest::{Backtest, BacktestRow, LAST_GROUP, backtest};
pub use bgnbd::BgNbd;
pub use gamma_gamma::GammaGamma;

use crate::config::ClvConfig;
use crate::issues::Wording;
use crate::model::{CustomerIdx, Order, OrderKind};

/// Days in an average month, the step of discounting.
const MONTH_DAYS: f64 = 365.25 / 12.0;
/// Fewer buyers than this, or fewer repeat buyers than [`MIN_REPEAT_BUYERS`], and the models
/// are not fitted: their parameters would say more about chance than about the customers.
const MIN_BUYERS: usize = 30;
/// See [`MIN_BUYERS`].
const MIN_REPEAT_BUYERS: usize = 10;

/// One customer's purchases as the models see them, in days.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct History {
    /// Repeat purchase days: purchase days after the first.
    pub x: f64,
    /// Days from the first purchase day to the last (`t_x`).
    pub recency: f64,
    /// Days from the first purchase day to the as-of date (`T`).
    pub age: f64,
    /// Average value of the repeat purchase days; `None` without any.
    pub repeat_value: Option<f64>,
}

/// Every customer's history (`None` for a customer without a counted purchase up to as-of);
/// `history` is the order from [`classify`](super::classify).
pub fn histories(
    customers: usize,
    orders: &[Order],
    history: &[u32],
    as_of: NaiveDate,
) -> Vec<Option<History>> {
    let mut histories = vec![None; customers];
    for_each_purchase_days(orders, history, as_of, |customer, days| {
        histories[customer as usize] = history_of(days, as_of);
    });
    histories
}

/// Calls `f` with each customer's purchase days up to `until`, in customer order, each day
/// with its value: counted purchase lines (not returns) summed by day. Customers without
/// such a day are skipped. One customer's days are held at a time, not everyone's: at five
/// million lines that would be tens of megabytes for a moment.
fn for_each_purchase_days(
    orders: &[Order],
    history: &[u32],
    until: NaiveDate,
    mut f: impl FnMut(CustomerIdx, &[(NaiveDate, f64)]),
) {
    let mut days: Vec<(NaiveDate, f64)> = Vec::new();
    let mut current = None;
    for &i in history {
        let order = &orders[i as usize];
        // Every transaction counts, of any value, as in the published models (CDNOW's
        // sample has purchases of 0).
        if order.kind == OrderKind::Return || !order.status_counts() || order.date > until {
            continue;
        }
        if current != Some(order.customer) {
            if let Some(customer) = current {
                f(customer, &days);
            }
            current = Some(order.customer);
            days.clear();
        }
        // History order is by customer, then date: a day's lines are consecutive.
        match days.last_mut() {
            Some((day, value)) if *day == order.date => *value += order.amount,
            _ => days.push((order.date, order.amount)),
        }
    }
    if let Some(customer) = current {
        f(customer, &days);
    }
}

/// The history of the purchase days up to `as_of` (later ones are left out).
fn history_of(days: &[(NaiveDate, f64)], as_of: NaiveDate) -> Option<History> {
    let days = &days[..days.partition_point(|(d, _)| *d <= as_of)];
    let (first, _) = *days.first()?;
    let (last, _) = *days.last()?;
    let repeats = &days[1..];
    Some(History {
        x: repeats.len() as f64,
        recency: (last - first).num_days() as f64,
        age: (as_of - first).num_days() as f64,
        repeat_value: (!repeats.is_empty())
            .then(|| repeats.iter().map(|(_, v)| v).sum::<f64>() / repeats.len() as f64),
    })
}

/// A fitted model and how the fit went.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fitted<M> {
    /// The parameters.
    pub model: M,
    /// The summed log-likelihood at the parameters.
    pub log_likelihood: f64,
    /// Customers the fit used.
    pub customers: usize,
}

/// One customer's lifetime value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Value {
    /// Probability of being alive at the as-of date.
    pub p_alive: f64,
    /// Expected purchase days over the horizon.
    pub expected_orders: f64,
    /// Expected value over the horizon, discounted; `None` without a Gamma-Gamma fit.
    pub expected_value: Option<f64>,
}

/// Lifetime value for every customer, with the fits behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Clv {
    /// The horizon, in days.
    pub horizon_days: f64,
    /// The BG/NBD fit, or why there is none.
    pub bgnbd: Result<Fitted<BgNbd>, Wording>,
    /// The Gamma-Gamma fit, or why there is none.
    pub gamma_gamma: Result<Fitted<GammaGamma>, Wording>,
    /// Per customer; `None` for a customer with no purchase, or without a BG/NBD fit.
    pub values: Vec<Option<Value>>,
    /// Fits that did not converge.
    pub warnings: Vec<String>,
}

/// The mean chance of leaving after a purchase, a / (a + b), below which a BG/NBD fit sees no
/// one leave.
const NO_DROPOUT: f64 = 1e-4;

/// Fits both models and values every customer.
pub fn clv(histories: &[Option<History>], config: &ClvConfig) -> Clv {
    let buyers: Vec<History> = histories.iter().flatten().copied().collect();
    let mut warnings = Vec::new();
    let bgnbd = enough_history(&buyers).and_then(|()| fit_bgnbd(&buyers, &mut warnings));
    // A history in which nobody seems to leave drives the dropout's mean a / (a + b) to
    // nothing: the fit is right, but P(alive) is then about 100% for everyone.
    if let Ok(fit) = &bgnbd
        && fit.model.a / (fit.model.a + fit.model.b) < NO_DROPOUT
    {
        warnings.push(format!(
            "lifetime value: the orders show hardly any customer leaving (BG/NBD a = {:.2e}, b = {:.2e}), so P(alive) is about 100% for everyone and tells little; it will once the history is longer",
            fit.model.a, fit.model.b
        ));
    }
    let spenders: Vec<(f64, f64)> = buyers
        .iter()
        .filter_map(|h| h.repeat_value.filter(|m| *m > 0.0).map(|m| (h.x, m)))
        .collect();
    let gamma_gamma = if spenders.len() < MIN_REPEAT_BUYERS {
        Err(Wording::new(
            format!(
                "too few repeat buyers to model spend: {} (at least {MIN_REPEAT_BUYERS} are needed)",
                spenders.len()
            ),
            format!(
                "复购客户太少，无法为客单价建模：{} 位（至少需要 {MIN_REPEAT_BUYERS} 位）",
                spenders.len()
            ),
        ))
    } else {
        fit_gamma_gamma(&spenders, &mut warnings)
    };
    let months = config.horizon_months;
    let monthly_rate = (1.0 + config.discount_rate).powf(1.0 / 12.0) - 1.0;
    let values = histories
        .iter()
        .map(|h| {
            let (h, fit) = (h.as_ref()?, bgnbd.as_ref().ok()?);
            let expected = |months: u32| {
                fit.model
                    .expected_purchases(h, f64::from(months) * MONTH_DAYS)
            };
            let spend = gamma_gamma
                .as_ref()
                .ok()
                .and_then(|g| g.model.expected_value(h.x, h.repeat_value));
            let orders = expected(months);
            // Each month's expected purchases, discounted to the as-of date.
            let discounted_orders: f64 = if monthly_rate > 0.0 {
                (1..=months)
                    .map(|m| {
                        (expected(m) - expected(m - 1)) / (1.0 + monthly_rate).powf(f64::from(m))
                    })
                    .sum()
            } else {
                orders
            };
            Some(Value {
                p_alive: fit.model.p_alive(h),
                expected_orders: orders,
                expected_value: spend.map(|s| s * discounted_orders),
            })
        })
        .collect();
    let values = without_unfinite(values, &mut warnings);
    Clv {
        horizon_days: f64::from(months) * MONTH_DAYS,
        bgnbd,
        gamma_gamma,
        values,
        warnings,
    }
}

/// The values with a figure that is no number (parameters so extreme that the formulas
/// overflow) left blank, with a warning, instead of written as NaN.
fn without_unfinite(values: Vec<Option<Value>>, warnings: &mut Vec<String>) -> Vec<Option<Value>> {
    let finite = |v: &Value| {
        v.p_alive.is_finite()
            && v.expected_orders.is_finite()
            && v.expected_value.is_none_or(f64::is_finite)
    };
    let bad = values.iter().flatten().filter(|v| !finite(v)).count();
    if bad > 0 {
        warnings.push(format!(
            "lifetime value: the fitted parameters are too extreme to value {bad} customer{}; their lifetime value is left blank",
            if bad == 1 { "" } else { "s" }
        ));
    }
    values
        .into_iter()
        .map(|v| v.filter(|v| finite(v)))
        .collect()
}

/// `Err` with the reason when there are too few buyers or repeat buyers to fit the BG/NBD model.
fn enough_history(buyers: &[History]) -> Result<(), Wording> {
    let repeat = buyers.iter().filter(|h| h.x > 0.0).count();
    if buyers.len() < MIN_BUYERS || repeat < MIN_REPEAT_BUYERS {
        let buyers = buyers.len();
        return Err(Wording::new(
            format!(
                "too little history: {buyers} customers bought, {repeat} of them more than once (at least {MIN_BUYERS} and {MIN_REPEAT_BUYERS} are needed)"
            ),
            format!(
                "历史太少：{buyers} 位客户有购买，其中 {repeat} 位不止一次（至少需要 {MIN_BUYERS} 位和 {MIN_REPEAT_BUYERS} 位）"
            ),
        ));
    }
    Ok(())
}

/// Histories that are the same counted once, with their number: customers who bought once
/// on the same day are common, and the likelihood need not be computed for each.
fn grouped(histories: &[History]) -> Vec<(History, f64)> {
    let mut groups: FxHashMap<[u64; 3], (History, f64)> = FxHashMap::default();
    for h in histories {
        let key = [h.x.to_bits(), h.recency.to_bits(), h.age.to_bits()];
        groups.entry(key).or_insert((*h, 0.0)).1 += 1.0;
    }
    let mut groups: Vec<(History, f64)> = groups.into_values().collect();
    // A fixed order, so that the sums (and so the fit) are the same on every run.
    groups.sort_by(|a, b| {
        (a.0.x, a.0.recency, a.0.age)
            .partial_cmp(&(b.0.x, b.0.recency, b.0.age))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    groups
}

/// The distinct values, and for each item the index of its value: the costly functions of a
/// likelihood depend on one number of a history (`x`, or a number of days), and few customers
/// share a history but many share each of its numbers.
fn distinct(xs: impl Iterator<Item = f64> + Clone) -> (Vec<f64>, Vec<usize>) {
    let mut distinct: Vec<f64> = xs.clone().collect();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup();
    let index = xs.map(|x| distinct.partition_point(|&d| d < x)).collect();
    (distinct, index)
}

fn fit_bgnbd(buyers: &[History], warnings: &mut Vec<String>) -> Result<Fitted<BgNbd>, Wording> {
    let groups = grouped(buyers);
    let (xs, x_index) = distinct(groups.iter().map(|(h, _)| h.x));
    // Ages and recencies together: index 2g is group g's age, 2g + 1 its recency.
    let (days, age_index) = distinct(groups.iter().flat_map(|(h, _)| [h.age, h.recency]));
    let n = buyers.len() as f64;
    let log_likelihood = |model: &BgNbd| {
        let terms: Vec<_> = xs.iter().map(|&x| model.terms_of(x)).collect();
        let ln_days: Vec<f64> = days.iter().map(|&d| (model.alpha + d).ln()).collect();
        groups
            .iter()
            .enumerate()
            .map(|(g, (h, count))| {
                let (ln_age, ln_recency) =
                    (ln_days[age_index[2 * g]], ln_days[age_index[2 * g + 1]]);
                count * model.log_likelihood_with(terms[x_index[g]], h.x, ln_age, ln_recency)
            })
            .sum::<f64>()
    };
    let mean_age = buyers.iter().map(|h| h.age).sum::<f64>() / n;
    let scale = mean_age.max(1.0).ln();
    let starts = [
        [0.0, scale - 2.0, 0.0, 0.0],
        [-1.0, scale, -0.5, 1.0],
        [0.7, scale - 4.0, 0.7, 1.5],
    ];
    let (logs, converged) = minimise(|logs| -log_likelihood(&BgNbd::from_logs(logs)) / n, &starts)
        .map_err(|e| {
            Wording::new(
                format!("the BG/NBD fit failed: {e}"),
                format!("BG/NBD 拟合失败：{e}"),
            )
        })?;
    let model = BgNbd::from_logs(&logs);
    if !converged {
        warnings.push(format!(
            "lifetime value: the BG/NBD fit did not converge from any starting point; its parameters (r {:.4}, alpha {:.4}, a {:.4}, b {:.4}) may be off",
            model.r, model.alpha, model.a, model.b
        ));
    }
    Ok(Fitted {
        log_likelihood: log_likelihood(&model),
        model,
        customers: buyers.len(),
    })
}

fn fit_gamma_gamma(
    spenders: &[(f64, f64)],
    warnings: &mut Vec<String>,
) -> Result<Fitted<GammaGamma>, Wording> {
    let n = spenders.len() as f64;
    let (xs, x_index) = distinct(spenders.iter().map(|&(x, _)| x));
    let ln_m: Vec<f64> = spenders.iter().map(|(_, m)| m.ln()).collect();
    let log_likelihood = |model: &GammaGamma| {
        let terms: Vec<f64> = xs.iter().map(|&x| model.terms_of(x)).collect();
        spenders
            .iter()
            .zip(&x_index)
            .zip(&ln_m)
            .map(|((&(x, m), &k), &ln_m)| model.log_likelihood_with(terms[k], x, ln_m, m))
            .sum::<f64>()
    };
    let mean = spenders.iter().map(|(_, m)| m).sum::<f64>() / n;
    let scale = mean.max(1e-9).ln();
    let starts = [
        [0.0, 0.0, scale],
        [1.5, 1.0, scale],
        [-0.5, 2.0, scale + 1.0],
    ];
    let (logs, converged) = minimise(
        |logs| -log_likelihood(&GammaGamma::from_logs(logs)) / n,
        &starts,
    )
    .map_err(|e| {
        Wording::new(
            format!("the Gamma-Gamma fit failed: {e}"),
            format!("Gamma-Gamma 拟合失败：{e}"),
        )
    })?;
    let model = GammaGamma::from_logs(&logs);
    if !converged {
        warnings.push(format!(
            "lifetime value: the Gamma-Gamma fit did not converge from any starting point; its parameters (p {:.4}, q {:.4}, gamma {:.4}) may be off",
            model.p, model.q, model.gamma
        ));
    }
    if model.q <= 1.0 {
        return Err(Wording::new(
            format!(
                "spend per purchase varies too much across customers to have a mean (fitted q = {:.3} ≤ 1)",
                model.q
            ),
            format!(
                "各客户每次消费的金额差异太大，没有均值（拟合的 q = {:.3} ≤ 1）",
                model.q
            ),
        ));
    }
    Ok(Fitted {
        log_likelihood: log_likelihood(&model),
        model,
        customers: spenders.len(),
    })
}

/// A cost to minimise, for `argmin`.
struct Cost<F>(F);

impl<F: Fn(&[f64]) -> f64> CostFunction for Cost<F> {
    type Param = Vec<f64>;
    type Output = f64;

    fn cost(&self, param: &Vec<f64>) -> Result<f64, Error> {
        // Outside where the likelihood is finite the simplex must turn back.
        Ok(Some((self.0)(param))
            .filter(|c| c.is_finite())
            .unwrap_or(f64::MAX))
    }
}

/// The best minimum found from `starts` with Nelder-Mead, and whether that run converged.
///
/// The starts are independent, so they run side by side (on both cores of a laptop); the best
/// is then picked in start order, exactly as runs one after another would pick it.
fn minimise<const N: usize>(
    cost: impl Fn(&[f64]) -> f64 + Sync,
    starts: &[[f64; N]],
) -> Result<(Vec<f64>, bool), Error> {
    let cost = &cost;
    let runs: Vec<Result<Option<Run>, Error>> = std::thread::scope(|scope| {
        let handles: Vec<_> = starts
            .iter()
            .map(|start| {
                crate::threads::spawn_scoped(scope, start, |start| minimise_from(cost, start))
            })
            .collect();
        handles
            .into_iter()
            .map(|spawned| match spawned {
                Ok(handle) => handle
                    .join()
                    .unwrap_or_else(|_| Err(Error::msg("the fit stopped unexpectedly"))),
                // As a thread's would be, a panic is a failed fit.
                Err(start) => std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    minimise_from(cost, start)
                }))
                .unwrap_or_else(|_| Err(Error::msg("the fit stopped unexpectedly"))),
            })
            .collect()
    });
    let mut best: Option<Run> = None;
    for run in runs {
        if let Some((param, value, converged)) = run?
            && best.as_ref().is_none_or(|(_, b, _)| value < *b)
        {
            best = Some((param, value, converged));
        }
    }
    let (param, _, converged) = best.ok_or_else(|| Error::msg("no starting point"))?;
    Ok((param, converged))
}

/// What one Nelder-Mead run found: the best point, its cost, and whether it converged.
type Run = (Vec<f64>, f64, bool);

/// One Nelder-Mead run from `start`, in rounds of 500 iterations, each restarted from
/// the best point of the one before. A fit whose likelihood is flat along a ridge (BG/NBD's a
/// and b growing together, when customers drop out alike) would crawl along it for thousands
/// of iterations, each gaining a billionth: a round that gains less than that ends the run, as
/// converged, since the point is as good as the data can tell.
fn minimise_from<const N: usize>(
    cost: &impl Fn(&[f64]) -> f64,
    start: &[f64; N],
) -> Result<Option<Run>, Error> {
    const ROUND: u64 = 500;
    const ROUNDS: usize = 10;
    let mut best: Option<Run> = None;
    let mut from = start.to_vec();
    for _ in 0..ROUNDS {
        // The simplex: the point and one step of 1 (a factor e) along each axis.
        let simplex: Vec<Vec<f64>> = std::iter::once(from.clone())
            .chain((0..N).map(|k| {
                let mut vertex = from.clone();
                vertex[k] += 1.0;
                vertex
            }))
            .collect();
        let solver = NelderMead::new(simplex).with_sd_tolerance(1e-12)?;
        let result = Executor::new(Cost(cost), solver)
            .configure(|state| state.max_iters(ROUND))
            .run()?;
        let state = result.state();
        let Some(param) = state.get_best_param() else {
            return Ok(best);
        };
        let value = state.get_best_cost();
        let converged = matches!(
            state.get_termination_status(),
            TerminationStatus::Terminated(TerminationReason::SolverConverged)
        );
        let stalled = best
            .as_ref()
            .is_some_and(|(_, before, _)| before - value < 1e-9 * value.abs().max(1.0));
        from.clone_from(param);
        best = Some((param.clone(), value, converged || stalled));
        if converged || stalled {
            break;
        }
    }
    Ok(best)
}

#[cfg(test)]
mod tests;
