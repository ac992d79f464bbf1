//! The smallest terminal the screen is drawn in. Each screen's own layout is in its folder
//! (`screens/form/layout.rs`, `screens/table/layout.rs`), asked by both its view and its
//! update, so a click or a page lands where things were drawn.

/// Below this, a message says the terminal is too small.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Whether a terminal of `size` is large enough to use.
pub fn fits(size: (u16, u16)) -> bool {
    size.0 >= MIN_WIDTH && size.1 >= MIN_HEIGHT
}
