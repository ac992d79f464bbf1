//! What a pivot's cells show: their sums, or a ratio of them.

/// What a pivot's cells show: their sums, or a ratio of them (`%` cycles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CellShow {
    #[default]
    Amount,
    /// The cell's net in percent of its column's net in the currency (the total column: of
    /// the currency's net), so each month's mix reads down a column.
    ShareOfColumn,
    /// The cell's credits in percent of its charges, per the four kinds.
    CreditShare,
}

impl CellShow {
    pub fn next(self) -> CellShow {
        match self {
            CellShow::Amount => CellShow::ShareOfColumn,
            CellShow::ShareOfColumn => CellShow::CreditShare,
            CellShow::CreditShare => CellShow::Amount,
        }
    }

    /// What the cells are, in a few words for the title and in a sentence; nothing for
    /// plain sums.
    pub fn words(self) -> Option<(&'static str, &'static str)> {
        match self {
            CellShow::Amount => None,
            CellShow::ShareOfColumn => Some(("% of column", "% of each column's net")),
            CellShow::CreditShare => Some(("credit share", "credits in % of charges")),
        }
    }
}
