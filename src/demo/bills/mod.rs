//! The demo organisation's bill lines: 24 months up to today, generated from the seed, and
//! selected the way Data Explorer selects them.

use std::sync::Arc;

use chrono::{Datelike, Duration, Months, NaiveDate, NaiveTime};

use super::dice::{Dice, stable_id};
use super::row::{Bill, BillRow, Party};
use super::seed::{Account, Plan, Product, ProductKind, Seed};
use crate::query::{BillQuery, LineItemType};

/// How many monthly bills each account has, the current (open) one included.
pub const MONTHS: u32 = 24;

/// Every bill line of the demo organisation, oldest bill first.
#[derive(Debug, Clone)]
pub struct BillBook {
    rows: Vec<BillRow>,
}

/// A dimension filter the demo cannot apply, said as m3ter would.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Invalid dimension name '{0}'. Valid dimensions are: account, product name.")]
pub struct UnknownDimension(pub String);

impl BillBook {
    /// The lines of every bill from 23 months before `today`'s month up to `today`'s month,
    /// whose bill is still open and holds usage so far.
    pub fn generate(seed: &Seed, today: NaiveDate) -> BillBook {
        let this_month = today.with_day(1).unwrap_or(today);
        let first = this_month - Months::new(MONTHS - 1);
        let mut rows = Vec::new();
        let mut balances = vec![0i64; seed.accounts.len()];
        let mut seats = vec![None; seed.accounts.len()];
        for m in 0..MONTHS {
            let start = first + Months::new(m);
            let end = start + Months::new(1);
            let open = start == this_month;
            // The open bill holds the usage of the days gone by.
            let elapsed = if open {
                (today - start).num_days() as f64 / (end - start).num_days() as f64
            } else {
                1.0
            };
            for (i, account) in seed.accounts.iter().enumerate() {
                let mut month = Month {
                    seed,
                    account,
                    start,
                    open,
                    elapsed,
                    growth: 1.0 + 0.015 * f64::from(m),
                    dice: Dice::new(&format!("{}/{start}", account.code)),
                    bill: bill(account, i, start, end, open, today),
                    party: party(seed, account),
                    lines: Vec::new(),
                };
                month.products(&mut seats[i]);
                month.plan(&mut balances[i]);
                month.events();
                rows.append(&mut month.lines);
            }
        }
        BillBook { rows }
    }

    pub fn rows(&self) -> &[BillRow] {
        &self.rows
    }

    /// The lines `query` asks for: of its line item types, in bills whose service period
    /// overlaps its date range, passing its dimension filters, at most `limit` of them.
    pub fn select(&self, query: &BillQuery) -> Result<Vec<&BillRow>, UnknownDimension> {
        let filters = query
            .dimensions()
            .iter()
            .map(|d| {
                let values = d.filter.clone();
                match d.name.as_str() {
                    "account" => Ok((Key::Account, values)),
                    "product name" => Ok((Key::Product, values)),
                    other => Err(UnknownDimension(other.to_string())),
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        let range = query.range();
        let limit = query.limit().map_or(usize::MAX, |l| usize::from(l.get()));
        Ok(self
            .rows
            .iter()
            .filter(|r| query.line_item_types().contains(&r.line_item_type))
            .filter(|r| {
                midnight(r.bill.period_start) < range.end()
                    && midnight(r.bill.period_end) > range.start()
            })
            .filter(|r| filters.iter().all(|(key, values)| key.matches(r, values)))
            .take(limit)
            .collect())
    }
}

enum Key {
    Account,
    Product,
}

impl Key {
    /// As m3ter is documented to match: an account by its code, a product by its name, each
    /// exactly (a name where a code belongs matches nothing); `*` is every value.
    fn matches(&self, row: &BillRow, values: &[String]) -> bool {
        let value = match self {
            Key::Account => row.party.code.as_str(),
            Key::Product => row.product_name.as_str(),
        };
        values.iter().any(|v| v == "*" || v == value)
    }
}

fn midnight(d: NaiveDate) -> chrono::DateTime<chrono::Utc> {
    d.and_time(NaiveTime::MIN).and_utc()
}

fn party(seed: &Seed, account: &Account) -> Arc<Party> {
    let parent = account
        .parent
        .as_ref()
        .and_then(|code| seed.account(code))
        .map(|p| {
            (
                p.code.clone(),
                p.name.clone(),
                stable_id(&format!("account/{}", p.code)),
            )
        });
    Arc::new(Party {
        code: account.code.clone(),
        name: account.name.clone(),
        id: stable_id(&format!("account/{}", account.code)),
        parent,
    })
}

fn bill(
    account: &Account,
    index: usize,
    start: NaiveDate,
    end: NaiveDate,
    open: bool,
    today: NaiveDate,
) -> Arc<Bill> {
    let base_rate = match account.currency.as_str() {
        "EUR" => 1.08,
        "GBP" => 1.27,
        _ => 1.0,
    };
    let wobble = if base_rate == 1.0 {
        0.0
    } else {
        Dice::new(&format!("fx/{}/{start}", account.currency)).between(-0.03, 0.03)
    };
    let updated = if open { today } else { end + Duration::days(2) };
    Arc::new(Bill {
        id: stable_id(&format!("bill/{}/{start}", account.code)),
        invoice_reference: format!("INV-{}-{:04}", start.format("%Y%m"), index + 1),
        currency: account.currency.clone(),
        conversion_rate: ((base_rate + wobble) * 10_000.0).round() / 10_000.0,
        period_start: start,
        period_end: end,
        bill_date: end,
        due_date: end + Duration::days(30),
        locked: !open,
        updated: midnight(updated) + Duration::hours(6),
    })
}

/// One account's bill for one month, being written.
struct Month<'a> {
    seed: &'a Seed,
    account: &'a Account,
    start: NaiveDate,
    open: bool,
    elapsed: f64,
    growth: f64,
    dice: Dice,
    bill: Arc<Bill>,
    party: Arc<Party>,
    lines: Vec<BillRow>,
}

impl Month<'_> {
    fn line(
        &mut self,
        t: LineItemType,
        product: Option<&Product>,
        quantity: f64,
        cents: i64,
        description: String,
    ) {
        let n = self.lines.len();
        let commitment_id = if matches!(
            t,
            LineItemType::CommitmentFee
                | LineItemType::CommitmentConsumed
                | LineItemType::OverageSurcharge
                | LineItemType::OverageUsage
        ) {
            stable_id(&format!("commitment/{}", self.account.code))
        } else {
            String::new()
        };
        self.lines.push(BillRow {
            party: self.party.clone(),
            bill: self.bill.clone(),
            line_item_type: t,
            description,
            product_name: product.map(|p| p.name.clone()).unwrap_or_default(),
            quantity_unit: product.map(|p| p.quantity_unit.clone()).unwrap_or_default(),
            commitment_id,
            line_id: stable_id(&format!("line/{}/{}/{n}", self.account.code, self.start)),
            quantity,
            subtotal_cents: cents,
        });
    }

    fn usage_cents(&self) -> i64 {
        self.lines
            .iter()
            .filter(|l| l.line_item_type == LineItemType::Usage)
            .map(|l| l.subtotal_cents)
            .sum()
    }

    /// What the account's usage costs in a typical month, for sizing commitments.
    fn expected_usage_cents(&self) -> i64 {
        self.account
            .products
            .iter()
            .filter_map(|name| self.seed.product(name))
            .filter(|p| p.kind == ProductKind::Metered)
            .map(|p| cents(p.typical_quantity * self.account.size * p.unit_price))
            .sum()
    }

    fn products(&mut self, last_seats: &mut Option<i64>) {
        let seed = self.seed;
        for name in &self.account.products {
            let Some(product) = seed.product(name) else {
                continue;
            };
            if product.monthly_fee > 0.0 {
                self.line(
                    LineItemType::StandingCharge,
                    Some(product),
                    1.0,
                    cents(product.monthly_fee),
                    format!("{} monthly fee", product.name),
                );
            }
            match product.kind {
                ProductKind::Metered => {
                    // A gentle seasonal swing and some month-to-month noise.
                    let season = 1.0 + 0.12 * (f64::from(self.start.month0()) * 0.52).sin();
                    let noise = self.dice.between(0.8, 1.2);
                    let quantity = (product.typical_quantity
                        * self.account.size
                        * self.growth
                        * season
                        * noise
                        * self.elapsed
                        * 100.0)
                        .round()
                        / 100.0;
                    let amount = cents(quantity * product.unit_price);
                    self.line(
                        LineItemType::Usage,
                        Some(product),
                        quantity,
                        amount,
                        format!("{} usage", product.name),
                    );
                }
                ProductKind::Counter => {
                    let typical = (product.typical_quantity * self.account.size).round() as i64;
                    let seats = last_seats.map_or(typical, |s| {
                        (s + (self.dice.between(-3.0, 5.0).round() as i64)).max(1)
                    });
                    let price = cents(product.unit_price);
                    self.line(
                        LineItemType::CounterRunningTotalCharge,
                        Some(product),
                        seats as f64,
                        seats * price,
                        format!("{} in use", product.name),
                    );
                    if let Some(before) = *last_seats {
                        // Changes happen mid-month on average, so half a month is prorated.
                        let change = seats - before;
                        if change > 0 {
                            self.line(
                                LineItemType::CounterAdjustmentDebit,
                                Some(product),
                                change as f64,
                                change * price / 2,
                                format!("{change} {} added", product.name),
                            );
                        } else if change < 0 {
                            self.line(
                                LineItemType::CounterAdjustmentCredit,
                                Some(product),
                                change as f64,
                                change * price / 2,
                                format!("{} {} removed", -change, product.name),
                            );
                        }
                    }
                    *last_seats = Some(seats);
                }
                ProductKind::Flat => {}
            }
        }
    }

    fn plan(&mut self, balance: &mut i64) {
        let usage = self.usage_cents();
        let expected = self.expected_usage_cents();
        match self.account.plan {
            Plan::Standard => {}
            Plan::Commitment => {
                let commitment = expected * 8 / 10;
                self.line(
                    LineItemType::CommitmentFee,
                    None,
                    1.0,
                    commitment,
                    "Monthly commitment".into(),
                );
                self.line(
                    LineItemType::CommitmentConsumed,
                    None,
                    1.0,
                    -usage.min(commitment),
                    "Usage drawn from commitment".into(),
                );
                let over = usage - commitment;
                if over > 0 && !self.open {
                    self.line(
                        LineItemType::OverageUsage,
                        None,
                        1.0,
                        over / 4,
                        "Usage over commitment, overage rate".into(),
                    );
                    self.line(
                        LineItemType::OverageSurcharge,
                        None,
                        1.0,
                        over / 20,
                        "Overage surcharge (5%)".into(),
                    );
                }
            }
            Plan::Minimum => {
                let minimum = expected * 11 / 10;
                self.line(
                    LineItemType::MinimumSpend,
                    None,
                    1.0,
                    minimum,
                    "Minimum spend, billed in advance".into(),
                );
                self.line(
                    LineItemType::MinimumSpendRefund,
                    None,
                    1.0,
                    -usage.min(minimum),
                    "Usage counted against minimum spend".into(),
                );
            }
            Plan::Balance => {
                // The balance is topped up at the start of each quarter.
                if self.start.month0().is_multiple_of(3) || *balance == 0 {
                    *balance += expected * 5 / 2;
                    self.line(
                        LineItemType::BalanceFee,
                        None,
                        1.0,
                        5_000,
                        "Prepaid balance top-up fee".into(),
                    );
                }
                let drawn = usage.min(*balance);
                *balance -= drawn;
                if drawn > 0 {
                    self.line(
                        LineItemType::BalanceConsumed,
                        None,
                        1.0,
                        -drawn,
                        "Usage drawn from prepaid balance".into(),
                    );
                }
            }
        }
    }

    /// The occasional lines: credits, adjustments, memos and one-off charges.
    fn events(&mut self) {
        let usage = self.usage_cents();
        if self.dice.chance(0.12) && usage > 0 {
            self.line(
                LineItemType::UsageCredit,
                None,
                1.0,
                -(usage / 20),
                "Service credit for an incident".into(),
            );
        }
        if self.dice.chance(0.10) {
            let amount = cents(self.dice.between(100.0, 500.0).round());
            self.line(
                LineItemType::CreditDeduction,
                None,
                1.0,
                -amount,
                "Promotional credit applied".into(),
            );
        }
        if self.dice.chance(0.08) {
            let amount = cents(self.dice.between(-400.0, 400.0).round());
            self.line(
                LineItemType::ManualAdjustment,
                None,
                1.0,
                amount,
                "Manual adjustment".into(),
            );
        }
        if self.dice.chance(0.06) {
            let amount = cents(self.dice.between(50.0, 600.0).round());
            self.line(
                LineItemType::CreditMemo,
                None,
                1.0,
                -amount,
                "Credit memo for a billing dispute".into(),
            );
        }
        if self.dice.chance(0.05) {
            let amount = cents(self.dice.between(50.0, 400.0).round());
            self.line(
                LineItemType::DebitMemo,
                None,
                1.0,
                amount,
                "Debit memo for an under-billed period".into(),
            );
        }
        if self.dice.chance(0.06) {
            let amount = cents(self.dice.between(500.0, 2500.0).round());
            self.line(
                LineItemType::AdHoc,
                None,
                1.0,
                amount,
                "Onboarding and training".into(),
            );
        }
    }
}

fn cents(amount: f64) -> i64 {
    (amount * 100.0).round() as i64
}

#[cfg(test)]
mod tests;
