//! A built-in stand-in for m3ter: the token, Data Explorer and list endpoints with realistic,
//! deterministic bill data, so the whole flow runs with no account and no network.
//!
//! It speaks the protocol from the server's side and validates bodies with [`crate::query`],
//! exactly as the API's schema does; it never uses the client in [`crate::m3ter`].
//!
//! Bill lines are monthly, as m3ter's bills are; a query selects the lines of bills whose
//! service period overlaps its date range.

mod bills;
mod config;
mod dice;
mod faults;
mod lists;
mod row;
mod seed;
mod server;
mod signing;
mod stats;

pub use bills::{BillBook, UnknownDimension};
pub use config::DemoConfig;
pub use faults::{Fault, FaultError, FaultSpec};
pub use lists::{ListedAccount, ListedProduct};
pub use row::{BillRow, COLUMNS};
pub use seed::Seed;
pub use server::DemoServer;
pub use stats::Counts;
