//! The BG/NBD model (Fader, Hardie and Lee, "Counting your customers the easy way", Marketing
//! Science 2005): while alive, a customer buys at a Poisson rate λ ~ Gamma(r, α); after each
//! purchase they drop out with probability p ~ Beta(a, b). Time is in days, so α is in days.

use serde::Serialize;
use statrs::function::gamma::ln_gamma;

use super::History;

/// Fitted BG/NBD parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BgNbd {
    /// Shape of the purchase-rate distribution.
    pub r: f64,
    /// Scale of the purchase-rate distribution, in days.
    pub alpha: f64,
    /// First shape of the dropout-probability distribution.
    pub a: f64,
    /// Second shape of the dropout-probability distribution.
    pub b: f64,
}

/// The parts of a customer's log-likelihood that depend only on the parameters and `x`.
#[derive(Debug, Clone, Copy)]
pub(super) struct XTerms {
    /// `ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b)`.
    constant: f64,
    /// `ln a − ln(b+x−1)` (−∞ without repeat purchases).
    dropout: f64,
}

/// `ln(e^x + e^y)` without overflow.
fn log_add_exp(x: f64, y: f64) -> f64 {
    let (hi, lo) = if x > y { (x, y) } else { (y, x) };
    hi + (lo - hi).exp().ln_1p()
}

impl BgNbd {
    /// The parameters from their logarithms (the optimiser works on the log scale, where
    /// every value is allowed).
    pub fn from_logs(logs: &[f64]) -> Self {
        Self {
            r: logs[0].exp(),
            alpha: logs[1].exp(),
            a: logs[2].exp(),
            b: logs[3].exp(),
        }
    }

    /// One customer's log-likelihood, in the paper's equation (6) worked on the log scale so
    /// that customers with hundreds of purchases neither overflow nor lose precision.
    pub fn log_likelihood(&self, h: &History) -> f64 {
        let ln_age = (self.alpha + h.age).ln();
        let ln_recency = (self.alpha + h.recency).ln();
        self.log_likelihood_with(self.terms_of(h.x), h.x, ln_age, ln_recency)
    }

    /// The parts of the log-likelihood that depend on `x` alone (its log-gamma functions),
    /// which a fit computes once per distinct `x` rather than once per customer.
    pub(super) fn terms_of(&self, x: f64) -> XTerms {
        let Self { r, alpha, a, b } = *self;
        XTerms {
            constant: ln_gamma(r + x) - ln_gamma(r)
                + r * alpha.ln()
                + ln_gamma(a + b)
                + ln_gamma(b + x)
                - ln_gamma(b)
                - ln_gamma(a + b + x),
            dropout: if x > 0.0 {
                a.ln() - (b + x - 1.0).ln()
            } else {
                f64::NEG_INFINITY
            },
        }
    }

    /// [`log_likelihood`](Self::log_likelihood) given the customer's [`XTerms`],
    /// `ln(α + T)` and `ln(α + t_x)` (which a fit computes once per distinct day).
    pub(super) fn log_likelihood_with(
        &self,
        terms: XTerms,
        x: f64,
        ln_age: f64,
        ln_recency: f64,
    ) -> f64 {
        let rx = self.r + x;
        let alive = -rx * ln_age;
        if x > 0.0 {
            let dropped = terms.dropout - rx * ln_recency;
            terms.constant + log_add_exp(alive, dropped)
        } else {
            terms.constant + alive
        }
    }

    /// `a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)` for a repeat buyer, 0 otherwise: the odds that the
    /// customer dropped out after their last purchase against being alive.
    fn dropout_odds(&self, h: &History) -> f64 {
        if h.x == 0.0 {
            return 0.0;
        }
        let Self { r, alpha, a, b } = *self;
        let log = a.ln() - (b + h.x - 1.0).ln()
            + (r + h.x) * ((alpha + h.age).ln() - (alpha + h.recency).ln());
        log.exp()
    }

    /// The probability that the customer is still alive at the as-of date.
    pub fn p_alive(&self, h: &History) -> f64 {
        1.0 / (1.0 + self.dropout_odds(h))
    }

    /// Expected purchases in the next `t` days (the paper's equation (10)). The product
    /// `((α+T)/(α+T+t))^(r+x) · ₂F₁(r+x, b+x; a+b+x−1; z)` is taken through Euler's
    /// transformation as `(1−z)^(a−1) · ₂F₁(a+b−1−r, a−1; a+b+x−1; z)`, whose series converges
    /// quickly however many purchases the customer made. A fit that ran off towards huge `a`
    /// and `b` (a fixed dropout chance `a/(a+b)`, as small shops' histories can give) makes that
    /// form 0 · ∞; the product is then summed as it stands, which those parameters leave tame.
    #[allow(clippy::many_single_char_names, reason = "the paper's notation")]
    pub fn expected_purchases(&self, h: &History, t: f64) -> f64 {
        let Self { r, alpha, a, b } = *self;
        let x = h.x;
        let z = t / (alpha + h.age + t);
        let c = a + b + x - 1.0;
        let mut tail = (1.0 - z).powf(a - 1.0) * hyp2f1(a + b - 1.0 - r, a - 1.0, c, z);
        if !tail.is_finite() {
            tail = (1.0 - z).powf(r + x) * hyp2f1(r + x, b + x, c, z);
        }
        c / (a - 1.0) * (1.0 - tail) * self.p_alive(h)
    }
}

/// The Gauss hypergeometric series `₂F₁(a, b; c; z)` for `0 ≤ z < 1`, summed until a term no
/// longer changes the sum.
#[allow(clippy::many_single_char_names, reason = "the usual notation")]
pub fn hyp2f1(a: f64, b: f64, c: f64, z: f64) -> f64 {
    let (mut term, mut sum) = (1.0, 1.0);
    for k in 0..100_000 {
        let k = f64::from(k);
        term *= (a + k) * (b + k) / ((c + k) * (k + 1.0)) * z;
        sum += term;
        if term.abs() <= f64::EPSILON * sum.abs() {
            break;
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;
    use statrs::function::beta::beta;
    use statrs::function::gamma::gamma;

    fn history(x: f64, recency: f64, age: f64) -> History {
        History {
            x,
            recency,
            age,
            repeat_value: None,
        }
    }

    const PARAMS: BgNbd = BgNbd {
        r: 0.243,
        alpha: 4.414,
        a: 0.793,
        b: 2.426,
    };

    #[test]
    fn log_likelihood_matches_the_direct_formula_for_small_cases() {
        // Equation (6) of the paper with plain gamma and beta functions.
        let BgNbd { r, alpha, a, b } = PARAMS;
        for (x, tx, t) in [(0.0, 0.0, 30.0), (1.0, 10.0, 38.9), (3.0, 20.5, 30.0)] {
            let mut l = beta(a, b + x) / beta(a, b) * gamma(r + x) / gamma(r) * alpha.powf(r)
                / (alpha + t).powf(r + x);
            if x > 0.0 {
                l += beta(a + 1.0, b + x - 1.0) / beta(a, b) * gamma(r + x) / gamma(r)
                    * alpha.powf(r)
                    / (alpha + tx).powf(r + x);
            }
            let ours = PARAMS.log_likelihood(&history(x, tx, t));
            assert!((ours - l.ln()).abs() < 1e-10, "x={x}: {ours} vs {}", l.ln());
        }
    }

    #[test]
    fn stable_for_hundreds_of_purchases() {
        let h = history(600.0, 700.0, 730.0);
        let ll = PARAMS.log_likelihood(&h);
        assert!(ll.is_finite() && ll < 0.0, "{ll}");
        let e = PARAMS.expected_purchases(&h, 365.0);
        assert!(e.is_finite() && e > 0.0, "{e}");
    }

    #[test]
    fn a_customer_without_repeat_purchases_is_alive() {
        assert_eq!(PARAMS.p_alive(&history(0.0, 0.0, 100.0)), 1.0);
    }

    #[test]
    fn with_a_near_zero_no_one_drops_out_and_the_model_is_the_nbd() {
        // a → 0: p ~ Beta(a, b) puts all mass at 0, so E[Y(t)] = (r + x) t / (α + T).
        let model = BgNbd { a: 1e-12, ..PARAMS };
        for (x, tx, t) in [(0.0, 0.0, 50.0), (4.0, 40.0, 60.0), (30.0, 300.0, 365.0)] {
            let h = history(x, tx, t);
            let nbd = (model.r + x) * 90.0 / (model.alpha + t);
            let ours = model.expected_purchases(&h, 90.0);
            assert!((ours - nbd).abs() < 1e-6 * nbd, "x={x}: {ours} vs {nbd}");
            assert!(
                (model.p_alive(&h) - 1.0).abs() < 1e-8,
                "{}",
                model.p_alive(&h)
            );
        }
    }

    #[test]
    fn expected_purchases_match_the_paper_for_its_cdnow_parameters() {
        // Fader, Hardie and Lee's CDNOW example (time in weeks): r = 0.243, α = 4.414,
        // a = 0.793, b = 2.426; a customer with x = 2, t_x = 30.43, T = 38.86 makes 1.226
        // purchases in the next 39 weeks (their worked example, also lifetimes' test value).
        let e = PARAMS.expected_purchases(&history(2.0, 30.43, 38.86), 39.0);
        assert!((e - 1.226).abs() < 0.001, "{e}");
    }

    #[test]
    #[allow(clippy::many_single_char_names, reason = "the paper's notation")]
    fn a_fit_with_huge_a_and_b_gives_the_fixed_dropout_limit() {
        // As a and b grow with p = a/(a+b) fixed, BG/NBD becomes a dropout chance p after
        // each purchase: E = p_alive/p · (1 − ((1−z)/(1−(1−p)z))^(r+x)), z = t/(α+T+t).
        let (r, alpha, p) = (3.85, 397.7, 0.0194);
        let a = 6.55e12;
        let model = BgNbd {
            r,
            alpha,
            a,
            b: a * (1.0 - p) / p,
        };
        for (x, recency, age) in [(0.0, 0.0, 200.0), (3.0, 150.0, 300.0), (40.0, 340.0, 360.0)] {
            let h = history(x, recency, age);
            let t = 365.25;
            let z = t / (alpha + age + t);
            let limit =
                model.p_alive(&h) / p * (1.0 - ((1.0 - z) / (1.0 - (1.0 - p) * z)).powf(r + x));
            let e = model.expected_purchases(&h, t);
            assert!(
                (e - limit).abs() < 1e-6 * limit,
                "x {x}: {e} against {limit}"
            );
        }
    }

    #[test]
    fn hyp2f1_against_closed_forms() {
        // ₂F₁(1, 1; 2; z) = −ln(1−z)/z.
        let z: f64 = 0.6;
        assert!((hyp2f1(1.0, 1.0, 2.0, z) - (-(1.0 - z).ln() / z)).abs() < 1e-12);
        // ₂F₁(a, b; b; z) = (1−z)^(−a).
        assert!((hyp2f1(2.5, 3.0, 3.0, 0.3) - 0.7f64.powf(-2.5)).abs() < 1e-12);
    }
}
