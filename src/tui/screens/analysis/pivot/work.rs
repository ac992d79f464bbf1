//! The pivot's slow work, run in a task by the runtime: made from the file, or its rows put in
//! another order, and laid out for drawing.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use super::Made;
use crate::explore::{CsvFile, Pivot, PivotSpec, RowOrder, pivot};
use crate::tui::msg::{Effect, Msg};

/// The message the work of a pivot's effect (make, re-order) comes to, done here and now: for
/// tests and benchmarks, which run it where the runtime runs it in a task. `None` for any
/// other effect.
pub fn work(effect: &Effect) -> Option<Msg> {
    match effect {
        Effect::RunPivot { id, file, spec } => Some(Msg::PivotDone(
            *id,
            make(file, spec, &AtomicBool::new(false)),
        )),
        Effect::ReorderPivot {
            id,
            pivot,
            order,
            rows,
            decimals,
        } => Some(Msg::PivotDone(
            *id,
            Ok(reorder(pivot.clone(), *order, rows, *decimals)),
        )),
        _ => None,
    }
}

/// The work of [`Effect::RunPivot`](crate::tui::msg::Effect::RunPivot), off the screen's
/// thread: the pivot made and laid out.
pub fn make(file: &CsvFile, spec: &PivotSpec, cancel: &AtomicBool) -> Result<Box<Made>, String> {
    let made = pivot(file, spec, cancel).map_err(|e| e.to_string())?;
    let decimals = spec.measure.decimals();
    Ok(Box::new(Made::new(
        Arc::new(made),
        spec.order,
        &spec.rows,
        decimals,
    )))
}

/// The work of [`Effect::ReorderPivot`](crate::tui::msg::Effect::ReorderPivot): the rows
/// put in `order` and laid out again.
pub fn reorder(pivot: Arc<Pivot>, order: RowOrder, rows: &str, decimals: u32) -> Box<Made> {
    let mut pivot = Arc::unwrap_or_clone(pivot);
    pivot.reorder(order);
    Box::new(Made::new(Arc::new(pivot), order, rows, decimals))
}
