//! Rows in the order asked for, each ranked once: by the size of its total, of its last
//! column, or by name.

use super::answer::{PivotRow, RowOrder};
use crate::explore::Amount;

/// Rows in `order` (ties by name), each with the size it was ordered by: every size is
/// worked out once, not at each comparison.
pub(super) fn by_size(
    rows: Vec<PivotRow>,
    order: RowOrder,
    columns: usize,
) -> Vec<(Amount, PivotRow)> {
    let mut sized: Vec<(Amount, PivotRow)> = rows
        .into_iter()
        .map(|r| {
            let size = match order {
                RowOrder::Total => r.total().net().abs(),
                RowOrder::Name => Amount::ZERO,
                RowOrder::Last => r.cells.last(columns).net().abs(),
            };
            (size, r)
        })
        .collect();
    // Ties by the key's bytes: the order of its text, without reading it as text each time.
    sized.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.raw.cmp(&b.1.raw)));
    sized
}
