//! The domain of a Data Explorer bill query, pure: no I/O, no UI, no async.
//!
//! Input arrives as a [`QueryDraft`] (raw text from flags, a body file, a form or a request) and
//! becomes a [`BillQuery`] only through [`validate`], which applies the API's own rules and
//! reports every problem at once. A `BillQuery` therefore always serialises to a body that
//! m3ter's schema accepts.

mod bill_query;
mod body;
mod caveats;
mod columns;
mod dates;
mod dimension;
mod draft;
mod kind;
mod limit;
mod line_item_type;
mod presets;
mod problem;
mod split;
mod suggest;
mod type_set;
mod validate;

pub use bill_query::{BillQuery, DateRange};
pub use body::{BodyError, BodySource, DatesAs, draft_from_json, draft_to_json};
pub use caveats::Caveat;
pub use columns::BILL_COLUMNS;
pub use dates::{
    DateError, ThroughError, end_after_through, format_wire, is_plain_date, parse_date_time,
};
pub use dimension::{Dimension, KNOWN_DIMENSION_NAMES, MAX_DIMENSIONS, dimension_name_typo};
pub use draft::{DateInput, QueryDraft};
pub use kind::Kind;
pub use limit::{Limit, LimitError};
pub use line_item_type::{Group, LineItemType, UnknownLineItemType, expand_type_names};
pub use presets::{Preset, UnknownPreset};
pub use problem::{Field, Problem};
pub use split::{SplitMode, UnknownSplit, halves, label as piece_label, months};
pub use suggest::nearest;
pub use type_set::TypeSet;
pub use validate::validate;
