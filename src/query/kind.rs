//! The four kinds a bill line falls in for an answer (charges, credits, drawdowns,
//! adjustments), by its type and never by its sign: a commitment drawdown is negative but is
//! no credit, and a credit memo written positive is still a credit. One meaning in every view,
//! command and output.

use super::line_item_type::LineItemType;

/// What a line does to a bill, by its line item type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// What the customer is charged for.
    Charges,
    /// What is given back against charges.
    Credits,
    /// A prepayment or balance paying for charges: not a credit.
    Drawdowns,
    /// A manual change, up or down.
    Adjustments,
    /// A line whose type is missing or unknown: counted apart, and said.
    Other,
}

impl Kind {
    /// Every kind, in the order answers list them.
    pub const ALL: [Kind; 5] = [
        Kind::Charges,
        Kind::Credits,
        Kind::Drawdowns,
        Kind::Adjustments,
        Kind::Other,
    ];

    /// The kind of a line whose `lineItemType` cell holds `cell` (any case, spaces around
    /// ignored); `Other` when it names no type.
    pub fn of_cell(cell: &[u8]) -> Kind {
        let cell = cell.trim_ascii();
        LineItemType::ALL
            .into_iter()
            .find(|t| t.wire_name().as_bytes().eq_ignore_ascii_case(cell))
            .map_or(Kind::Other, LineItemType::kind)
    }

    /// Its name in answers and in machine output (`charges`, ...).
    pub fn word(self) -> &'static str {
        match self {
            Kind::Charges => "charges",
            Kind::Credits => "credits",
            Kind::Drawdowns => "drawdowns",
            Kind::Adjustments => "adjustments",
            Kind::Other => "other",
        }
    }

    /// Its place in [`Kind::ALL`].
    pub fn slot(self) -> usize {
        self as usize
    }
}

impl LineItemType {
    /// The kind its lines fall in for answers.
    pub fn kind(self) -> Kind {
        use LineItemType::*;
        match self {
            StandingCharge
            | Usage
            | CounterRunningTotalCharge
            | CounterAdjustmentDebit
            | MinimumSpend
            | OverageSurcharge
            | OverageUsage
            | AdHoc
            | CommitmentFee
            | BalanceFee
            | DebitMemo => Kind::Charges,
            UsageCredit
            | CounterAdjustmentCredit
            | MinimumSpendRefund
            | CreditDeduction
            | CreditMemo => Kind::Credits,
            CommitmentConsumed | BalanceConsumed => Kind::Drawdowns,
            ManualAdjustment => Kind::Adjustments,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_split_is_by_type_as_the_design_lists_it() {
        let of = |kind: Kind| -> Vec<&str> {
            LineItemType::ALL
                .into_iter()
                .filter(|t| t.kind() == kind)
                .map(LineItemType::wire_name)
                .collect()
        };
        assert_eq!(of(Kind::Charges).len(), 11);
        assert_eq!(
            of(Kind::Credits),
            [
                "COUNTER_ADJUSTMENT_CREDIT",
                "USAGE_CREDIT",
                "MINIMUM_SPEND_REFUND",
                "CREDIT_DEDUCTION",
                "CREDIT_MEMO"
            ]
        );
        assert_eq!(
            of(Kind::Drawdowns),
            ["COMMITMENT_CONSUMED", "BALANCE_CONSUMED"]
        );
        assert_eq!(of(Kind::Adjustments), ["MANUAL_ADJUSTMENT"]);
        assert!(of(Kind::Other).is_empty());
    }

    #[test]
    fn cells_are_read_by_name_and_anything_else_is_other() {
        assert_eq!(Kind::of_cell(b"USAGE"), Kind::Charges);
        assert_eq!(Kind::of_cell(b" credit_memo "), Kind::Credits);
        assert_eq!(Kind::of_cell(b"COMMITMENT_CONSUMED"), Kind::Drawdowns);
        assert_eq!(Kind::of_cell(b""), Kind::Other);
        assert_eq!(Kind::of_cell(b"REFUND"), Kind::Other);
        assert_eq!(Kind::of_cell(b"\xff"), Kind::Other);
    }
}
