//! B held against its usual: the mean of the periods before it, which of them the file
//! covers, and which way a line strays.

use crate::explore::period::Period;

/// Which way a line strays from its baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    Above,
    Below,
    /// No mean to stray from.
    New,
}

impl Flag {
    pub fn word(self) -> &'static str {
        match self {
            Flag::Above => "above",
            Flag::Below => "below",
            Flag::New => "new",
        }
    }
}

/// B held against the mean of the periods before it, and which of them the file covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Baseline {
    /// The periods asked for, the earliest first.
    pub periods: Vec<Period>,
    /// Those the file has none of: left out of the mean, never counted as zero.
    pub missing: Vec<Period>,
    /// Those the file has only part of, with what it has.
    pub partial: Vec<String>,
}

impl Baseline {
    /// The `n` periods before `b`, each as long, and the span they make together, called
    /// `mean of 2026-08 to 2026-10` (A, whose sums become the mean); `None` for no periods.
    pub fn before(b: &Period, n: u32) -> Option<(Period, Vec<Period>)> {
        let periods = b.before(n);
        let span = match (periods.first(), periods.last()) {
            (Some(first), Some(last)) if periods.len() > 1 => Period::spanning(
                first,
                last,
                format!("mean of {} to {}", first.label, last.label),
            ),
            (Some(only), _) => only.clone(),
            _ => return None,
        };
        Some((span, periods))
    }

    /// How many periods the mean is of.
    pub fn counted(&self) -> usize {
        self.periods.len() - self.missing.len()
    }

    /// What a reader must know of the mean, a sentence each.
    pub fn warnings(&self) -> Vec<String> {
        let mut said = Vec::new();
        if !self.missing.is_empty() {
            let missing: Vec<&str> = self.missing.iter().map(|p| p.label.as_str()).collect();
            said.push(format!(
                "the file does not cover {}: the mean is of the {} other {} only, not counted as zero",
                missing.join(", "),
                self.counted(),
                if self.counted() == 1 { "period" } else { "periods" }
            ));
        }
        if !self.partial.is_empty() {
            said.push(format!(
                "{} only partly in the file: the mean is not like for like",
                self.partial.join(", ")
            ));
        }
        said
    }
}
