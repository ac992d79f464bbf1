//! Lists taller than their box: which line is drawn first so the cursor stays in sight.

/// The first row shown of a list of which `rows` fit, keeping the cursor in view.
pub fn list_offset(cursor: usize, rows: usize) -> usize {
    if rows == 0 {
        0
    } else {
        cursor.saturating_sub(rows - 1)
    }
}
