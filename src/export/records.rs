//! The pivot and the comparison as records for a program or a spreadsheet: a header and a row
//! per line, amounts written plain (`-1234.50`), and as CSV or TSV. The command line prints
//! them, the screen copies and saves them.

use std::borrow::Cow;
use std::io::Write;

use crate::explore::{Amount, CompareLine, Comparison, Measure, Pivot, PivotRow, Sum};
use crate::query::Kind;

/// The heading of a section of sums: `currency`, or `unit` for quantities.
pub fn unit_heading(measure: Measure) -> &'static str {
    match measure {
        Measure::Quantity => "unit",
        Measure::Subtotal | Measure::Converted => "currency",
    }
}

/// The header of the output for programs: the row column as given, `currency`, a column per
/// bucket, `total`, then the total split by kind with the credit share, and `share_pct`: the
/// row's share of its currency's net.
pub fn pivot_header(p: &Pivot, rows: &str, measure: Measure) -> Vec<String> {
    let mut header = pivot_key_heading(p, rows);
    header.push(unit_heading(measure).to_string());
    header.extend(p.columns.iter().cloned());
    header.push("total".to_string());
    header.extend(kind_heading(""));
    header.push("share_pct".to_string());
    unique(header)
}

/// The key's columns: the rows' column as given; with levels, one per level as the file names
/// it, then `level`, which names the level a subtotal row adds up (blank on other rows).
pub fn pivot_key_heading(p: &Pivot, rows: &str) -> Vec<String> {
    key_heading(&p.levels, rows)
}

/// A row's cells under [`pivot_key_heading`]: a subtotal row has the levels below its own
/// blank, and its level's column name under `level`.
pub fn pivot_key_cells(p: &Pivot, row: &PivotRow) -> Vec<String> {
    let levels = p.levels.len();
    if levels < 2 {
        return vec![row.key_as_written()];
    }
    let subtotal = row.is_subtotal().then(|| row.depth(levels));
    key_cells(&p.levels, row.levels_as_written(levels), subtotal)
}

/// A key's columns, a pivot's or a comparison's: `given` alone, or the `levels` and `level`.
fn key_heading(levels: &[String], given: &str) -> Vec<String> {
    if levels.len() > 1 {
        let mut names = levels.to_vec();
        names.push("level".into());
        names
    } else {
        vec![given.to_string()]
    }
}

/// A key's cells of several levels: each level's value, then the name of the level a
/// subtotal (of its first `subtotal` levels) adds up, blank on other rows.
fn key_cells(levels: &[String], mut cells: Vec<String>, subtotal: Option<usize>) -> Vec<String> {
    cells.push(
        subtotal
            .and_then(|k| levels.get(k.saturating_sub(1)))
            .cloned()
            .unwrap_or_default(),
    );
    cells
}

/// The columns of a sum split by kind, each name after `prefix`: `charges`, `credits`,
/// `drawdowns`, `adjustments`, `other`, `credit_share_pct`.
pub fn kind_heading(prefix: &str) -> Vec<String> {
    Kind::ALL
        .iter()
        .map(|k| k.word())
        .chain(["credit_share_pct"])
        .map(|name| format!("{prefix}{name}"))
        .collect()
}

/// A sum's cells under [`kind_heading`]: each kind plain, the credit share in percent to a
/// tenth (blank without charges or credits).
pub fn kind_cells(sum: &Sum, decimals: u32) -> Vec<String> {
    Kind::ALL
        .iter()
        .map(|k| sum.of(*k).plain(decimals))
        .chain([sum.credit_share().map(|s| s.plain(1)).unwrap_or_default()])
        .collect()
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

/// One record per row key and currency, amounts plain, made as they are written (a pivot of
/// a million rows is never held as text whole). An empty cell is a zero written once, not a
/// text made for each.
pub fn pivot_records(
    p: &Pivot,
    measure: Measure,
) -> impl Iterator<Item = Vec<Cow<'static, str>>> + '_ {
    let decimals = measure.decimals();
    let zero: Cow<'static, str> = match decimals {
        0 => "0".into(),
        2 => "0.00".into(),
        6 => "0.000000".into(),
        _ => Amount::ZERO.plain(decimals).into(),
    };
    p.units.iter().flat_map(move |unit| {
        let currency = unit.unit_as_written();
        let zero = zero.clone();
        unit.rows.iter().map(move |row| {
            let mut record: Vec<Cow<'static, str>> = Vec::with_capacity(p.columns.len() + 12);
            if p.levels.len() > 1 {
                record.extend(pivot_key_cells(p, row).into_iter().map(Cow::Owned));
            } else {
                record.push(row.key_as_written().into());
            }
            record.push(currency.clone().into());
            record.extend(row.cells.dense(p.columns.len()).map(|c| {
                if c.rows == 0 {
                    zero.clone()
                } else {
                    c.net().plain(decimals).into()
                }
            }));
            let total = row.total();
            record.push(total.net().plain(decimals).into());
            record.extend(kind_cells(&total, decimals).into_iter().map(Cow::Owned));
            record.push(share(total.net(), unit.total.net()).into());
            record
        })
    })
}

/// `part` in percent of `whole`'s size to a tenth (`29.4`), blank when `whole` is zero: made
/// with integers alone, as it is made once per row of pivots of a million rows.
fn share(part: Amount, whole: Amount) -> String {
    let whole = whole.millionths().unsigned_abs();
    let part = part.millionths();
    if whole == 0 {
        return String::new();
    }
    let size = part.unsigned_abs();
    // Past 3.4 * 10^29 no share can be scaled exactly (`percent` cannot either): blank.
    let Some(scaled) = size.checked_mul(1000) else {
        return String::new();
    };
    let tenths = (scaled + whole / 2) / whole;
    let sign = if part < 0 && tenths > 0 { "-" } else { "" };
    format!("{sign}{}.{}", tenths / 10, tenths % 10)
}

/// The header for programs: the `--by` column as given (or the levels and `level`),
/// `currency`, `a`, `b`, `change`, `change_pct`, `status`, then A and B split by kind with their
/// credit shares.
///
/// Against a baseline: `mean`, `b`, `deviation`, `deviation_pct`, `status`, `flag`, then the
/// mean and B split by kind.
pub fn compare_header(c: &Comparison, by: &str, measure: Measure) -> Vec<String> {
    let mut header = compare_key_heading(c, by);
    header.push(unit_heading(measure).to_string());
    let (a, change) = match c.baseline {
        Some(_) => ("mean", "deviation"),
        None => ("a", "change"),
    };
    header.extend([
        a.to_string(),
        "b".into(),
        change.into(),
        format!("{change}_pct"),
        "status".into(),
    ]);
    if c.baseline.is_some() {
        header.push("flag".into());
    }
    header.extend(kind_heading(&format!("{a}_")));
    header.extend(kind_heading("b_"));
    header.extend(baseline_heading(c));
    unique(header)
}

/// One record per shown line, amounts plain, the change in percent to a tenth (blank when A is
/// zero).
pub fn compare_records(c: &Comparison, measure: Measure) -> Vec<Vec<String>> {
    let decimals = measure.decimals();
    c.units
        .iter()
        .flat_map(|unit| {
            unit.lines.iter().filter(|l| l.material).map(|l| {
                let mut record = compare_key_cells(c, l);
                record.extend([
                    unit.unit_as_written(),
                    l.a.net().plain(decimals),
                    l.b.net().plain(decimals),
                    l.change.plain(decimals),
                    l.change_pct.map(|p| p.plain(1)).unwrap_or_default(),
                    l.status.word().to_string(),
                ]);
                if c.baseline.is_some() {
                    record.push(l.flag.map(|f| f.word().to_string()).unwrap_or_default());
                }
                record.extend(kind_cells(&l.a, decimals));
                record.extend(kind_cells(&l.b, decimals));
                record.extend(baseline_cells(c, l, decimals));
                record
            })
        })
        .collect()
}

/// Against a baseline, a column per period of it, the earliest first (`net_2026-08`): the
/// nets the mean is of, so a reader can check it.
pub fn baseline_heading(c: &Comparison) -> Vec<String> {
    c.baseline
        .iter()
        .flat_map(|b| &b.periods)
        .map(|p| format!("net_{}", p.label))
        .collect()
}

/// A line's cells under [`baseline_heading`]: blank for a period the file does not cover,
/// which is not counted in the mean (and not a zero).
pub fn baseline_cells(c: &Comparison, line: &CompareLine, decimals: u32) -> Vec<String> {
    let Some(b) = &c.baseline else {
        return Vec::new();
    };
    b.periods
        .iter()
        .zip(line.each.iter())
        .map(|(p, net)| match b.missing.contains(p) {
            true => String::new(),
            false => net.plain(decimals),
        })
        .collect()
}

/// The key's columns of a comparison: the `--by` column as given; with levels, one per level
/// as the file names it, then `level`, naming the level a subtotal line adds up.
pub fn compare_key_heading(c: &Comparison, by: &str) -> Vec<String> {
    key_heading(&c.levels, by)
}

/// A line's cells under [`compare_key_heading`].
pub fn compare_key_cells(c: &Comparison, line: &CompareLine) -> Vec<String> {
    let levels = c.levels.len();
    if levels < 2 {
        return vec![line.key_as_written()];
    }
    let subtotal = line.subtotal.map(usize::from);
    key_cells(&c.levels, line.levels_as_written(levels), subtotal)
}

/// `header` and `records` as CSV (or with another delimiter).
pub fn delimited<R: AsRef<[S]>, S: AsRef<str>>(
    header: &[String],
    records: impl IntoIterator<Item = R>,
    delimiter: u8,
) -> String {
    let mut bytes = Vec::new();
    // Writing to memory cannot fail.
    let _ = write_delimited(&mut bytes, header, records, delimiter);
    String::from_utf8_lossy(&bytes).into_owned()
}

/// [`delimited`] written to `out` as the records come.
pub fn write_delimited<R: AsRef<[S]>, S: AsRef<str>>(
    out: &mut dyn Write,
    header: &[String],
    records: impl IntoIterator<Item = R>,
    delimiter: u8,
) -> std::io::Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(out);
    writer.write_record(header)?;
    for record in records {
        writer.write_record(record.as_ref().iter().map(|c| c.as_ref().as_bytes()))?;
    }
    writer.flush()
}

/// The records as a JSON array of objects, one field per header name (every value a string),
/// written to `out` as they come, laid out as `serde_json`'s pretty printer lays out a whole
/// array.
pub fn write_objects<V: AsRef<str>>(
    out: &mut dyn Write,
    header: &[String],
    records: impl Iterator<Item = Vec<V>>,
) -> std::io::Result<()> {
    use serde::ser::{SerializeMap, SerializeSeq};

    /// The records, handed to the serializer once.
    struct Objects<'a, I>(&'a [String], std::cell::RefCell<Option<I>>);

    struct Object<'a, V>(&'a [String], Vec<V>);

    impl<V: AsRef<str>> serde::Serialize for Object<'_, V> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut map = s.serialize_map(Some(self.0.len()))?;
            for (name, value) in self.0.iter().zip(&self.1) {
                map.serialize_entry(name, value.as_ref())?;
            }
            map.end()
        }
    }

    impl<V: AsRef<str>, I: Iterator<Item = Vec<V>>> serde::Serialize for Objects<'_, I> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut seq = s.serialize_seq(None)?;
            if let Some(records) = self.1.borrow_mut().take() {
                for record in records {
                    seq.serialize_element(&Object(self.0, record))?;
                }
            }
            seq.end()
        }
    }

    let objects = Objects(header, std::cell::RefCell::new(Some(records)));
    serde_json::to_writer_pretty(&mut *out, &objects).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
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

    #[test]
    fn a_share_is_to_a_tenth_of_the_whole_s_size_and_blank_of_nothing() {
        let amount = |t: &str| Amount::parse(t.as_bytes()).unwrap();
        assert_eq!(share(amount("10"), amount("12.5")), "80.0");
        assert_eq!(share(amount("1"), amount("3")), "33.3");
        assert_eq!(share(amount("2"), amount("3")), "66.7");
        // Against a negative net (credits above charges), by its size.
        assert_eq!(share(amount("-5"), amount("-20")), "-25.0");
        assert_eq!(share(amount("-0.0001"), amount("100")), "0.0");
        assert_eq!(share(amount("5"), amount("0")), "");
    }
}
