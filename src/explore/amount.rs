//! Exact sums of decimal numbers as they are written in a CSV file.

use std::fmt;
use std::ops::{Add, AddAssign, Sub};

/// A decimal number held as millionths, so that sums of money are exact (a float would drift
/// in the last cent over millions of rows).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(i128);

const SCALE: i128 = 1_000_000;

/// An amount read from a file has fewer whole digits than this (under 10^18: no bill comes
/// near), so that sums of any file that fits on a disk stay far inside `i128`.
pub const LARGEST_WHOLE_DIGITS: usize = 18;

/// The largest size a sum may reach, in millionths (10^30 in units): a sum past it is an
/// error naming its key, never a wrapped number. Five such sums still add up inside `i128`.
const LIMIT: i128 = 1_000_000_000_000_000_000_000_000_000_000_000_000;

impl Amount {
    pub const ZERO: Amount = Amount(0);

    /// Reads a plain decimal with a dot: `-1234.5`, `+7`, `.5` (up to six decimals; more are
    /// rounded half away from zero). `None` for anything else: `12,50` and `1,234.50` (the
    /// comma means a decimal in some locales and a thousands separator in others, so it is
    /// never guessed), exponents, NaN, and numbers of [`LARGEST_WHOLE_DIGITS`] digits or more.
    pub fn parse(text: &[u8]) -> Option<Amount> {
        let text = trim(text);
        let (negative, digits) = match text.first()? {
            b'-' => (true, &text[1..]),
            b'+' => (false, &text[1..]),
            _ => (false, text),
        };
        let mut whole: i128 = 0;
        let mut whole_digits = 0usize;
        let mut fraction: i128 = 0;
        let mut fraction_digits = 0u32;
        let mut round_up = false;
        let mut seen_digit = false;
        let mut in_fraction = false;
        for &b in digits {
            match b {
                b'0'..=b'9' => {
                    seen_digit = true;
                    let d = i128::from(b - b'0');
                    if in_fraction {
                        if fraction_digits < 6 {
                            fraction = fraction * 10 + d;
                            fraction_digits += 1;
                        } else if fraction_digits == 6 {
                            round_up = d >= 5;
                            fraction_digits += 1;
                        }
                    } else {
                        whole = whole * 10 + d;
                        if whole > 0 {
                            whole_digits += 1;
                        }
                        if whole_digits > LARGEST_WHOLE_DIGITS {
                            return None;
                        }
                    }
                }
                b'.' if !in_fraction => in_fraction = true,
                _ => return None,
            }
        }
        if !seen_digit {
            return None;
        }
        let fraction = fraction * 10i128.pow(6 - fraction_digits.min(6)) + i128::from(round_up);
        let value = whole * SCALE + fraction;
        Some(Amount(if negative { -value } else { value }))
    }

    /// `self + other`, or `None` when the sum leaves the exact range (10^30 in size).
    pub fn checked_add(self, other: Amount) -> Option<Amount> {
        let sum = self.0.checked_add(other.0)?;
        (sum.unsigned_abs() <= LIMIT.unsigned_abs()).then_some(Amount(sum))
    }

    /// `self - other`, or `None` when the difference leaves the exact range.
    pub fn checked_sub(self, other: Amount) -> Option<Amount> {
        self.checked_add(Amount(other.0.checked_neg()?))
    }

    /// Whether the amount is within the exact range.
    pub fn in_range(self) -> bool {
        self.0.unsigned_abs() <= LIMIT.unsigned_abs()
    }

    /// The amount with `decimals` places (rounded half away from zero) and thousands separators:
    /// `-1,234,567.89`.
    pub fn format(self, decimals: u32) -> String {
        self.written(decimals, true)
    }

    /// The amount with `decimals` places and no separators, as programs read it: `-1234.50`.
    pub fn plain(self, decimals: u32) -> String {
        self.written(decimals, false)
    }

    /// Rounded to `decimals` places (half away from zero), with thousands `grouped` or not.
    fn written(self, decimals: u32, grouped: bool) -> String {
        use std::fmt::Write;

        let decimals = decimals.min(6);
        let step = 10u128.pow(6 - decimals);
        // Unsigned, so that no value, however large, formats as a wrapped number.
        let size = self.0.unsigned_abs();
        let unit = 10u128.pow(decimals);
        // Most amounts fit 64 bits, whose division is many times quicker than 128 bits'.
        let (whole, fraction) = match (u64::try_from(size), u64::try_from(step * unit)) {
            (Ok(size), Ok(_)) => {
                let (step, unit) = (step as u64, unit as u64);
                let rounded = size / step + u64::from(size % step * 2 >= step);
                (u128::from(rounded / unit), u128::from(rounded % unit))
            }
            _ => {
                let rounded = size / step + u128::from(size % step * 2 >= step);
                (rounded / unit, rounded % unit)
            }
        };
        let rounded = whole * unit + fraction;
        let mut out = String::with_capacity(24);
        if self.0 < 0 && rounded != 0 {
            out.push('-');
        }
        let _ = match u64::try_from(whole) {
            Ok(whole) => write!(out, "{whole}"),
            Err(_) => write!(out, "{whole}"),
        };
        if grouped {
            let sign = usize::from(out.starts_with('-'));
            let digits = out.split_off(sign);
            out.push_str(&group_thousands(&digits));
        }
        if decimals > 0 {
            let _ = match u64::try_from(fraction) {
                Ok(f) => write!(out, ".{f:0width$}", width = decimals as usize),
                Err(_) => write!(out, ".{fraction:0width$}", width = decimals as usize),
            };
        }
        out
    }

    /// The amount as a float, for proportions and bar lengths.
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / SCALE as f64
    }

    /// The amount in millionths, exactly: for comparisons and scales that must not round.
    pub fn millionths(self) -> i128 {
        self.0
    }

    /// The amount of `millionths` millionths.
    pub fn from_millionths(millionths: i128) -> Amount {
        Amount(millionths)
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    pub fn abs(self) -> Amount {
        Amount(self.0.saturating_abs())
    }
}

impl AddAssign for Amount {
    fn add_assign(&mut self, other: Amount) {
        self.0 = self.0.saturating_add(other.0);
    }
}

impl Add for Amount {
    type Output = Amount;
    fn add(self, other: Amount) -> Amount {
        Amount(self.0.saturating_add(other.0))
    }
}

impl Sub for Amount {
    type Output = Amount;
    fn sub(self, other: Amount) -> Amount {
        Amount(self.0.saturating_sub(other.0))
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format(2))
    }
}

fn trim(text: &[u8]) -> &[u8] {
    let start = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(text.len());
    let end = text
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    &text[start..end]
}

/// `1234567` as `1,234,567`.
pub fn group_thousands(digits: &str) -> String {
    let bytes = digits.as_bytes();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (bytes.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Option<Amount> {
        Amount::parse(text.as_bytes())
    }

    #[test]
    fn parses_what_bill_files_hold() {
        assert_eq!(p("1234.56").unwrap().format(2), "1,234.56");
        assert_eq!(p("-0.05").unwrap().format(2), "-0.05");
        assert_eq!(p(" 7 ").unwrap().format(0), "7");
        assert_eq!(p("1234567.891").unwrap().format(3), "1,234,567.891");
        assert_eq!(p("+7").unwrap().format(0), "7");
        assert_eq!(p(".5").unwrap().format(1), "0.5");
        assert_eq!(p("0.0000005").unwrap(), Amount(1));
        for bad in [
            "",
            "-",
            "abc",
            "1.2.3",
            "12a",
            "1e5",
            "--1",
            ".",
            "12,50",
            "1,234.50",
            "1.234,50",
            "NaN",
            "inf",
            "-Infinity",
            "0x10",
            "1 000",
        ] {
            assert_eq!(p(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn sums_are_exact_and_round_half_away_from_zero() {
        let mut total = Amount::ZERO;
        for _ in 0..1_000_000 {
            total += p("0.01").unwrap();
        }
        assert_eq!(total.format(2), "10,000.00");
        assert_eq!(p("2.345").unwrap().format(2), "2.35");
        assert_eq!(p("-2.345").unwrap().format(2), "-2.35");
        assert_eq!(p("-0.001").unwrap().format(2), "0.00");
        assert_eq!(p("-1234567.5").unwrap().plain(2), "-1234567.50");
    }

    #[test]
    fn numbers_beyond_the_range_are_not_read_and_sums_past_it_are_refused() {
        assert!(p("999999999999999999.999999").is_some(), "18 digits");
        assert!(
            p("0000000000000000000001").is_some(),
            "leading zeros are no size"
        );
        assert_eq!(p("1000000000000000000"), None, "19 digits");
        assert_eq!(p("1e32"), None);
        assert_eq!(p("100000000000000000000000000000000"), None);
        // 10^30 is the most a sum may reach; one millionth more is refused, either sign.
        let most = Amount(LIMIT);
        assert_eq!(most.checked_add(Amount::ZERO), Some(most));
        assert_eq!(most.checked_add(Amount(1)), None);
        assert_eq!(Amount(-LIMIT).checked_sub(Amount(1)), None);
        assert_eq!(
            Amount(-LIMIT).checked_add(Amount(1)),
            Some(Amount(1 - LIMIT))
        );
        assert_eq!(Amount(i128::MIN).checked_sub(Amount(i128::MIN)), None);
        // No value formats as a wrapped number, even one no sum can reach.
        assert_eq!(
            Amount(i128::MIN).plain(2),
            "-170141183460469231731687303715884.11"
        );
        assert_eq!(Amount(5).format(6), "0.000005");
        assert_eq!(Amount(5).format(5), "0.00001");
    }

    #[test]
    fn thousands() {
        assert_eq!(group_thousands("1"), "1");
        assert_eq!(group_thousands("1000"), "1,000");
        assert_eq!(group_thousands("123456789"), "123,456,789");
    }
}
