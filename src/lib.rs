//! m3ter-bills: pull bill data out of m3ter's Data Explorer.
//!
//! Layers, each knowing only those below it: [`query`] is the pure domain; [`m3ter`] speaks
//! HTTP to m3ter; [`demo`] is a built-in stand-in for m3ter; [`explore`] reads bill files and
//! [`export`] writes workbooks of them; [`split`] fetches a long range piece by piece through
//! [`m3ter`] and merges the pieces; [`fetch`] holds the flows both faces run (submit and note,
//! download to a target, fetch in pieces, fetch two periods); [`tui`] and [`cli`] are the screen
//! and the command line on top.

pub mod browser;
pub mod cli;
pub mod config;
pub mod demo;
pub mod explore;
pub mod export;
pub mod fetch;
pub mod logging;
pub mod m3ter;
pub mod own_files;
pub mod printable;
pub mod query;
pub mod report;
pub mod rows;
pub mod split;
pub mod target;
pub mod throttle;
pub mod tui;
pub mod units;
