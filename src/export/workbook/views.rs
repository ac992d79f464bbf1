//! The sheets of the views beside the lines: the pivot (with its chart), the monthly trend
//! (with its chart) when there is no pivot, and the comparison with its bridge.

use std::sync::atomic::AtomicBool;

use rust_xlsxwriter::{Chart, ChartType, Format, Workbook, Worksheet, XlsxError};

use super::error::ExportError;
use super::formats::{Formats, col, header_format};
use crate::explore::{
    Amount, Bucket, Columns, Comparison, CsvFile, DateColumn, Filter, JobError, Measure, Pivot,
    PivotColumns, PivotError, PivotLine, PivotSpec, Provenance, RowOrder, Sum, percent, pivot,
};
use crate::export::{compare_key_cells, compare_key_heading, pivot_key_cells, pivot_key_heading};
use crate::query::Kind;

/// The names of the columns [`kinds`] writes, each after `prefix`.
fn kind_heading(prefix: &str) -> Vec<String> {
    Kind::ALL
        .iter()
        .map(|k| k.word())
        .chain(["credit share"])
        .map(|name| format!("{prefix}{name}"))
        .collect()
}

/// `sum` split by kind from column `at` (an empty cell for a kind it has none of), then its
/// credit share as a percentage (empty without charges or credits).
fn kinds(
    sheet: &mut Worksheet,
    row: u32,
    at: usize,
    sum: &Sum,
    money: &Format,
    share: &Format,
) -> Result<(), XlsxError> {
    for (k, kind) in Kind::ALL.iter().enumerate() {
        let part = sum.of(*kind);
        if part != Amount::ZERO {
            sheet.write_number_with_format(row, col(at + k), part.as_f64(), money)?;
        }
    }
    if let Some(s) = sum.credit_share() {
        let c = col(at + Kind::ALL.len());
        sheet.write_number_with_format(row, c, s.as_f64() / 100.0, share)?;
    }
    Ok(())
}

/// Why the pivot does not fit a sheet (too many rows or columns), checked before anything is
/// written.
pub(super) fn pivot_fits(pivot: &Pivot) -> Result<(), ExportError> {
    let rows: usize = pivot.units.iter().map(|u| u.rows.len() + 1).sum();
    super::lines::too_many_rows(rows as u64, "pivot rows")?;
    // The key (a column per level and `level` when there are levels), the currency, the
    // columns, the total, the kinds, the credit share and the share of the net.
    let keys = pivot_key_heading(pivot, "").len();
    let columns = keys + pivot.columns.len() + 2 + Kind::ALL.len() + 2;
    if columns > super::lines::EXCEL_COLUMNS {
        return Err(ExportError::TooLarge(format!(
            "the pivot has {} columns, more than an Excel sheet holds ({}); choose other columns, or write CSV instead (--format csv)",
            crate::explore::group_thousands(&columns.to_string()),
            crate::explore::group_thousands(&super::lines::EXCEL_COLUMNS.to_string()),
        )));
    }
    Ok(())
}

/// The pivot as shown: a row per key and currency, a column per bucket, the totals; and its
/// trend as a line chart of the first currency's largest rows when the buckets are of time.
pub(super) fn pivot_sheet(
    workbook: &mut Workbook,
    name: &str,
    pivot: &Pivot,
    rows_name: &str,
    measure: Measure,
    formats: &mut Formats,
) -> Result<(), XlsxError> {
    let decimals = measure.decimals();
    let sheet = workbook.add_worksheet();
    sheet.set_name(name)?;
    let bold = header_format();
    let unit_word = match measure {
        Measure::Quantity => "unit",
        Measure::Subtotal | Measure::Converted => "currency",
    };
    let columns = pivot.columns.len();
    // The key: one column, or one per level and the level a subtotal row adds up.
    let mut header = pivot_key_heading(pivot, rows_name);
    let keys = header.len();
    header.push(unit_word.to_string());
    header.extend((0..columns).map(|i| pivot.column_label(i)));
    header.push("total".into());
    header.extend(kind_heading(""));
    header.push("share of net".into());
    for (c, name) in header.iter().enumerate() {
        sheet.write_string_with_format(0, col(c), name, &bold)?;
    }
    for c in 0..keys {
        sheet.set_column_width(col(c), if keys > 1 { 20 } else { 28 })?;
    }
    sheet.set_column_width(col(keys), 10)?;
    for c in keys + 1..header.len() {
        sheet.set_column_width(col(c), 16)?;
    }
    let share = Format::new().set_num_format("0.0%");
    let levels = pivot.levels.len();
    let mut row = 0u32;
    let mut first_section = None;
    for unit in &pivot.units {
        let format = formats.money(&unit.unit, decimals).clone();
        let bold_money = format.clone().set_bold();
        let plain = Format::new();
        let mut line =
            |row: u32, key: &[String], cells: &PivotLine, total: Sum, bold_line: bool| {
                let (money, label) = if bold_line {
                    (&bold_money, &bold)
                } else {
                    (&format, &plain)
                };
                for (c, part) in key.iter().enumerate() {
                    sheet.write_string_with_format(row, col(c), part, label)?;
                }
                sheet.write_string_with_format(row, col(keys), &unit.unit, label)?;
                // Empty cells stay empty: a pivot of many columns writes only what it holds.
                for (i, cell) in cells.filled() {
                    let at = col(i + keys + 1);
                    sheet.write_number_with_format(row, at, cell.net().as_f64(), money)?;
                }
                let at = columns + keys + 1;
                sheet.write_number_with_format(row, col(at), total.net().as_f64(), money)?;
                kinds(sheet, row, at + 1, &total, money, &share)?;
                // The line's share of its currency's net, after the kinds and credit share.
                if let Some(pct) = percent(total.net(), unit.total.net()) {
                    let at = col(at + 1 + Kind::ALL.len() + 1);
                    sheet.write_number_with_format(row, at, pct.as_f64() / 100.0, &share)?;
                }
                Ok::<(), XlsxError>(())
            };
        // The chart's lines: the first section's rows, or with levels its first-level groups.
        let mut charted = Vec::new();
        for r in &unit.rows {
            row += 1;
            line(
                row,
                &pivot_key_cells(pivot, r),
                &r.cells,
                r.total(),
                r.is_subtotal(),
            )?;
            if r.depth(levels) == 1 && !r.is_others() {
                charted.push(row);
            }
        }
        row += 1;
        let mut total_key = vec![String::new(); keys];
        total_key[0] = "total".into();
        line(row, &total_key, &unit.totals, unit.total, true)?;
        first_section.get_or_insert((charted, unit.unit.clone()));
    }
    sheet.set_freeze_panes(1, col(keys + 1))?;
    if let (true, Some((charted, unit))) =
        (pivot.over_time() && pivot.columns.len() >= 2, first_section)
    {
        let (first, last_bucket) = (col(keys + 1), col(pivot.columns.len() + keys));
        let mut chart = Chart::new(ChartType::Line);
        let title = format!("{} by {rows_name}, {unit}", measure.label());
        chart.title().set_name(&title);
        for &r in charted.iter().take(6) {
            chart
                .add_series()
                .set_name((name, r, 0))
                .set_categories((name, 0, first, 0, last_bucket))
                .set_values((name, r, first, r, last_bucket));
        }
        chart.set_width(900).set_height(420);
        sheet.insert_chart(row + 2, 0, &chart)?;
    }
    Ok(())
}

/// The subtotal per currency by month, when the file has the columns for it.
pub(super) fn monthly_trend(
    file: &CsvFile,
    filters: &[Filter],
    cancel: &AtomicBool,
) -> Result<Option<Pivot>, ExportError> {
    let columns = Columns::find(file.headers());
    let Some(unit) = columns.units[0].map(|i| file.headers()[i].clone()) else {
        return Ok(None);
    };
    let spec = PivotSpec {
        rows: unit,
        columns: PivotColumns::Time(Bucket::Month, DateColumn::ServicePeriod),
        measure: Measure::Subtotal,
        filters: filters.to_vec(),
        order: RowOrder::Total,
        top: None,
        min_credit_share: None,
        // The month still running is marked "to date" in the sheet's heading.
        provenance: Provenance {
            requested: None,
            today: Some(chrono::Utc::now().date_naive()),
        },
    };
    match pivot(file, &spec, cancel) {
        Ok(made) if made.columns.len() >= 2 => Ok(Some(made)),
        Ok(_) | Err(PivotError::MissingColumn { .. }) => Ok(None),
        Err(PivotError::Job(JobError::Cancelled)) => Err(ExportError::Cancelled),
        Err(PivotError::Job(e)) => Err(ExportError::Read(e.to_string())),
        Err(e @ (PivotError::BeyondRange { .. } | PivotError::Levels(_))) => {
            Err(ExportError::Read(e.to_string()))
        }
    }
}

/// The Trend sheet: a row per currency, a column per month, and a line chart of them (one
/// axis per chart would mix currencies' scales, so each currency is its own line; they are
/// never added together).
pub(super) fn trend_sheet(
    workbook: &mut Workbook,
    trend: &Pivot,
    formats: &mut Formats,
) -> Result<(), XlsxError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name("Trend")?;
    let bold = header_format();
    sheet.write_string_with_format(0, 0, "currency", &bold)?;
    sheet.set_column_width(0, 12)?;
    for i in 0..trend.columns.len() {
        let month = trend.column_label(i);
        sheet.write_string_with_format(0, col(i + 1), &month, &bold)?;
        sheet.set_column_width(col(i + 1), 16)?;
    }
    let mut row = 0u32;
    for unit in &trend.units {
        row += 1;
        let format = formats.money(&unit.unit, 2);
        sheet.write_string(row, 0, &unit.unit)?;
        for (i, cell) in unit.totals.filled() {
            sheet.write_number_with_format(row, col(i + 1), cell.net().as_f64(), format)?;
        }
    }
    let last = col(trend.columns.len());
    let mut chart = Chart::new(ChartType::Line);
    chart.title().set_name("Subtotal per currency by month");
    for r in 1..=row.min(8) {
        chart
            .add_series()
            .set_name(("Trend", r, 0))
            .set_categories(("Trend", 0, 1, 0, last))
            .set_values(("Trend", r, 1, r, last));
    }
    chart.set_width(900).set_height(420);
    sheet.insert_chart(row + 2, 0, &chart)?;
    sheet.set_freeze_panes(1, 1)?;
    Ok(())
}

/// The comparison as shown: its lines, then each currency's bridge.
pub(super) fn compare_sheet(
    workbook: &mut Workbook,
    name: &str,
    comparison: &Comparison,
    by: &str,
    measure: Measure,
    formats: &mut Formats,
) -> Result<(), XlsxError> {
    let decimals = measure.decimals();
    let sheet = workbook.add_worksheet();
    sheet.set_name(name)?;
    let bold = header_format();
    let percent = Format::new().set_num_format("0.0%");
    // The periods as covered: `2026-Q2 (from 06-01)` when the file holds only part of it.
    let (label_a, label_b) = (comparison.label_a(), comparison.label_b());
    let (a, b) = (label_a.as_str(), label_b.as_str());
    // The key: one column, or one per level and the level a subtotal line adds up.
    let mut header = compare_key_heading(comparison, by);
    let keys = header.len();
    let against_mean = comparison.baseline.is_some();
    let change = if against_mean { "deviation" } else { "change" };
    header.extend(["currency", a, b, change, &format!("{change} %"), "status"].map(String::from));
    // Against a baseline, which way each line strays beyond the threshold.
    let flag = usize::from(against_mean);
    if against_mean {
        header.push("flag".into());
    }
    header.extend(kind_heading(&format!("{} ", comparison.a.label)));
    header.extend(kind_heading(&format!("{} ", comparison.b.label)));
    // Against a baseline, the net of each of its periods: what the mean is of.
    let each_at = header.len();
    if let Some(baseline) = &comparison.baseline {
        header.extend(baseline.periods.iter().map(|p| format!("{} net", p.label)));
    }
    for (c, name) in header.iter().enumerate() {
        sheet.write_string_with_format(0, col(c), name, &bold)?;
        sheet.set_column_width(col(c), if c < keys { 24 } else { 16 })?;
    }
    let width = kind_heading("").len();
    let mut row = 0u32;
    for unit in &comparison.units {
        let format = formats.money(&unit.unit, decimals).clone();
        let bold_money = format.clone().set_bold();
        let plain = Format::new();
        for line in unit.lines.iter().filter(|l| l.material) {
            row += 1;
            let (format, label) = match line.subtotal {
                Some(_) => (&bold_money, &bold),
                None => (&format, &plain),
            };
            for (c, part) in compare_key_cells(comparison, line).iter().enumerate() {
                sheet.write_string_with_format(row, col(c), part, label)?;
            }
            let at = |n: usize| col(keys + n);
            sheet.write_string_with_format(row, at(0), &unit.unit, label)?;
            sheet.write_number_with_format(row, at(1), line.a.net().as_f64(), format)?;
            sheet.write_number_with_format(row, at(2), line.b.net().as_f64(), format)?;
            sheet.write_number_with_format(row, at(3), line.change.as_f64(), format)?;
            if let Some(pct) = line.change_pct {
                sheet.write_number_with_format(row, at(4), pct.as_f64() / 100.0, &percent)?;
            }
            sheet.write_string_with_format(row, at(5), line.status.word(), label)?;
            if let Some(f) = line.flag {
                sheet.write_string_with_format(row, at(6), f.word(), label)?;
            }
            kinds(sheet, row, keys + 6 + flag, &line.a, format, &percent)?;
            kinds(
                sheet,
                row,
                keys + 6 + flag + width,
                &line.b,
                format,
                &percent,
            )?;
            if let Some(baseline) = &comparison.baseline {
                for (n, (period, net)) in baseline.periods.iter().zip(&line.each).enumerate() {
                    // A period the file does not cover is left blank: not a zero.
                    if !baseline.missing.contains(period) {
                        sheet.write_number_with_format(
                            row,
                            col(each_at + n),
                            net.as_f64(),
                            format,
                        )?;
                    }
                }
            }
        }
    }
    row += 2;
    let labels = [a, "+ new", "+ expanded", "- contracted", "- churned", b];
    sheet.write_string_with_format(row, 0, "bridge", &bold)?;
    for (c, label) in labels.iter().enumerate() {
        sheet.write_string_with_format(row, col(c + 1), *label, &bold)?;
    }
    for unit in &comparison.units {
        row += 1;
        let format = formats.money(&unit.unit, decimals);
        let g = unit.bridge;
        sheet.write_string(row, 0, &unit.unit)?;
        for (c, amount) in [g.a, g.new, g.expanded, g.contracted, g.churned, g.b]
            .into_iter()
            .enumerate()
        {
            sheet.write_number_with_format(row, col(c + 1), amount.as_f64(), format)?;
        }
    }
    sheet.set_freeze_panes(1, 1)?;
    Ok(())
}
