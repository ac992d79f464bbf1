//! Every key the screen answers to, in one table: the update function dispatches through it,
//! and the help screen and the footer are drawn from it, so they cannot drift apart.

mod action;

pub use action::Action;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Where a key works. Several scopes are active at once; the first that knows a key wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Always, even while a text field is being edited.
    Always,
    /// Anywhere outside a text field or a dialog.
    Anywhere,
    Dates,
    Types,
    Dimensions,
    Options,
    /// Once there is a download link.
    Link,
    /// While a file is being fetched.
    Fetching,
    /// While a text field is being edited.
    Editor,
    /// In the dimension editor.
    DimensionEditor,
    /// In a dimension's name, or in its values when they have a list: the suggestions.
    DimensionSuggest,
    /// When asked for the file's path.
    PathPrompt,
    /// When asked to confirm.
    Confirm,
    /// In the help screen.
    Help,
    /// In a list of profiles, saved queries or past submits.
    Picker,
    /// In the history list.
    History,
    /// When asked for a name or a path.
    Prompt,
    /// In the table view of a CSV file.
    Table,
    /// When the table view asks for a filter or a column.
    TablePrompt,
    /// While the table view sorts or filters.
    TableJob,
    /// When the table view's line of filters has the focus.
    TableFilters,
    /// When the table view's totals have the focus.
    TableTotals,
    /// In the table view's column chooser.
    ColumnChooser,
    /// In the pivot of the table's rows.
    Pivot,
    /// In a pivot whose rows are on levels.
    PivotLevels,
    /// In the pivot's trend chart.
    PivotChart,
    /// In the comparison of two periods (C in the table).
    Compare,
    /// In a comparison held against its usual (u).
    CompareUsual,
    /// Choosing the periods to compare.
    PeriodChooser,
    /// Choosing what an analysis is by: its rows, columns or key.
    ColumnPick,
    /// Saving what is on screen to a file.
    ExportDialog,
    /// Saving the analysis on screen into a report.
    SaveReport,
}

impl Scope {
    /// The heading of this scope in the help screen.
    pub fn title(self) -> &'static str {
        match self {
            Scope::Always => "Always, even while typing",
            Scope::Anywhere => "Anywhere (outside a text field)",
            Scope::Dates => "Date range",
            Scope::Types => "Line item types",
            Scope::Dimensions => "Dimensions",
            Scope::Options => "Options",
            Scope::Link => "After a result",
            Scope::Fetching => "While fetching",
            Scope::Editor => "Editing a field",
            Scope::DimensionEditor => "Editing a dimension",
            Scope::DimensionSuggest => "Suggestions in a dimension",
            Scope::PathPrompt => "Choosing where to save",
            Scope::Confirm => "Answering a question",
            Scope::Help => "This help",
            Scope::Picker => "In a list (profiles, saved queries, history)",
            Scope::History => "In the history",
            Scope::Prompt => "When asked for a name or a path",
            Scope::Table => "In the table of a CSV file",
            Scope::TablePrompt => "When the table asks for a filter or a column",
            Scope::TableJob => "While the table sorts or filters",
            Scope::TableFilters => "In the table's line of filters (Tab to it)",
            Scope::TableTotals => "In the table's totals (Tab to them)",
            Scope::ColumnChooser => "Choosing the table's columns",
            Scope::Pivot => "In the pivot (P in the table)",
            Scope::PivotLevels => "In a pivot with rows on levels (r, then Tab)",
            Scope::PivotChart => "In the pivot's trend chart (g in the pivot)",
            Scope::Compare => "In the comparison of two periods (C in the table)",
            Scope::CompareUsual => "In a comparison against the usual (U in the table, u here)",
            Scope::PeriodChooser => "Choosing the periods to compare",
            Scope::ColumnPick => "Choosing an analysis's rows, columns or key",
            Scope::ExportDialog => "Saving what is on screen",
            Scope::SaveReport => "Saving a pivot or comparison into a report",
        }
    }
}

/// A key and its modifiers (Shift is ignored for characters, which carry it themselves).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn plain(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

const fn ch(c: char) -> Key {
    plain(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

impl Key {
    fn matches(&self, event: &KeyEvent) -> bool {
        let mut mods = event.modifiers;
        if matches!(event.code, KeyCode::Char(_)) {
            mods.remove(KeyModifiers::SHIFT);
        }
        let code = match event.code {
            // Some terminals report Ctrl-S as an upper-case S with Control.
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            other => other,
        };
        code == self.code && mods == self.mods
    }

    /// How the key is written in help and footers.
    pub fn name(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{}", base.to_uppercase())
        } else {
            base
        }
    }
}

/// One line of the keymap.
#[derive(Debug)]
pub struct Binding {
    pub scope: Scope,
    pub keys: &'static [Key],
    pub action: Action,
    /// A word or two for the footer.
    pub label: &'static str,
    /// A sentence for the help screen.
    pub help: &'static str,
}

impl Binding {
    /// The binding's keys, as `↑/k`; two keys that read alike (Shift-Tab, as terminals send
    /// it two ways) are named once.
    pub fn key_names(&self) -> String {
        let mut names: Vec<String> = Vec::new();
        for name in self.keys.iter().map(Key::name) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names.join("/")
    }
}

/// The first key of `action` in `scope`, as a hint names it (`f`, `Ctrl-S`, `Esc`).
pub fn key(scope: Scope, action: Action) -> String {
    binding(scope, action).map_or_else(String::new, |b| b.keys[0].name())
}

/// Every key of `action` in `scope` (`↑/k`).
pub fn keys(scope: Scope, action: Action) -> String {
    binding(scope, action).map_or_else(String::new, Binding::key_names)
}

fn binding(scope: Scope, action: Action) -> Option<&'static Binding> {
    BINDINGS
        .iter()
        .find(|b| b.scope == scope && b.action == action)
}

use Action as A;
use KeyCode as K;
use Scope as S;

macro_rules! bind {
    ($scope:expr, [$($key:expr),+], $action:expr, $label:expr, $help:expr) => {
        Binding { scope: $scope, keys: &[$($key),+], action: $action, label: $label, help: $help }
    };
}

/// The keymap. Order matters within a scope: the first binding for a key wins, and footers
/// list keys in this order (so the table view names its own keys before the moves).
#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    bind!(S::Always, [ctrl('s')], A::Submit, "submit", "Send the query to m3ter (after checking it)"),
    bind!(S::Always, [ctrl('c')], A::ForceQuit, "quit now", "Quit at once, even during a download"),
    bind!(S::Anywhere, [plain(K::Tab)], A::NextPane, "next pane", "Go to the next pane"),
    bind!(S::Anywhere, [plain(K::BackTab), Key { code: K::BackTab, mods: KeyModifiers::SHIFT }], A::PrevPane, "previous pane", "Go to the previous pane"),
    bind!(S::Anywhere, [ch('?')], A::Help, "help", "Show every key"),
    bind!(S::Anywhere, [ch('q')], A::Quit, "quit", "Quit (asks first while a download runs)"),
    bind!(S::Anywhere, [ch('p')], A::Profiles, "profile", "Switch to another profile of the config file"),
    bind!(S::Anywhere, [ch('s')], A::SaveQuery, "save", "Save the form as a named query"),
    bind!(S::Anywhere, [ch('L')], A::LoadQuery, "load", "The library: saved queries to load into the form, reports to run"),
    bind!(S::Anywhere, [ch('H')], A::History, "history", "Past submits: load one, or send it again"),
    bind!(S::Anywhere, [ch('C')], A::Compare, "compare", "Send the form's query for two periods, A then B, and compare them"),
    bind!(S::Anywhere, [ch('c')], A::CopyCurl, "curl", "Copy the request as a curl command (no secret in it)"),
    bind!(S::Anywhere, [ch('w')], A::WriteBody, "write", "Write the request body to a JSON file (--body reads it)"),
    bind!(S::Anywhere, [plain(K::PageDown)], A::ScrollDown, "body", "Scroll the request body down"),
    bind!(S::Anywhere, [plain(K::PageUp)], A::ScrollUp, "body", "Scroll the request body up"),
    bind!(S::Anywhere, [ch('V'), ch('v')], A::Files, "files", "Files fetched earlier that are still there: open one in the table (v opens the one just fetched)"),
    bind!(S::Dates, [plain(K::Up), ch('k')], A::Up, "move", "Move to the row above"),
    bind!(S::Dates, [plain(K::Down), ch('j')], A::Down, "move", "Move to the row below"),
    bind!(S::Dates, [plain(K::Left), ch('h')], A::PresetPrev, "preset", "Previous preset (or custom)"),
    bind!(S::Dates, [plain(K::Right), ch('l')], A::PresetNext, "preset", "Next preset (or custom)"),
    bind!(S::Dates, [plain(K::Enter)], A::Edit, "edit", "Type the start or end date (YYYY-MM-DD or ISO 8601)"),
    bind!(S::Types, [plain(K::Up), ch('k')], A::Up, "move", "Move up the list"),
    bind!(S::Types, [plain(K::Down), ch('j')], A::Down, "move", "Move down the list"),
    bind!(S::Types, [ch(' ')], A::Toggle, "toggle", "Select or clear the highlighted type"),
    bind!(S::Types, [ch('a')], A::SelectAll, "all", "Select every type"),
    bind!(S::Types, [ch('n')], A::SelectNone, "none", "Clear every type"),
    bind!(S::Types, [ch('1')], A::SelectGroup(0), "group", "Select just the charges"),
    bind!(S::Types, [ch('2')], A::SelectGroup(1), "group", "Select just the credits and refunds"),
    bind!(S::Types, [ch('3')], A::SelectGroup(2), "group", "Select just the commitments"),
    bind!(S::Types, [ch('4')], A::SelectGroup(3), "group", "Select just the balances"),
    bind!(S::Types, [ch('5')], A::SelectGroup(4), "group", "Select just the adjustments and memos"),
    bind!(S::Dimensions, [plain(K::Up), ch('k')], A::Up, "move", "Move up the list"),
    bind!(S::Dimensions, [plain(K::Down), ch('j')], A::Down, "move", "Move down the list"),
    bind!(S::Dimensions, [ch('a')], A::AddDimension, "add", "Add a dimension filter"),
    bind!(S::Dimensions, [plain(K::Enter)], A::Edit, "edit", "Edit the highlighted dimension"),
    bind!(S::Dimensions, [ch('d'), plain(K::Delete)], A::RemoveDimension, "remove", "Remove the highlighted dimension"),
    bind!(S::Options, [plain(K::Up), ch('k')], A::Up, "move", "Move to the row above"),
    bind!(S::Options, [plain(K::Down), ch('j')], A::Down, "move", "Move to the row below"),
    bind!(S::Options, [plain(K::Enter)], A::Edit, "edit", "Type the limit (1 to 2000) or the version"),
    bind!(S::Options, [plain(K::Backspace), plain(K::Delete)], A::Clear, "unset", "Leave the highlighted option out of the body"),
    bind!(S::Link, [ch('o')], A::Open, "open", "Open the download link in the browser"),
    bind!(S::Link, [ch('y')], A::Copy, "copy", "Copy the download link (works over SSH)"),
    bind!(S::Link, [ch('f')], A::Fetch, "fetch", "Fetch the CSV to a file"),
    bind!(S::Link, [ch('F')], A::FetchSplit, "fetch complete", "Fetch the query's whole range piece by piece, a month at a time and smaller where still cut, merged into one file: the way past an answer cut at the limit"),
    bind!(S::Link, [ch('v')], A::OpenView, "view", "Look at the fetched CSV in a table, with totals"),
    bind!(S::TableJob, [plain(K::Esc)], A::CancelJob, "stop", "Stop the sort or filter that is running"),
    bind!(S::TablePrompt, [plain(K::Enter)], A::Save, "apply", "Apply the filter, or go to the column"),
    bind!(S::TablePrompt, [plain(K::Esc)], A::Cancel, "cancel", "Close without changing anything"),
    bind!(S::TablePrompt, [plain(K::Tab)], A::ToggleScope, "this column", "Filter: search the highlighted column only, or every column"),
    bind!(S::ColumnChooser, [plain(K::Up), ch('k')], A::Up, "move", "Move up the list"),
    bind!(S::ColumnChooser, [plain(K::Down), ch('j')], A::Down, "move", "Move down the list"),
    bind!(S::ColumnChooser, [ch(' ')], A::Toggle, "show/hide", "Show or hide the highlighted column"),
    bind!(S::ColumnChooser, [ch('K'), Key { code: K::Up, mods: KeyModifiers::SHIFT }], A::MoveUp, "earlier", "Move the highlighted column left (up the list)"),
    bind!(S::ColumnChooser, [ch('J'), Key { code: K::Down, mods: KeyModifiers::SHIFT }], A::MoveDown, "later", "Move the highlighted column right (down the list)"),
    bind!(S::ColumnChooser, [ch('p')], A::Pin, "pin", "Pin the highlighted column: first, frozen at the left"),
    bind!(S::ColumnChooser, [ch('r')], A::Reset, "reset", "Back to the columns the file opened on"),
    bind!(S::ColumnChooser, [plain(K::Enter)], A::Save, "apply", "Use these columns (remembered for files with this header)"),
    bind!(S::ColumnChooser, [plain(K::Esc)], A::Cancel, "cancel", "Close without changing the columns"),
    bind!(S::TableFilters, [plain(K::Left), ch('h')], A::Left, "filter", "The filter to the left"),
    bind!(S::TableFilters, [plain(K::Right), ch('l')], A::Right, "filter", "The filter to the right"),
    bind!(S::TableFilters, [ch('x'), plain(K::Delete), plain(K::Backspace)], A::RemoveFilter, "remove", "Remove the highlighted filter"),
    bind!(S::TableFilters, [plain(K::Enter)], A::Edit, "edit", "Change the highlighted filter"),
    bind!(S::TableTotals, [plain(K::Up), ch('k')], A::Up, "scroll", "Scroll the totals up a line"),
    bind!(S::TableTotals, [plain(K::Down), ch('j')], A::Down, "scroll", "Scroll the totals down a line"),
    bind!(S::TableTotals, [plain(K::PageUp)], A::PageUp, "page", "Scroll the totals up a page"),
    bind!(S::TableTotals, [plain(K::PageDown), ch(' ')], A::PageDown, "page", "Scroll the totals down a page"),
    bind!(S::TableTotals, [ch('g'), plain(K::Home)], A::Top, "top", "To the first line of the totals"),
    bind!(S::TableTotals, [ch('G'), plain(K::End)], A::Bottom, "bottom", "To the last line of the totals"),
    bind!(S::Table, [ch('P')], A::Pivot, "pivot", "Pivot the rows in view: the highlighted column's values (account, product, ...) against months, per currency"),
    bind!(S::Table, [ch('C')], A::Compare, "compare", "Compare two periods of the rows in view: by account, product or type, what grew, shrank, came and went"),
    bind!(S::Table, [ch('t')], A::Totals, "totals", "Totals by line item type, then account, then product"),
    bind!(S::Table, [ch('m')], A::Measure, "measure", "Totals of the subtotal per currency, the converted subtotal, or the quantity per unit"),
    bind!(S::Table, [ch('e')], A::Export, "save", "Save the rows in view (or the totals, when open) as an Excel workbook, CSV or TSV"),
    bind!(S::Table, [ch('y')], A::Copy, "copy totals", "Copy the totals as tab-separated text: they paste into a spreadsheet as cells"),
    bind!(S::Table, [ch('/')], A::Filter, "filter", "Add a filter: keep the rows that hold a text or regular expression (filters add up)"),
    bind!(S::Table, [ch('c')], A::Columns, "columns", "Choose the columns: show, hide, move, pin"),
    bind!(S::Table, [plain(K::Tab)], A::NextPane, "focus", "Move the focus: rows, filters, totals"),
    bind!(S::Table, [plain(K::BackTab), Key { code: K::BackTab, mods: KeyModifiers::SHIFT }], A::PrevPane, "focus", "Move the focus back"),
    bind!(S::Table, [ch('X')], A::ClearFilters, "clear filters", "Remove every filter"),
    bind!(S::Table, [ch('U')], A::Usual, "usual", "The last whole month against its usual: each account's mean of the three months before, what strays flagged"),
    bind!(S::Table, [ch('s')], A::Sort, "sort", "Sort by the highlighted column: up, down, then file order"),
    bind!(S::Table, [ch(':')], A::GoToColumn, "go to column", "Go to a column by (part of) its name"),
    bind!(S::Table, [plain(K::Esc)], A::Back, "back", "Close the totals, else remove the last filter, else leave the table"),
    bind!(S::Table, [ch('q')], A::Quit, "close", "Leave the table"),
    bind!(S::Table, [ch('?')], A::Help, "help", "Show every key"),
    bind!(S::Table, [plain(K::Up), ch('k')], A::Up, "row", "Up a row"),
    bind!(S::Table, [plain(K::Down), ch('j')], A::Down, "row", "Down a row"),
    bind!(S::Table, [plain(K::PageUp)], A::PageUp, "page", "Up a page"),
    bind!(S::Table, [plain(K::PageDown), ch(' ')], A::PageDown, "page", "Down a page"),
    bind!(S::Table, [ch('g'), plain(K::Home)], A::Top, "top", "To the first row"),
    bind!(S::Table, [ch('G'), plain(K::End)], A::Bottom, "bottom", "To the last row"),
    bind!(S::Table, [plain(K::Left), ch('h')], A::Left, "column", "One column left"),
    bind!(S::Table, [plain(K::Right), ch('l')], A::Right, "column", "One column right"),
    bind!(S::Pivot, [plain(K::Enter)], A::Drill, "its lines", "Open the table on exactly the lines behind the highlighted cell (Esc comes back)"),
    bind!(S::Pivot, [ch('r')], A::NextRows, "rows", "Rows by the next column: account, product, line item type, parent account, description, ..."),
    bind!(S::PivotLevels, [ch('z')], A::Fold, "fold", "With rows on levels: fold the group at the cursor to its subtotal, or open it"),
    bind!(S::PivotLevels, [ch('Z')], A::FoldAll, "fold all", "With rows on levels: fold every group, or open them all"),
    bind!(S::Pivot, [ch('c')], A::NextColumns, "columns", "Columns by month, quarter, year, line item type, currency, ..."),
    bind!(S::Pivot, [ch('e')], A::Export, "save", "Save the pivot as an Excel workbook (with the lines, a chart and what the file is), CSV or TSV"),
    bind!(S::Pivot, [ch('y')], A::Copy, "copy", "Copy the pivot as tab-separated text: it pastes into a spreadsheet as cells (works over SSH)"),
    bind!(S::Pivot, [ch('m')], A::Measure, "measure", "Add up the subtotal per currency, the converted subtotal, or the quantity per unit"),
    bind!(S::Pivot, [ch('s')], A::Sort, "order", "Order the rows by their total, their name, or the last column"),
    bind!(S::Pivot, [ch('n')], A::TopRows, "top", "Every row, or the largest 5, 10 or 20 with the rest as (others)"),
    bind!(S::Pivot, [ch('g')], A::Chart, "trend", "Chart the trend of the largest rows over time (credits below zero)"),
    bind!(S::Pivot, [ch('b')], A::SwitchDate, "dates", "Months from the service period or from the bill date"),
    bind!(S::Pivot, [plain(K::Esc), ch('q')], A::Back, "table", "Back to the table"),
    bind!(S::Pivot, [ch('%')], A::CellShow, "cells as", "Show the cells as amounts, as % of their column's net (the mix), or as credits in % of charges"),
    bind!(S::Pivot, [ch('R')], A::SaveToReport, "into report", "Save this pivot into a report (new or one there is), its period kept relative if you like: L runs the report"),
    bind!(S::Pivot, [ch('?')], A::Help, "help", "Show every key"),
    bind!(S::Pivot, [plain(K::Up), ch('k')], A::Up, "row", "Up a row"),
    bind!(S::Pivot, [plain(K::Down), ch('j')], A::Down, "row", "Down a row"),
    bind!(S::Pivot, [plain(K::Left), ch('h')], A::Left, "column", "One column left (the totals are the last)"),
    bind!(S::Pivot, [plain(K::Right), ch('l')], A::Right, "column", "One column right"),
    bind!(S::Pivot, [plain(K::PageUp)], A::PageUp, "page", "Up a page"),
    bind!(S::Pivot, [plain(K::PageDown), ch(' ')], A::PageDown, "page", "Down a page"),
    bind!(S::Pivot, [plain(K::Home)], A::Top, "top", "To the first row"),
    bind!(S::Pivot, [ch('G'), plain(K::End)], A::Bottom, "bottom", "To the last row"),
    bind!(S::PivotChart, [plain(K::Tab)], A::NextPane, "next currency", "The trend in the next currency (or unit)"),
    bind!(S::PivotChart, [plain(K::BackTab), Key { code: K::BackTab, mods: KeyModifiers::SHIFT }], A::PrevPane, "previous currency", "The trend in the previous currency (or unit)"),
    bind!(S::PivotChart, [ch('g'), plain(K::Esc)], A::Chart, "grid", "Back to the pivot's grid"),
    bind!(S::PivotChart, [ch('q')], A::Quit, "table", "Back to the table"),
    bind!(S::PivotChart, [ch('?')], A::Help, "help", "Show every key"),
    bind!(S::Compare, [plain(K::Enter)], A::Drill, "its lines", "Open the table on the lines behind the highlighted one, A's then B's (Esc comes back)"),
    bind!(S::Compare, [ch('b')], A::NextBy, "by", "Choose what is compared: a column of the file (account, product, ...)"),
    bind!(S::Compare, [ch('p')], A::Periods, "periods", "Choose other periods"),
    bind!(S::Compare, [ch('e')], A::Export, "save", "Save the comparison as an Excel workbook (with the lines and the bridge), CSV or TSV"),
    bind!(S::Compare, [ch('y')], A::Copy, "copy", "Copy the comparison as tab-separated text: it pastes into a spreadsheet as cells"),
    bind!(S::Compare, [ch('m')], A::Measure, "measure", "Compare the subtotal per currency, the converted subtotal (one ranking), or the quantity per unit"),
    bind!(S::Compare, [ch('s')], A::Sort, "order", "Order by the change (by size), the growth, the decline, A, B or the name"),
    bind!(S::Compare, [ch('n')], A::TopRows, "top", "Every line, or the first 5, 10 or 20 per currency in the order shown"),
    bind!(S::Compare, [ch('f')], A::Status, "status", "Every status, or only the new, churned, expanded, contracted, or new and churned"),
    bind!(S::Compare, [ch('u')], A::Baseline, "usual", "Hold B against its usual: the mean of the 3, 6 or 12 periods before it (t then flags what strays)"),
    bind!(S::CompareUsual, [ch('c')], A::Chart, "chart", "Chart the highlighted line: each period of its baseline, their band and mean, against B"),
    bind!(S::Compare, [ch('t')], A::Threshold, "threshold", "Hide changes under 1, 5, 10 or 25 % of A (they still count in the totals)"),
    bind!(S::Compare, [ch('d')], A::SwitchDate, "dates", "Periods by the service period or by the bill date"),
    bind!(S::Compare, [plain(K::Esc), ch('q')], A::Back, "table", "Back to the table"),
    bind!(S::Compare, [ch('R')], A::SaveToReport, "into report", "Save this comparison into a report (new or one there is), its periods kept relative if you like: L runs the report"),
    bind!(S::Compare, [ch('?')], A::Help, "help", "Show every key"),
    bind!(S::Compare, [plain(K::Up), ch('k')], A::Up, "line", "Up a line"),
    bind!(S::Compare, [plain(K::Down), ch('j')], A::Down, "line", "Down a line"),
    bind!(S::Compare, [plain(K::PageUp)], A::PageUp, "page", "Up a page"),
    bind!(S::Compare, [plain(K::PageDown), ch(' ')], A::PageDown, "page", "Down a page"),
    bind!(S::Compare, [ch('g'), plain(K::Home)], A::Top, "top", "To the first line"),
    bind!(S::Compare, [ch('G'), plain(K::End)], A::Bottom, "bottom", "To the last line"),
    bind!(S::ColumnPick, [plain(K::Up)], A::Up, "move", "Move up the list"),
    bind!(S::ColumnPick, [plain(K::Down)], A::Down, "move", "Move down the list"),
    bind!(S::ColumnPick, [plain(K::Tab)], A::Toggle, "add level", "Add the highlighted column as the next level (up to three), or take it back"),
    bind!(S::ColumnPick, [plain(K::Enter)], A::Choose, "choose", "Take the levels added, or the highlighted column alone"),
    bind!(S::ColumnPick, [plain(K::Esc)], A::Cancel, "cancel", "Close, changing nothing"),
    bind!(S::PeriodChooser, [plain(K::Up)], A::Up, "move", "Move up the list"),
    bind!(S::PeriodChooser, [plain(K::Down)], A::Down, "move", "Move down the list"),
    bind!(S::PeriodChooser, [plain(K::Enter)], A::Choose, "compare", "Compare the highlighted periods (or those typed)"),
    bind!(S::PeriodChooser, [plain(K::Esc)], A::Cancel, "cancel", "Close without comparing"),
    bind!(S::ExportDialog, [plain(K::Tab)], A::NextField, "format", "The next format: XLSX, CSV, TSV"),
    bind!(S::ExportDialog, [plain(K::Enter)], A::Save, "save", "Save to the path typed (never over a file that is there)"),
    bind!(S::ExportDialog, [plain(K::Esc)], A::Cancel, "cancel", "Close without saving"),
    bind!(S::SaveReport, [plain(K::Enter)], A::Save, "save", "Save the view into the report named (made when there is none)"),
    bind!(S::SaveReport, [plain(K::Tab)], A::Toggle, "relative/fixed", "Keep the periods relative (last-month) or fixed (2026-11)"),
    bind!(S::SaveReport, [plain(K::Down)], A::Down, "next report", "The next report there is"),
    bind!(S::SaveReport, [plain(K::Up)], A::Up, "previous report", "The report before"),
    bind!(S::SaveReport, [plain(K::Esc)], A::Cancel, "cancel", "Close without saving"),
    bind!(S::Fetching, [plain(K::Esc)], A::CancelFetch, "cancel", "Stop the download; no partial file is left (a complete fetch keeps its pieces for F to go on)"),
    bind!(S::Editor, [plain(K::Enter), plain(K::Esc)], A::EditorDone, "done", "Leave the field, keeping what was typed"),
    bind!(S::DimensionEditor, [plain(K::Tab)], A::NextField, "next field", "Go to the next field"),
    bind!(S::DimensionEditor, [plain(K::BackTab), Key { code: K::BackTab, mods: KeyModifiers::SHIFT }], A::PrevField, "previous field", "Go to the previous field"),
    bind!(S::DimensionSuggest, [plain(K::Up)], A::SuggestPrev, "suggest", "In the name: the previous known dimension; in the values: the suggestion above"),
    bind!(S::DimensionSuggest, [plain(K::Down)], A::SuggestNext, "suggest", "In the name: the next known dimension; in the values: the suggestion below"),
    bind!(S::DimensionSuggest, [ctrl('r')], A::RefreshList, "list again", "Ask m3ter for the accounts or products again rather than use those listed in the last hour"),
    bind!(S::DimensionEditor, [plain(K::Enter)], A::Save, "keep", "Keep the dimension; on a highlighted suggestion, put it in the values"),
    bind!(S::DimensionEditor, [plain(K::Esc)], A::Cancel, "cancel", "Close without keeping the changes"),
    bind!(S::PathPrompt, [plain(K::Enter)], A::Save, "fetch", "Fetch to this path"),
    bind!(S::PathPrompt, [plain(K::Esc)], A::Cancel, "cancel", "Do not fetch"),
    bind!(S::Confirm, [ch('y')], A::Yes, "yes", "Yes"),
    bind!(S::Confirm, [ch('n'), plain(K::Esc)], A::No, "no", "No"),
    bind!(S::History, [ctrl('r')], A::Resubmit, "send again", "Send the highlighted query again: a preset covers its period as of today (a report: run it as of today)"),
    bind!(S::History, [ctrl('e')], A::ResubmitExact, "exact dates", "Send the highlighted query again with exactly its old dates (a report: run it as of its old day)"),
    bind!(S::History, [ctrl('o')], A::OpenView, "open file", "Open the highlighted entry's file in the table, when it is still there"),
    bind!(S::Picker, [plain(K::Up)], A::Up, "move", "Move up the list"),
    bind!(S::Picker, [plain(K::Down)], A::Down, "move", "Move down the list"),
    bind!(S::Picker, [plain(K::Enter)], A::Choose, "choose", "Use the highlighted entry: a past query with its preset as of today, a report run as of today, a file opened"),
    bind!(S::Picker, [plain(K::Esc)], A::Cancel, "close", "Close the list (typing narrows it)"),
    bind!(S::Prompt, [plain(K::Enter)], A::Save, "ok", "Use what was typed"),
    bind!(S::Prompt, [plain(K::Esc)], A::Cancel, "cancel", "Do nothing"),
    bind!(S::Help, [plain(K::Up), ch('k')], A::ScrollUp, "scroll", "Scroll up"),
    bind!(S::Help, [plain(K::Down), ch('j')], A::ScrollDown, "scroll", "Scroll down"),
    bind!(S::Help, [plain(K::Esc), ch('?'), ch('q')], A::CloseHelp, "close", "Close the help"),
];

/// The action of the first binding, in the first active scope, that `event` matches.
pub fn action_for(scopes: &[Scope], event: &KeyEvent) -> Option<Action> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    scopes.iter().find_map(|scope| {
        BINDINGS
            .iter()
            .filter(|b| b.scope == *scope)
            .find(|b| b.keys.iter().any(|k| k.matches(event)))
            .map(|b| b.action)
    })
}

/// The bindings of `scope`, for footers and help.
pub fn bindings(scope: Scope) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.scope == scope)
}

#[cfg(test)]
mod tests;
