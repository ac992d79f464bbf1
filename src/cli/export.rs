//! `m3ter-bills export FILE.csv --xlsx OUT.xlsx`: a bill CSV as an Excel workbook, with a pivot
//! and its chart when asked.

use std::sync::atomic::AtomicBool;

use super::answer;
use super::args::{ConnectionArgs, ExportArgs};
use super::exit::{Code, Failure};
use crate::explore::{
    Bucket, DateColumn, Measure, PivotColumns, PivotError, PivotSpec, RowOrder, pivot,
};
use crate::export::{About, Extra};
use crate::printable::sentence;

pub fn run(args: &ExportArgs) -> Result<(), Failure> {
    // A file that is not a CSV is refused before anything is written.
    let file = answer::open(&args.file)?;
    let output = Some(args.xlsx.as_path());
    let Some(rows) = &args.pivot_rows else {
        return answer::workbook(
            &file,
            &[],
            Extra::None,
            &About::default(),
            output,
            args.force,
        );
    };
    let columns = match args.pivot_cols.trim().to_ascii_lowercase().as_str() {
        "month" => PivotColumns::Time(Bucket::Month, DateColumn::ServicePeriod),
        "quarter" => PivotColumns::Time(Bucket::Quarter, DateColumn::ServicePeriod),
        "year" => PivotColumns::Time(Bucket::Year, DateColumn::ServicePeriod),
        other => PivotColumns::Values(other.to_string()),
    };
    let spec = PivotSpec {
        rows: rows.trim().to_string(),
        columns,
        measure: Measure::Subtotal,
        filters: Vec::new(),
        order: RowOrder::Total,
        top: None,
        min_credit_share: None,
        provenance: answer::provenance(&args.file, &ConnectionArgs::default()),
    };
    let made = pivot(&file, &spec, &AtomicBool::new(false)).map_err(|e| match e {
        PivotError::MissingColumn { .. } => Failure::invalid(sentence(&e.to_string())),
        PivotError::Job(job) => Failure::new(Code::Failed, format!("The pivot {job}.")),
        PivotError::BeyondRange { .. } | PivotError::Levels(_) => {
            Failure::invalid(sentence(&e.to_string()))
        }
    })?;
    let extra = Extra::Pivot(&made, &spec.rows, Measure::Subtotal);
    answer::workbook(&file, &[], extra, &About::default(), output, args.force)
}
