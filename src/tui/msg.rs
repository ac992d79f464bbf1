//! What happens to the screen (messages) and what the screen asks for (effects).

use std::path::PathBuf;
use std::sync::Arc;

use crossterm::event::{Event, KeyEvent, MouseEvent, MouseEventKind};

use super::context::Context;
use super::dialogs::export::ExportJob;
use super::dialogs::{PickItem, PickerKind};
use super::screens::analysis::pivot::Made;
use super::screens::table::{Page, TotalsFrom, TotalsSource};
use crate::explore::{
    CompareSpec, Comparison, CsvFile, DateColumn, Filter, Grouping, Measure, Period, Pivot,
    PivotSpec, RowOrder, ScanProgress, Totals, TotalsRow,
};
pub use crate::fetch::{FetchedPeriods, SplitDone, SplitStopped};
use crate::m3ter::{Client, ListKind};
use crate::m3ter::{DownloadError, DownloadLink, DownloadProgress, Downloaded, SubmitEvent};
use crate::query::{BillQuery, Preset, QueryDraft};

/// Something that happened: input, or news from a task.
#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Paste(String),
    Resize(u16, u16),
    /// Time passed while something runs (spinner, countdowns).
    Tick,
    Submit(SubmitEvent),
    /// The outcome of a submit, and the id of its history entry when it was recorded.
    Submitted(Result<DownloadLink, String>, Option<String>),
    /// News of fetch number `.0`; news of any other fetch than the current one is ignored.
    FetchProgress(u64, DownloadProgress),
    Fetched(u64, Result<Downloaded, DownloadError>),
    /// The data rows of fetch `.0`'s file, counted as far as they matter.
    Counted(u64, u64),
    FetchCancelled(u64),
    /// How complete fetch number `.0` is going.
    SplitNews(u64, crate::split::News),
    /// Complete fetch number `.0`, merged into its file, or why not.
    SplitDone(u64, Result<SplitDone, SplitStopped>),
    Opened(Result<(), String>),
    /// Something was copied; `.0` says what ("the link").
    Copied(&'static str, Result<(), String>),
    /// A picker's entries, read.
    PickerLoaded(PickerKind, Vec<PickItem>, Vec<String>),
    /// The accounts or products, listed (or kept from the last hour), or why not.
    ListLoaded(ListKind, Result<Arc<crate::fetch::Lookup>, String>),
    /// A saved query, read, with its name.
    Loaded(String, Result<QueryDraft, String>),
    /// The form was saved as a query, or written as a body file, at this path.
    Wrote(Result<PathBuf, String>),
    /// Another profile is in use (the runtime has taken its client).
    ProfileSwitched(Result<Switch, String>),
    /// A CSV file opened for the table view, its scan started; `.1` says whether closing the
    /// view ends the program.
    ViewOpened(Result<OpenedFile, String>, bool),
    /// Rows read for the table view.
    Page(Page),
    /// A sort or filter finished.
    JobDone(u64, Result<JobOutput, String>),
    /// Pivot number `.0` is made, or why not. Boxed: its cells are large beside the other
    /// messages.
    PivotDone(u64, Result<Box<Made>, String>),
    /// The totals view made from what the source says.
    TotalsMade(TotalsSource, Vec<TotalsRow>),
    /// The months the rows of job `.0` cover (`year * 12 + month - 1`), for choosing periods.
    MonthsFound(u64, Result<Vec<i64>, String>),
    /// Comparison number `.0` is made, or why not.
    CompareDone(u64, Result<Box<Comparison>, String>),
    /// What was saved, or why not.
    Exported(Result<crate::export::Written, String>),
    /// How far the fetch of two periods is.
    PeriodNews(String),
    /// The two periods' files fetched and joined, or why not.
    PeriodsFetched(Result<Box<FetchedPeriods>, String>),
    /// News of reports: the list of them, a view saved into one, a run's steps and its end.
    Report(ReportNews),
    /// SIGTERM, or the input closed.
    Shutdown,
}

/// News of reports.
#[derive(Debug)]
pub enum ReportNews {
    /// The reports there are, for the dialog that saves a view into one.
    Listed(Vec<String>),
    /// A view saved into a report, or why not.
    Saved(Result<crate::report::Added, String>),
    /// A step of a run, as the command line logs it.
    Step(String),
    /// A run ended: its files written and its lines fetched, or why not.
    Ran(Result<Box<Ran>, RunStop>),
}

/// A report run that wrote its files.
#[derive(Debug, Clone)]
pub struct Ran {
    pub name: String,
    pub as_of: chrono::NaiveDate,
    /// What the report is about (`2026-11`), and what its relative names came to.
    pub period: String,
    pub resolved: Vec<String>,
    pub files: Vec<PathBuf>,
    /// The lines fetched, which the table opens.
    pub lines: PathBuf,
    /// The report's first view, opened over them.
    pub first: crate::report::PlannedView,
}

/// Why a report run wrote nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum RunStop {
    /// Its files are there: replacing them is asked first (nothing was sent).
    Exists {
        name: String,
        as_of: chrono::NaiveDate,
        files: Vec<PathBuf>,
    },
    Failed(String),
}

impl Msg {
    /// The message for a terminal event; `None` for events that change nothing on screen
    /// (mouse movement, focus changes), so they cost no redraw.
    pub fn from_event(event: Event) -> Option<Msg> {
        match event {
            Event::Key(key) => Some(Msg::Key(key)),
            Event::Mouse(m)
                if matches!(m.kind, MouseEventKind::Moved | MouseEventKind::Drag(_)) =>
            {
                None
            }
            Event::Mouse(m) => Some(Msg::Mouse(m)),
            Event::Paste(text) => Some(Msg::Paste(text)),
            Event::Resize(w, h) => Some(Msg::Resize(w, h)),
            Event::FocusGained | Event::FocusLost => None,
        }
    }
}

/// A switch to another profile: its client and what the status line shows.
#[derive(Clone)]
pub struct Switch {
    pub client: Client,
    pub context: Context,
}

impl std::fmt::Debug for Switch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Switch")
            .field("context", &self.context)
            .finish_non_exhaustive()
    }
}

/// What a sort or filter found: the rows in view order, and for a filter their totals.
#[derive(Debug, Clone)]
pub struct JobOutput {
    pub rows: Vec<u32>,
    /// Boxed: every measure by every grouping is large beside the other messages.
    pub totals: Option<Arc<Totals>>,
}

/// A CSV file opened for the table view.
#[derive(Debug)]
pub struct OpenedFile {
    pub file: CsvFile,
    pub scan: ScanProgress,
    /// The columns chosen before for a file with this header, by name.
    pub columns: Option<Vec<String>>,
}

/// Work the screen asks the runtime to do; its outcome comes back as messages.
#[derive(Debug, Clone)]
pub enum Effect {
    /// Send the query, and record it in the history under `profile`.
    Submit {
        query: BillQuery,
        profile: Option<String>,
        /// The preset the dates came from, and the saved query the form was, for the history.
        preset: Option<Preset>,
        saved: Option<String>,
    },
    Fetch {
        id: u64,
        link: DownloadLink,
        path: PathBuf,
        overwrite: bool,
        /// The history entry to note the file against.
        entry: Option<String>,
        /// How many data rows are worth counting once it is saved.
        count: u64,
    },
    /// Fetch the query's range piece by piece and merge the pieces into `path`: the way past
    /// an answer cut at the limit.
    FetchSplit {
        id: u64,
        query: BillQuery,
        path: PathBuf,
        overwrite: bool,
        /// Keep the pieces an earlier try fetched.
        resume: bool,
        /// For the history.
        profile: Option<String>,
    },
    CancelFetch,
    Open(DownloadLink),
    Copy(String),
    /// Copy a view as tab-separated text; `what` names it for the news ("the pivot").
    CopyText {
        what: &'static str,
        text: String,
    },
    /// Copy the request as a curl script.
    CopyCurl(BillQuery),
    LoadPicker(PickerKind),
    /// The accounts or products for the dimension editor's suggestions; `refresh` asks m3ter
    /// again rather than use those kept from the last hour.
    LoadList {
        kind: ListKind,
        refresh: bool,
    },
    LoadSaved(String),
    SaveQuery(String, QueryDraft),
    WriteBody(PathBuf, BillQuery),
    SwitchProfile(String),
    /// Open a CSV file in the table view.
    OpenView(PathBuf),
    /// The table view closed: stop its scan and jobs.
    CloseView,
    ReadPage {
        file: CsvFile,
        scan: ScanProgress,
        order: Option<std::sync::Arc<Vec<u32>>>,
        first: u64,
        count: usize,
        version: u64,
    },
    RunSort {
        id: u64,
        file: CsvFile,
        column: usize,
        descending: bool,
    },
    RunFilter {
        id: u64,
        file: CsvFile,
        filters: Vec<Filter>,
        sort: Option<(usize, bool)>,
    },
    /// Make pivot number `id` of the rows of `file` that the spec's filters keep.
    RunPivot {
        id: u64,
        file: CsvFile,
        spec: Box<PivotSpec>,
    },
    /// Order the rows of a pivot anew and lay it out (pivot number `id`).
    ReorderPivot {
        id: u64,
        pivot: Arc<Pivot>,
        order: RowOrder,
        rows: String,
        decimals: u32,
    },
    /// Make the totals view by `grouping` of `measure` from `from` (what `source` says).
    MakeTotals {
        source: TotalsSource,
        from: TotalsFrom,
        measure: Measure,
        grouping: Grouping,
    },
    /// Stop the pivot or the comparison being made.
    CancelAnalysis,
    /// Find the months the dates in `date` of the rows the filters keep fall in.
    FindMonths {
        id: u64,
        file: CsvFile,
        date: DateColumn,
        filters: Vec<Filter>,
    },
    /// Save what is on screen.
    Export(Box<ExportJob>),
    /// Send the query for each period and fetch its file into `folder`, then join the two.
    FetchPeriods {
        queries: Vec<(Period, BillQuery)>,
        folder: PathBuf,
        profile: Option<String>,
    },
    /// Make comparison number `id`.
    RunCompare {
        id: u64,
        file: CsvFile,
        spec: Box<CompareSpec>,
    },
    /// Remember the columns shown (by name) for files with this header.
    RememberColumns {
        headers: Vec<String>,
        shown: Vec<String>,
    },
    CancelJob,
    /// List the reports, for the dialog that saves a view into one.
    ListReports,
    /// Add a view to a report (making it when there is none).
    SaveToReport(Box<super::dialogs::save_report::ToSave>),
    /// Run a report as of a day: fetch completely, answer every view, write every file (over
    /// those there when `force`), and open its first view.
    RunReport {
        name: String,
        as_of: chrono::NaiveDate,
        force: bool,
        /// Where its files go when the report names no folder.
        folder: PathBuf,
        profile: Option<String>,
        /// Whether it runs against the demo (said in the workbook).
        demo: bool,
    },
}

impl Effect {
    /// What the effect does, for the log: never its contents, which may be the person's data.
    pub fn label(&self) -> &'static str {
        match self {
            Effect::Submit { .. } => "submit the query",
            Effect::Fetch { .. } => "fetch the CSV",
            Effect::FetchSplit { .. } => "fetch the range piece by piece",
            Effect::CancelFetch => "cancel the fetch",
            Effect::Open(_) => "open the link in the browser",
            Effect::Copy(_) | Effect::CopyText { .. } => "copy to the clipboard",
            Effect::CopyCurl(_) => "copy the request as curl",
            Effect::LoadPicker(_) => "list saved queries or history",
            Effect::LoadList { .. } => "list accounts or products",
            Effect::LoadSaved(_) => "load a saved query",
            Effect::SaveQuery(..) => "save the query",
            Effect::WriteBody(..) => "write the body file",
            Effect::SwitchProfile(_) => "switch profile",
            Effect::OpenView(_) => "open the table view",
            Effect::CloseView => "close the table view",
            Effect::ReadPage { .. } => "read a page of rows",
            Effect::RunSort { .. } => "sort the rows",
            Effect::RunFilter { .. } => "filter the rows",
            Effect::CancelJob => "stop the sort or filter",
            Effect::RunPivot { .. } => "make the pivot",
            Effect::ReorderPivot { .. } => "sort the pivot",
            Effect::MakeTotals { .. } => "add up the totals",
            Effect::CancelAnalysis => "stop the pivot or comparison",
            Effect::FindMonths { .. } => "find the months of the rows",
            Effect::RunCompare { .. } => "compare two periods",
            Effect::FetchPeriods { .. } => "fetch two periods",
            Effect::Export(_) => "save what is on screen",
            Effect::RememberColumns { .. } => "remember the columns",
            Effect::ListReports => "list the reports",
            Effect::SaveToReport(_) => "save the view into a report",
            Effect::RunReport { .. } => "run a report",
        }
    }
}
