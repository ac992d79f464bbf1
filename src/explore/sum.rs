//! A sum of lines split by their kind (charges, credits, drawdowns, adjustments, other), exact,
//! and a part in percent of a whole.

use super::amount::Amount;
use crate::query::Kind;

/// A group's sums in one currency (or unit), split by the four kinds of line (charges,
/// credits, drawdowns, adjustments, and "other" for a type that is missing or unknown), so
/// that a net hiding large credits shows as such. The split is by type, never by sign.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sum {
    parts: [Amount; 5],
    pub rows: u64,
    /// Whether a part left the exact range: the sum is then no number, and its answer an
    /// error naming its key.
    beyond: bool,
}

impl Sum {
    /// A sum of `rows` lines whose kinds add up to `parts` (in [`Kind::ALL`]'s order).
    pub(super) fn from_parts(parts: [Amount; 5], rows: u64) -> Sum {
        Sum {
            parts,
            rows,
            beyond: false,
        }
    }

    /// Adds a line of `kind`.
    pub fn add(&mut self, value: Amount, kind: Kind) {
        self.add_to(kind.slot(), value);
        self.rows += 1;
    }

    fn add_to(&mut self, slot: usize, value: Amount) {
        match self.parts[slot].checked_add(value) {
            Some(sum) => self.parts[slot] = sum,
            None => self.beyond = true,
        }
    }

    pub fn merge(&mut self, other: &Sum) {
        for (slot, part) in other.parts.iter().enumerate() {
            self.add_to(slot, *part);
        }
        self.beyond |= other.beyond;
        self.rows += other.rows;
    }

    /// The mean of `n` periods' sums: each kind divided by `n`, to the millionth (half away
    /// from zero); its lines stay those of all `n`.
    pub fn mean(&self, n: u64) -> Sum {
        let n = i128::from(n.max(1));
        let parts = self.parts.map(|p| {
            let m = p.millionths();
            let half = n / 2;
            let q = if m >= 0 {
                (m + half) / n
            } else {
                (m - half) / n
            };
            Amount::from_millionths(q)
        });
        Sum {
            parts,
            rows: self.rows,
            beyond: self.beyond,
        }
    }

    /// The net: the four kinds and "other" together.
    pub fn net(&self) -> Amount {
        // Each part is within 10^30, so five of them cannot leave `i128`.
        self.parts.iter().fold(Amount::ZERO, |net, p| net + *p)
    }

    /// The sum of the lines of `kind`.
    pub fn of(&self, kind: Kind) -> Amount {
        self.parts[kind.slot()]
    }

    /// The sums of each kind that has any, in [`Kind::ALL`]'s order.
    pub fn kinds(&self) -> impl Iterator<Item = (Kind, Amount)> + '_ {
        Kind::ALL
            .into_iter()
            .map(|k| (k, self.of(k)))
            .filter(|(_, a)| *a != Amount::ZERO)
    }

    /// Whether more than one kind makes up the net (so the net alone would hide a part).
    pub fn has_parts(&self) -> bool {
        self.kinds().nth(1).is_some()
    }

    /// The credit share: the credits given back, in percent of the charges (credits, which
    /// are negative, over charges, sign turned); `None` without charges or without credits.
    pub fn credit_share(&self) -> Option<Amount> {
        let (credits, charges) = (self.of(Kind::Credits), self.of(Kind::Charges));
        if credits == Amount::ZERO {
            return None;
        }
        percent(Amount::ZERO.checked_sub(credits)?, charges)
    }

    /// The kinds that make it up, for people: `1,300.00 charges, -66.00 credits`.
    pub fn parts_words(&self, decimals: u32) -> String {
        self.kinds()
            .map(|(kind, amount)| format!("{} {}", amount.format(decimals), kind.word()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Whether the sum left the exact range (10^30): it must not be shown as a number.
    pub fn beyond_range(&self) -> bool {
        self.beyond || !self.net().in_range()
    }
}

/// `part` in percent of `whole`'s size, to a millionth, rounded half away from zero; `None`
/// when `whole` is zero or the amounts are too large to scale exactly.
pub fn percent(part: Amount, whole: Amount) -> Option<Amount> {
    if whole == Amount::ZERO {
        return None;
    }
    let scaled = part.millionths().checked_mul(100 * 1_000_000)?;
    let size = whole.millionths().checked_abs()?;
    let rounded = scaled.checked_abs()?.checked_add(size / 2)? / size;
    Some(Amount::from_millionths(if scaled < 0 {
        -rounded
    } else {
        rounded
    }))
}
