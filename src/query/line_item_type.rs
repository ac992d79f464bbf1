//! The 19 kinds of bill line item, with their wire names, meanings and quick-selection groups.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

/// A kind of bill line item, as the API names it in `lineItemTypes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LineItemType {
    StandingCharge,
    Usage,
    CounterRunningTotalCharge,
    CounterAdjustmentDebit,
    CounterAdjustmentCredit,
    UsageCredit,
    MinimumSpend,
    MinimumSpendRefund,
    CreditDeduction,
    ManualAdjustment,
    CreditMemo,
    DebitMemo,
    CommitmentConsumed,
    CommitmentFee,
    OverageSurcharge,
    OverageUsage,
    BalanceConsumed,
    BalanceFee,
    AdHoc,
}

use LineItemType::*;

impl LineItemType {
    /// Every type, in the order of the API's enum (STANDING_CHARGE first).
    pub const ALL: [LineItemType; 19] = [
        StandingCharge,
        Usage,
        CounterRunningTotalCharge,
        CounterAdjustmentDebit,
        CounterAdjustmentCredit,
        UsageCredit,
        MinimumSpend,
        MinimumSpendRefund,
        CreditDeduction,
        ManualAdjustment,
        CreditMemo,
        DebitMemo,
        CommitmentConsumed,
        CommitmentFee,
        OverageSurcharge,
        OverageUsage,
        BalanceConsumed,
        BalanceFee,
        AdHoc,
    ];

    /// The name the API uses, e.g. `STANDING_CHARGE`.
    pub fn wire_name(self) -> &'static str {
        match self {
            StandingCharge => "STANDING_CHARGE",
            Usage => "USAGE",
            CounterRunningTotalCharge => "COUNTER_RUNNING_TOTAL_CHARGE",
            CounterAdjustmentDebit => "COUNTER_ADJUSTMENT_DEBIT",
            CounterAdjustmentCredit => "COUNTER_ADJUSTMENT_CREDIT",
            UsageCredit => "USAGE_CREDIT",
            MinimumSpend => "MINIMUM_SPEND",
            MinimumSpendRefund => "MINIMUM_SPEND_REFUND",
            CreditDeduction => "CREDIT_DEDUCTION",
            ManualAdjustment => "MANUAL_ADJUSTMENT",
            CreditMemo => "CREDIT_MEMO",
            DebitMemo => "DEBIT_MEMO",
            CommitmentConsumed => "COMMITMENT_CONSUMED",
            CommitmentFee => "COMMITMENT_FEE",
            OverageSurcharge => "OVERAGE_SURCHARGE",
            OverageUsage => "OVERAGE_USAGE",
            BalanceConsumed => "BALANCE_CONSUMED",
            BalanceFee => "BALANCE_FEE",
            AdHoc => "AD_HOC",
        }
    }

    /// What a line of this type is, in one line for people.
    pub fn meaning(self) -> &'static str {
        match self {
            StandingCharge => "fixed recurring charge",
            Usage => "charge for metered consumption",
            CounterRunningTotalCharge => "recurring charge on the running total of a counter",
            CounterAdjustmentDebit => "charge from an increase of a counter",
            CounterAdjustmentCredit => "credit from a decrease of a counter",
            UsageCredit => "metered consumption credited back",
            MinimumSpend => "recurring minimum charge",
            MinimumSpendRefund => "refund when a minimum billed in advance was not reached",
            CreditDeduction => "amount taken from the account's credit",
            ManualAdjustment => "manual change, up or down, to a bill",
            CreditMemo => "credit memo, referenced or ad hoc",
            DebitMemo => "debit memo, referenced or ad hoc",
            CommitmentConsumed => "drawdown against a prepayment / commitment",
            CommitmentFee => "billing of the commitment itself",
            OverageSurcharge => "surcharge once a commitment is exceeded",
            OverageUsage => "usage over a commitment, priced separately",
            BalanceConsumed => "drawdown from a balance",
            BalanceFee => "charge for a balance",
            AdHoc => "one-off charge on an account",
        }
    }

    /// The group this type is listed under (a type may also belong to other groups: see
    /// [`Group::types`]).
    pub fn group(self) -> Group {
        Group::ALL
            .into_iter()
            .find(|g| g.types().contains(&self))
            .unwrap_or(Group::AdjustmentsAndMemos)
    }

    /// Whether lines of this type reduce what is owed (their amounts are negative).
    pub fn is_credit(self) -> bool {
        matches!(
            self,
            CounterAdjustmentCredit
                | UsageCredit
                | MinimumSpendRefund
                | CreditDeduction
                | CreditMemo
                | CommitmentConsumed
                | BalanceConsumed
        )
    }
}

impl fmt::Display for LineItemType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.wire_name())
    }
}

impl Serialize for LineItemType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.wire_name())
    }
}

/// A name that is not one of the 19 line item types.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", describe_unknown(.name, .suggestion))]
pub struct UnknownLineItemType {
    pub name: String,
    pub suggestion: Option<LineItemType>,
}

fn describe_unknown(name: &str, suggestion: &Option<LineItemType>) -> String {
    match suggestion {
        Some(s) => format!("\"{name}\" is not a line item type; did you mean {s}?"),
        None => format!(
            "\"{name}\" is not a line item type; the types are {}.",
            LineItemType::ALL.map(LineItemType::wire_name).join(", ")
        ),
    }
}

impl FromStr for LineItemType {
    type Err = UnknownLineItemType;

    /// Exact wire names only: the API is case-sensitive, and so is a body file. Callers that
    /// take typed input from people (flags, forms) may upper-case first.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        LineItemType::ALL
            .into_iter()
            .find(|t| t.wire_name() == s)
            .ok_or_else(|| UnknownLineItemType {
                name: s.to_string(),
                suggestion: super::nearest(s, LineItemType::ALL.map(LineItemType::wire_name))
                    .and_then(|n| n.parse().ok()),
            })
    }
}

/// Natural groups of line item types, for selecting several at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    Charges,
    Credits,
    Commitments,
    Balances,
    AdjustmentsAndMemos,
}

impl Group {
    /// Every group, in the order they are offered.
    pub const ALL: [Group; 5] = [
        Group::Charges,
        Group::Credits,
        Group::Commitments,
        Group::Balances,
        Group::AdjustmentsAndMemos,
    ];

    /// The types in this group. CREDIT_MEMO is both a credit and a memo.
    pub fn types(self) -> &'static [LineItemType] {
        match self {
            Group::Charges => &[
                StandingCharge,
                Usage,
                CounterRunningTotalCharge,
                CounterAdjustmentDebit,
                MinimumSpend,
                OverageSurcharge,
                OverageUsage,
                AdHoc,
            ],
            Group::Credits => &[
                UsageCredit,
                CounterAdjustmentCredit,
                MinimumSpendRefund,
                CreditDeduction,
                CreditMemo,
            ],
            Group::Commitments => &[CommitmentConsumed, CommitmentFee],
            Group::Balances => &[BalanceConsumed, BalanceFee],
            Group::AdjustmentsAndMemos => &[ManualAdjustment, CreditMemo, DebitMemo],
        }
    }

    /// The short name used on the command line (`--type credits`).
    pub fn name(self) -> &'static str {
        match self {
            Group::Charges => "charges",
            Group::Credits => "credits",
            Group::Commitments => "commitments",
            Group::Balances => "balances",
            Group::AdjustmentsAndMemos => "adjustments",
        }
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Group::Charges => "charges",
            Group::Credits => "credits and refunds",
            Group::Commitments => "commitments",
            Group::Balances => "balances",
            Group::AdjustmentsAndMemos => "adjustments and memos",
        }
    }

    /// The group with this short name, if any.
    pub fn from_name(name: &str) -> Option<Group> {
        Group::ALL
            .into_iter()
            .find(|g| g.name().eq_ignore_ascii_case(name))
    }
}

/// Type names as people type them on a command line or in a report: any case, `-` for `_`, and the words
/// `all` and the group names standing for several types. Unknown names are kept, for
/// validation to report with a suggestion.
pub fn expand_type_names(names: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |name: String| {
        if !out.contains(&name) {
            out.push(name);
        }
    };
    for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        if name.eq_ignore_ascii_case("all") {
            LineItemType::ALL
                .iter()
                .for_each(|t| add(t.wire_name().to_string()));
        } else if let Some(group) = Group::from_name(name) {
            group
                .types()
                .iter()
                .for_each(|t| add(t.wire_name().to_string()));
        } else {
            add(name.to_uppercase().replace('-', "_"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn all_nineteen_in_the_api_order_with_unique_wire_names() {
        assert_eq!(LineItemType::ALL.len(), 19);
        assert_eq!(LineItemType::ALL[0].wire_name(), "STANDING_CHARGE");
        assert_eq!(LineItemType::ALL[18].wire_name(), "AD_HOC");
        let names: HashSet<_> = LineItemType::ALL.iter().map(|t| t.wire_name()).collect();
        assert_eq!(names.len(), 19);
        for t in LineItemType::ALL {
            assert_eq!(t.wire_name().parse::<LineItemType>(), Ok(t));
            assert!(!t.meaning().is_empty());
        }
    }

    #[test]
    fn every_type_is_in_some_group() {
        for t in LineItemType::ALL {
            assert!(t.group().types().contains(&t), "{t}");
        }
        assert_eq!(CreditMemo.group(), Group::Credits);
        assert!(Group::AdjustmentsAndMemos.types().contains(&CreditMemo));
    }

    #[test]
    fn serialises_as_the_wire_name() {
        assert_eq!(serde_json::to_string(&AdHoc).unwrap(), "\"AD_HOC\"");
    }

    #[test]
    fn unknown_names_get_a_suggestion_when_close() {
        let err = "USAGES".parse::<LineItemType>().unwrap_err();
        assert_eq!(err.suggestion, Some(Usage));
        assert_eq!(
            err.to_string(),
            "\"USAGES\" is not a line item type; did you mean USAGE?"
        );
        let err = "usage".parse::<LineItemType>().unwrap_err();
        assert_eq!(err.suggestion, Some(Usage));
        let err = "PIZZA".parse::<LineItemType>().unwrap_err();
        assert!(err.to_string().contains("STANDING_CHARGE, USAGE,"));
    }

    #[test]
    fn type_names_are_forgiving_and_groups_expand() {
        let names =
            |v: &[&str]| expand_type_names(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            names(&["usage", "overage-usage", "USAGE"]),
            ["USAGE", "OVERAGE_USAGE"]
        );
        assert_eq!(names(&["all"]).len(), 19);
        assert_eq!(names(&["balances"]), ["BALANCE_CONSUMED", "BALANCE_FEE"]);
        assert_eq!(names(&["credits", "adjustments"]).len(), 7);
        assert_eq!(names(&["nonsense"]), ["NONSENSE"]);
    }
}
