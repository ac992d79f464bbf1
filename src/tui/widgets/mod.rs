//! What several rooms draw or use: the one-line text field, the dialog frame, the status line
//! and footer, fast plain lines, and the message for a terminal too small to use.

pub mod chrome;
pub mod frame;
pub mod line_input;
pub mod list;
pub mod plain_lines;
pub mod too_small;
