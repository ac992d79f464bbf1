//! The smallest terminal each screen is drawn in. Each screen's own layout is in its folder
//! (`screens/form/layout.rs`, `screens/table/layout.rs`), asked by both its view and its
//! update, so a click or a page lands where things were drawn.

use super::state::State;

/// The builder below this shows one sentence instead (it packs the body preview and the
/// result into one pane below 24 rows).
pub const BUILDER_MIN: (u16, u16) = (80, 20);

/// The smallest terminal the open screen is drawn in.
pub fn smallest(state: &State) -> (u16, u16) {
    match state.table {
        Some(_) => super::screens::table::layout::MIN_SIZE,
        None => BUILDER_MIN,
    }
}

/// Whether a terminal of `size` is large enough for the open screen.
pub fn fits(state: &State, size: (u16, u16)) -> bool {
    let (width, height) = smallest(state);
    size.0 >= width && size.1 >= height
}
