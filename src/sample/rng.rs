//! The random numbers behind the sample, and small helpers that draw with them.

use chrono::{NaiveDate, TimeDelta};

/// `SplitMix64`, written here rather than taken from a crate because sample files serve as
/// fixtures and benchmarks: the same seed must give the same output forever, independent
/// of any crate version.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    pub(super) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub(super) fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform in `0..n`, `n > 0`.
    pub(super) fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }
    pub(super) fn below_u32(&mut self, n: u32) -> u32 {
        self.below(n as usize) as u32
    }
    pub(super) fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }
    /// Standard normal (Box-Muller).
    pub(super) fn normal(&mut self) -> f64 {
        let u = 1.0 - self.f64();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * self.f64()).cos()
    }
    pub(super) fn lognormal(&mut self, median: f64, sigma: f64) -> f64 {
        median * (sigma * self.normal()).exp()
    }
    /// Pareto with minimum 1.
    pub(super) fn pareto(&mut self, alpha: f64) -> f64 {
        (1.0 - self.f64()).powf(-1.0 / alpha)
    }
    pub(super) fn weighted(&mut self, weights: &[f64]) -> usize {
        let mut x = self.f64() * weights.iter().sum::<f64>();
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

/// Picks from a word list with a raw draw, so both languages consume the same draws.
pub(super) fn pick<T: Copy>(list: &[T], r: u64) -> T {
    list[(r % list.len() as u64) as usize]
}

pub(super) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// `prefix` and `n` zero-padded to `width` digits; faster than `format!` for millions.
pub(super) fn padded_id(prefix: &str, mut n: usize, width: usize) -> String {
    let mut digits = [b'0'; 20];
    let mut i = digits.len();
    while n > 0 {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    let len = (digits.len() - i).max(width).min(digits.len());
    let mut s = String::with_capacity(prefix.len() + len);
    s.push_str(prefix);
    s.extend(digits[digits.len() - len..].iter().map(|&b| char::from(b)));
    s
}

pub(super) fn day(start: NaiveDate, offset: i64) -> NaiveDate {
    start
        .checked_add_signed(TimeDelta::days(offset))
        .unwrap_or(start)
}
