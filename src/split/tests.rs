//! The order of a split fetch against a stand-in for m3ter whose lines fall on days, so that
//! cutting a range does narrow its answer (the demo's monthly bills cannot show that).

use std::collections::BTreeSet;
use std::path::Path;

use chrono::{Duration, NaiveDate, Utc};

use super::*;
use crate::m3ter::{ApiError, SubmitEvent};
use crate::query::{BillQuery, DateInput, QueryDraft, SplitMode, parse_date_time, validate};

/// Lines dated by day, answered the way Data Explorer answers: those of the range, at most
/// `limit` of them. Counts its requests, and fails the `fail_at`th.
struct Days {
    lines: Vec<(String, NaiveDate)>,
    requests: u32,
    fail_at: Option<u32>,
    /// Every range answers with the first lines of all, whatever it is (a server that does
    /// not narrow by date).
    ignores_dates: bool,
}

impl Days {
    /// `per_day[i]` lines on the i-th day from 2026-07-01.
    fn new(per_day: &[usize]) -> Days {
        let first = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
        let mut lines = Vec::new();
        for (day, n) in per_day.iter().enumerate() {
            for k in 0..*n {
                let date = first + Duration::days(day as i64);
                lines.push((format!("{date}-{k}"), date));
            }
        }
        Days {
            lines,
            requests: 0,
            fail_at: None,
            ignores_dates: false,
        }
    }

    fn ids(&self) -> BTreeSet<String> {
        self.lines.iter().map(|(id, _)| id.clone()).collect()
    }
}

impl PieceSource for Days {
    async fn fetch(
        &mut self,
        query: &BillQuery,
        path: &Path,
        _news: &mut (dyn FnMut(SubmitEvent) + Send),
    ) -> Result<(), PieceError> {
        self.requests += 1;
        if self.fail_at == Some(self.requests) {
            return Err(PieceError::Api(ApiError::Server {
                status: 500,
                message: "Internal server error.".into(),
            }));
        }
        let range = query.range();
        let limit = query.limit().map_or(usize::MAX, |l| usize::from(l.get()));
        let mut text = String::from("billLineItemId,servicePeriodStartDate,subtotal\n");
        // Newest first, as a server may well answer: the merge puts them in time order.
        for (id, date) in self
            .lines
            .iter()
            .rev()
            .filter(|(_, d)| {
                let t = d.and_hms_opt(0, 0, 0).unwrap().and_utc();
                self.ignores_dates || (range.start() <= t && t < range.end())
            })
            .take(limit)
        {
            text.push_str(&format!("{id},{date},1.00\n"));
        }
        std::fs::write(path, text).map_err(PieceError::Read)
    }
}

fn july(limit: &str) -> BillQuery {
    let draft = QueryDraft {
        dates: DateInput::Typed {
            start: Some("2026-07-01".into()),
            end: Some("2026-09-01".into()),
        },
        line_item_types: vec!["USAGE".into()],
        limit: Some(limit.into()),
        ..QueryDraft::default()
    };
    validate(&draft, Utc::now()).unwrap()
}

/// Runs a split fetch into a fresh store under `root`, and merges what it fetched.
async fn run(
    source: &mut Days,
    plan: &Plan,
    root: &Path,
    resume: bool,
) -> Result<(Pieces, Vec<String>, Merged, Vec<News>), SplitError> {
    let (mut store, _) = PieceStore::open(root, "q", resume, Utc::now()).unwrap();
    let mut news = Vec::new();
    let pieces = fetch_pieces(source, plan, &mut store, &mut |n| news.push(n)).await?;
    let mut out = Vec::new();
    let merged = merge(&pieces.files, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let ids = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect();
    Ok((pieces, ids, merged, news))
}

fn set(ids: &[String]) -> BTreeSet<String> {
    ids.iter().cloned().collect()
}

#[tokio::test]
async fn auto_cuts_a_cut_month_down_to_where_it_fits() {
    // 62 days; a busy week in July of 30 lines a day, two a day otherwise.
    let mut per_day = vec![2; 62];
    per_day[10..17].fill(30);
    let mut days = Days::new(&per_day);
    let root = tempfile::tempdir().unwrap();
    let plan = Plan::new(&july("50"), SplitMode::Auto);
    let (pieces, ids, merged, news) = run(&mut days, &plan, root.path(), false).await.unwrap();

    assert_eq!(set(&ids), days.ids(), "every line, none twice");
    assert_eq!(ids.len(), days.lines.len());
    assert_eq!(merged.duplicates, 0);
    assert!(pieces.still_cut.is_empty());
    assert_eq!(pieces.requests, days.requests);
    // In time order.
    let mut sorted = ids.clone();
    sorted.sort_by_key(|id| id[..10].to_string());
    assert_eq!(ids, sorted);
    // The whole range was cut, then July, and so on down; August fits at once.
    let cuts: Vec<String> = news
        .iter()
        .filter_map(|n| match n {
            News::Cut { range, .. } => Some(crate::query::piece_label(*range)),
            _ => None,
        })
        .collect();
    assert_eq!(cuts[0], "2026-07 to 2026-08");
    assert_eq!(cuts[1], "2026-07");
    assert!(cuts.len() >= 4, "{cuts:?}");
    assert!(cuts.iter().all(|c| !c.starts_with("2026-08-1")), "{cuts:?}");
    // Progress counts up, and never says more are done than known.
    let mut last = 0;
    for n in &news {
        if let News::Piece { index, of, .. } = n {
            assert!(*index > last && index <= of);
            last = *index;
        }
    }
}

#[tokio::test]
async fn a_day_still_cut_is_said_not_hidden() {
    let mut per_day = vec![1; 62];
    per_day[3] = 80;
    let mut days = Days::new(&per_day);
    let root = tempfile::tempdir().unwrap();
    let plan = Plan::new(&july("50"), SplitMode::Auto);
    let (pieces, ids, _, _) = run(&mut days, &plan, root.path(), false).await.unwrap();
    let cut: Vec<String> = pieces
        .still_cut
        .iter()
        .map(|r| crate::query::piece_label(*r))
        .collect();
    assert_eq!(cut, ["2026-07-04"]);
    assert_eq!(ids.len(), days.lines.len() - 30);
}

#[tokio::test]
async fn a_server_that_ignores_the_dates_is_not_asked_day_by_day() {
    let mut days = Days::new(&[3; 62]);
    days.ignores_dates = true;
    let root = tempfile::tempdir().unwrap();
    let plan = Plan::new(&july("50"), SplitMode::Auto);
    let (pieces, ids, _, _) = run(&mut days, &plan, root.path(), false).await.unwrap();
    // The whole, and its halves, which came back the same: no more.
    assert_eq!(days.requests, 3);
    assert_eq!(pieces.still_cut.len(), 1);
    assert_eq!(ids.len(), 50);
}

#[tokio::test]
async fn by_month_asks_once_a_month_and_says_what_is_cut() {
    let mut days = Days::new(&[1; 62]);
    let root = tempfile::tempdir().unwrap();
    let plan = Plan::new(&july("31"), SplitMode::Month);
    let (pieces, ids, _, _) = run(&mut days, &plan, root.path(), false).await.unwrap();
    assert_eq!(days.requests, 2);
    assert_eq!(set(&ids), days.ids());
    // July and August both hold 31 lines, exactly the limit: cut, as far as anyone can tell.
    assert_eq!(pieces.still_cut.len(), 2);
}

#[tokio::test]
async fn a_failed_piece_keeps_the_others_and_a_resume_asks_only_for_the_rest() {
    let per_day = vec![3; 62];
    let root = tempfile::tempdir().unwrap();
    let plan = Plan::new(&july("40"), SplitMode::Auto);

    let mut whole = Days::new(&per_day);
    run(&mut whole, &plan, root.path(), false).await.unwrap();
    let all_requests = whole.requests;
    assert!(all_requests > 8, "{all_requests}");

    let mut failing = Days::new(&per_day);
    failing.fail_at = Some(8);
    let error = run(&mut failing, &plan, root.path(), false)
        .await
        .unwrap_err();
    assert_eq!(error.kept(), 7);
    assert!(error.to_string().contains("server error (500)"), "{error}");

    let mut again = Days::new(&per_day);
    let (pieces, ids, _, _) = run(&mut again, &plan, root.path(), true).await.unwrap();
    assert_eq!(again.requests, all_requests - 7);
    // Of the seven, those that go into the file as they are (not the cut ones, replaced by
    // their halves).
    assert!((1..7).contains(&pieces.reused), "{}", pieces.reused);
    assert_eq!(set(&ids), again.ids());
    assert_eq!(ids.len(), again.lines.len());

    // Without resume, everything is asked for again.
    let mut fresh = Days::new(&per_day);
    run(&mut fresh, &plan, root.path(), false).await.unwrap();
    assert_eq!(fresh.requests, all_requests);
}

#[test]
fn after_a_cut_the_screen_starts_from_the_months() {
    let plan = Plan::after_cut(&july("50"));
    assert_eq!(plan.first.len(), 2);
    assert!(plan.deeper);
    let one = QueryDraft {
        dates: DateInput::Typed {
            start: Some("2026-07-01".into()),
            end: Some("2026-08-01".into()),
        },
        line_item_types: vec!["USAGE".into()],
        ..QueryDraft::default()
    };
    let plan = Plan::after_cut(&validate(&one, Utc::now()).unwrap());
    assert_eq!(plan.first.len(), 2, "a month alone is halved");
    assert_eq!(
        plan.first[1].start(),
        parse_date_time("2026-07-16").unwrap()
    );
    assert_eq!(plan.query.limit().map(|l| l.get()), Some(2000));
}
