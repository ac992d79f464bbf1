//! The pivot and the comparison as records for a program or a spreadsheet: a header and a row
//! per line, amounts written plain (`-1234.50`), and as CSV or TSV. The command line prints
//! them, the screen copies and saves them.

use crate::explore::{Comparison, Measure, Pivot};

/// The heading of a section of sums: `currency`, or `unit` for quantities.
pub fn unit_heading(measure: Measure) -> &'static str {
    match measure {
        Measure::Quantity => "unit",
        Measure::Subtotal | Measure::Converted => "currency",
    }
}

/// The header of the output for programs: the row column as given, `currency`, a column per
/// bucket, `total`.
pub fn pivot_header(p: &Pivot, rows: &str, measure: Measure) -> Vec<String> {
    let mut header = vec![rows.to_string(), unit_heading(measure).to_string()];
    header.extend(p.columns.iter().cloned());
    header.push("total".to_string());
    unique(header)
}

/// Names made unique by a number after the repeats (a column value written like another, or
/// like `total`), so that no JSON field hides another.
fn unique(names: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    names
        .into_iter()
        .map(|name| {
            let mut candidate = name.clone();
            let mut n = 2;
            while !seen.insert(candidate.clone()) {
                candidate = format!("{name} ({n})");
                n += 1;
            }
            candidate
        })
        .collect()
}

/// One record per row key and currency, amounts plain.
pub fn pivot_records(p: &Pivot, measure: Measure) -> Vec<Vec<String>> {
    let decimals = measure.decimals();
    let mut out = Vec::new();
    for unit in &p.units {
        for row in &unit.rows {
            let mut record = vec![row.key.clone(), unit.unit.clone()];
            record.extend(row.cells.iter().map(|c| c.net.plain(decimals)));
            record.push(row.total.net.plain(decimals));
            out.push(record);
        }
    }
    out
}

/// The header for programs: the `--by` column as given, `currency`, `a`, `b`, `change`,
/// `change_pct`, `status`.
pub fn compare_header(by: &str, measure: Measure) -> Vec<String> {
    [
        by,
        unit_heading(measure),
        "a",
        "b",
        "change",
        "change_pct",
        "status",
    ]
    .map(String::from)
    .to_vec()
}

/// One record per shown line, amounts plain, the change in percent to a tenth (blank when A is
/// zero).
pub fn compare_records(c: &Comparison, measure: Measure) -> Vec<Vec<String>> {
    let decimals = measure.decimals();
    c.units
        .iter()
        .flat_map(|unit| {
            unit.lines.iter().filter(|l| l.material).map(|l| {
                vec![
                    l.key.clone(),
                    unit.unit.clone(),
                    l.a.net.plain(decimals),
                    l.b.net.plain(decimals),
                    l.change.plain(decimals),
                    l.change_pct.map(|p| p.plain(1)).unwrap_or_default(),
                    l.status.word().to_string(),
                ]
            })
        })
        .collect()
}

/// `header` and `records` as CSV (or with another delimiter).
pub fn delimited(header: &[String], records: &[Vec<String>], delimiter: u8) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = writer.write_record(header);
    for record in records {
        let _ = writer.write_record(record);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_names_are_numbered() {
        let names = ["type", "currency", "total", "USAGE", "total"].map(String::from);
        assert_eq!(
            unique(names.to_vec()),
            ["type", "currency", "total", "USAGE", "total (2)"]
        );
    }
}
