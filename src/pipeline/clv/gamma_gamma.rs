//! The Gamma-Gamma model of spend per purchase (Fader, Hardie and Lee, "RFM and CLV", Journal
//! of Marketing Research 2005; Fader and Hardie, "The Gamma-Gamma model of monetary value",
//! 2013): each purchase's value is Gamma(p, ν) with ν ~ Gamma(q, γ) across customers, so a
//! customer's mean spend is γp/(q−1) before their purchases are seen.

use serde::Serialize;
use statrs::function::gamma::ln_gamma;

/// Fitted Gamma-Gamma parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GammaGamma {
    /// Shape of the value of one purchase.
    pub p: f64,
    /// Shape of the distribution of the purchase-value rate across customers.
    pub q: f64,
    /// Scale of that distribution, in money.
    pub gamma: f64,
}

impl GammaGamma {
    /// The parameters from their logarithms.
    pub fn from_logs(logs: &[f64]) -> Self {
        Self {
            p: logs[0].exp(),
            q: logs[1].exp(),
            gamma: logs[2].exp(),
        }
    }

    /// The log-likelihood of a repeat buyer's `x` repeat purchases averaging `m` (the density
    /// of the mean, from the note's equation (3)).
    pub fn log_likelihood(&self, x: f64, m: f64) -> f64 {
        self.log_likelihood_with(self.terms_of(x), x, m.ln(), m)
    }

    /// The part of the log-likelihood that depends on `x` alone (its log-gamma functions).
    pub(super) fn terms_of(&self, x: f64) -> f64 {
        let Self { p, q, gamma } = *self;
        ln_gamma(p * x + q) - ln_gamma(p * x) - ln_gamma(q) + q * gamma.ln() + (p * x) * x.ln()
    }

    /// [`log_likelihood`](Self::log_likelihood) given the `x` terms and `ln m`.
    pub(super) fn log_likelihood_with(&self, terms: f64, x: f64, ln_m: f64, m: f64) -> f64 {
        let px = self.p * x;
        terms + (px - 1.0) * ln_m - (px + self.q) * (self.gamma + x * m).ln()
    }

    /// The expected value of the customer's next purchases: the population mean `γp/(q−1)`
    /// weighted against their own average `m` by how many purchases back it; `None` when
    /// `q ≤ 1`, where the population mean does not exist.
    pub fn expected_value(&self, x: f64, m: Option<f64>) -> Option<f64> {
        let Self { p, q, gamma } = *self;
        if q <= 1.0 {
            return None;
        }
        let population = gamma * p / (q - 1.0);
        Some(match m {
            Some(m) if x > 0.0 => {
                let own = p * x / (p * x + q - 1.0);
                (1.0 - own) * population + own * m
            }
            _ => population,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use statrs::function::gamma::gamma;

    const PARAMS: GammaGamma = GammaGamma {
        p: 6.25,
        q: 3.74,
        gamma: 15.44,
    };

    #[test]
    fn log_likelihood_matches_the_direct_density() {
        // f(m | p, q, γ, x) = Γ(px+q)/(Γ(px)Γ(q)) · γ^q m^(px−1) x^(px) / (γ + m x)^(px+q).
        let GammaGamma { p, q, gamma: g } = PARAMS;
        for (x, m) in [(1.0_f64, 20.0_f64), (2.0, 35.5), (4.0, 12.0)] {
            let density = gamma(p * x + q) / (gamma(p * x) * gamma(q))
                * g.powf(q)
                * m.powf(p * x - 1.0)
                * x.powf(p * x)
                / (g + m * x).powf(p * x + q);
            let ours = PARAMS.log_likelihood(x, m);
            assert!(
                (ours - density.ln()).abs() < 1e-9,
                "{ours} vs {}",
                density.ln()
            );
        }
    }

    #[test]
    fn the_expected_value_is_between_the_population_mean_and_the_customers_own() {
        let population = PARAMS.expected_value(0.0, None).unwrap();
        assert!((population - 15.44 * 6.25 / 2.74).abs() < 1e-9);
        let own = PARAMS.expected_value(5.0, Some(100.0)).unwrap();
        assert!(own > population && own < 100.0);
        // The note's equation (5) in its other form: p(γ + x m)/(px + q − 1).
        let e = PARAMS.expected_value(2.0, Some(35.654)).unwrap();
        let direct = 6.25 * (15.44 + 2.0 * 35.654) / (6.25 * 2.0 + 3.74 - 1.0);
        assert!((e - direct).abs() < 1e-9, "{e} vs {direct}");
        assert_eq!(
            GammaGamma { q: 0.9, ..PARAMS }.expected_value(1.0, Some(5.0)),
            None
        );
    }
}
