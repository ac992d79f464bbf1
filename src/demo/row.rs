//! One line of bill data, and the two shapes it is served in: a CSV row and a `BillData`
//! object.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde_json::{Value, json};

use crate::query::LineItemType;

/// The CSV header: `BillData`'s fields flattened, as m3ter's files have them.
pub const COLUMNS: [&str; 40] = crate::query::BILL_COLUMNS;

/// Who a line is billed to.
#[derive(Debug, Clone, PartialEq)]
pub struct Party {
    pub code: String,
    pub name: String,
    pub id: String,
    pub parent: Option<(String, String, String)>,
}

/// The bill a line belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct Bill {
    pub id: String,
    pub invoice_reference: String,
    pub currency: String,
    pub conversion_rate: f64,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub bill_date: NaiveDate,
    pub due_date: NaiveDate,
    pub locked: bool,
    pub updated: DateTime<Utc>,
}

/// A bill line item. Money is in cents of the bill's currency, so sums are exact.
#[derive(Debug, Clone, PartialEq)]
pub struct BillRow {
    pub party: std::sync::Arc<Party>,
    pub bill: std::sync::Arc<Bill>,
    pub line_item_type: LineItemType,
    pub description: String,
    pub product_name: String,
    pub quantity_unit: String,
    pub commitment_id: String,
    pub line_id: String,
    pub quantity: f64,
    pub subtotal_cents: i64,
}

impl BillRow {
    /// The subtotal converted to the organisation's currency (USD), in cents.
    pub fn converted_cents(&self) -> i64 {
        (self.subtotal_cents as f64 * self.bill.conversion_rate).round() as i64
    }

    /// The row's values in [`COLUMNS`] order.
    pub fn record(&self) -> [String; COLUMNS.len()] {
        let p = &self.party;
        let b = &self.bill;
        let (parent_code, parent_name, parent_id) = p.parent.clone().unwrap_or_default();
        let child_id = if p.parent.is_some() {
            p.id.clone()
        } else {
            String::new()
        };
        let start = b.period_start;
        let iso = start.iso_week();
        [
            p.code.clone(),
            p.name.clone(),
            p.id.clone(),
            parent_code,
            parent_name,
            parent_id,
            child_id,
            self.description.clone(),
            self.line_item_type.wire_name().to_string(),
            self.product_name.clone(),
            self.quantity_unit.clone(),
            b.currency.clone(),
            "USD".to_string(),
            b.id.clone(),
            b.invoice_reference.clone(),
            self.commitment_id.clone(),
            self.line_id.clone(),
            money(self.subtotal_cents),
            money(self.converted_cents()),
            format!("{:.4}", b.conversion_rate),
            format_quantity(self.quantity),
            format_quantity(self.quantity),
            "1".to_string(),
            start.day().to_string(),
            format!("{}-W{:02}", iso.year(), iso.week()),
            start.format("%B").to_string(),
            start.year().to_string(),
            start.format("%Y-%m").to_string(),
            b.locked.to_string(),
            if b.locked { "APPROVED" } else { "PENDING" }.to_string(),
            b.due_date.to_string(),
            b.period_start.to_string(),
            b.period_end.to_string(),
            b.period_start.to_string(),
            b.period_end.to_string(),
            b.bill_date.to_string(),
            "UTC".to_string(),
            b.currency.clone(),
            "MONTHLY".to_string(),
            b.updated.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        ]
    }

    /// The row as the JSON endpoint's `BillData`.
    pub fn bill_data(&self) -> Value {
        let r = self.record();
        let text = |name: &str| {
            let i = COLUMNS.iter().position(|c| *c == name).unwrap_or(0);
            Value::String(r[i].clone())
        };
        let dimensions: serde_json::Map<String, Value> = COLUMNS[..17]
            .iter()
            .map(|c| (c.to_string(), text(c)))
            .collect();
        let start = self.bill.period_start;
        json!({
            "updatedDate": text("updatedDate"),
            "dimensions": dimensions,
            "measures": {
                "subtotal": self.subtotal_cents as f64 / 100.0,
                "convertedSubtotal": self.converted_cents() as f64 / 100.0,
                "conversionRate": self.bill.conversion_rate,
                "quantity": self.quantity,
                "units": self.quantity,
                "version": 1.0,
            },
            "billDetails": {
                "day": start.day(),
                "week": text("week"),
                "month": text("month"),
                "year": start.year(),
                "yearMonth": text("yearMonth"),
                "locked": text("locked"),
                "status": text("status"),
                "dueDate": text("dueDate"),
                "startDate": text("startDate"),
                "endDate": text("endDate"),
                "servicePeriodStartDate": text("servicePeriodStartDate"),
                "servicePeriodEndDate": text("servicePeriodEndDate"),
                "billDate": text("billDate"),
                "timezone": text("timezone"),
                "billCurrency": text("billCurrency"),
                "billingFrequency": text("billingFrequency"),
            },
        })
    }
}

/// Cents as a decimal amount: `-1234` is `-12.34`.
pub fn money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

fn format_quantity(q: f64) -> String {
    if q.fract() == 0.0 {
        format!("{q:.0}")
    } else {
        format!("{q:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_exact() {
        assert_eq!(money(0), "0.00");
        assert_eq!(money(5), "0.05");
        assert_eq!(money(-123_456), "-1234.56");
        assert_eq!(money(100), "1.00");
    }
}
