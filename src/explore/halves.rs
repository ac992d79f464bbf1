//! One pass over a large file on two threads, each adding up its half.
//!
//! Where the second half starts is a guess: the line after the middle of the file. A new line
//! inside a quoted cell would make it a wrong one, so the first thread reads on until it is
//! past the guess, and only when it stops exactly there is the second half's work kept;
//! otherwise the first thread reads to the end alone. The answer is the same either way.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use csv::ByteRecord;

use super::file::CsvFile;
use super::job::JobError;

/// Files with less than this to read are read on one thread: a second costs more than it
/// saves.
const SPLIT_FROM: u64 = 32 * 1024 * 1024;

/// How often (in rows) a thread looks at the stop flags and says how far it is.
const EVERY: u64 = 16 * 1024;

/// Adds up every row of `file` into accumulators made by `make`: one per half on two threads
/// when the file is large and there are two cores, else one. `read_so_far` is told the bytes
/// read by both, now and then.
pub(super) fn in_halves<A: Send>(
    file: &CsvFile,
    cancel: &AtomicBool,
    read_so_far: &mut dyn FnMut(u64),
    make: impl Fn() -> A + Sync,
    add: impl Fn(&mut A, &ByteRecord) + Sync,
) -> Result<Vec<A>, JobError> {
    split_from(SPLIT_FROM, file, cancel, read_so_far, make, add)
}

/// [`in_halves`] for files with at least `least` bytes of rows.
fn split_from<A: Send>(
    least: u64,
    file: &CsvFile,
    cancel: &AtomicBool,
    read_so_far: &mut dyn FnMut(u64),
    make: impl Fn() -> A + Sync,
    add: impl Fn(&mut A, &ByteRecord) + Sync,
) -> Result<Vec<A>, JobError> {
    let start = file.data_start();
    let end = file.size();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let middle = start + end.saturating_sub(start) / 2;
    let guess = match (end.saturating_sub(start) >= least && cores >= 2)
        .then(|| file.line_start_after(middle))
    {
        Some(Ok(Some(guess))) if guess < end => guess,
        _ => {
            let mut all = make();
            read_from(file, start, None, cancel, read_so_far, &mut |r| {
                add(&mut all, r)
            })?;
            return Ok(vec![all]);
        }
    };
    let stop_second = AtomicBool::new(false);
    let second_read = AtomicU64::new(0);
    std::thread::scope(|scope| {
        let second = scope.spawn(|| {
            let mut acc = make();
            let mut report = |bytes: u64| second_read.store(bytes - guess, Ordering::Relaxed);
            read_from(
                file,
                guess,
                None,
                &StopEither(cancel, &stop_second),
                &mut report,
                &mut |r| add(&mut acc, r),
            )
            .map(|_| acc)
        });
        let mut first = make();
        let handed = read_from(
            file,
            start,
            Some(guess),
            cancel,
            &mut |bytes| read_so_far(bytes + second_read.load(Ordering::Relaxed)),
            &mut |r| add(&mut first, r),
        );
        let handed = match handed {
            Ok(handed) => handed,
            Err(e) => {
                stop_second.store(true, Ordering::Relaxed);
                let _ = second.join();
                return Err(e);
            }
        };
        if handed {
            let second = second
                .join()
                .map_err(|_| JobError::Read("a reading thread failed".into()))??;
            return Ok(vec![first, second]);
        }
        // The guess was inside a quoted cell: the first thread has read everything.
        stop_second.store(true, Ordering::Relaxed);
        let _ = second.join();
        Ok(vec![first])
    })
}

/// Something that says when to stop.
trait Stop: Sync {
    fn stopped(&self) -> bool;
}

impl Stop for AtomicBool {
    fn stopped(&self) -> bool {
        self.load(Ordering::Relaxed)
    }
}

/// Stops when either flag is set.
struct StopEither<'a>(&'a AtomicBool, &'a AtomicBool);

impl Stop for StopEither<'_> {
    fn stopped(&self) -> bool {
        self.0.stopped() || self.1.stopped()
    }
}

/// Reads rows from `offset`, handing each to `each`, until the end of the file, or until the
/// next row would start at `hand_over`. Whether it stopped exactly there (`false` when it read
/// to the end, having passed `hand_over` inside a row).
fn read_from(
    file: &CsvFile,
    offset: u64,
    hand_over: Option<u64>,
    stop: &dyn Stop,
    read_so_far: &mut dyn FnMut(u64),
    each: &mut dyn FnMut(&ByteRecord),
) -> Result<bool, JobError> {
    let read = |e: csv::Error| JobError::Read(e.to_string());
    let mut reader = file.reader_at(offset).map_err(read)?;
    let mut record = ByteRecord::new();
    let mut watching = hand_over;
    let mut rows = 0u64;
    loop {
        if let Some(at) = watching {
            let next = reader.position().byte();
            if next == at {
                return Ok(true);
            }
            if next > at {
                watching = None;
            }
        }
        if !reader.read_byte_record(&mut record).map_err(read)? {
            return Ok(false);
        }
        if rows.is_multiple_of(EVERY) {
            if stop.stopped() {
                return Err(JobError::Cancelled);
            }
            read_so_far(reader.position().byte());
        }
        each(&record);
        rows += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explore::file::written;

    /// The size from which the tests split a file: small, so they stay quick.
    const LEAST: u64 = 4096;

    /// Rows until the file is past the size worth two threads, with a quoted new line in every
    /// row when `quoted` (so the guess falls inside one, at times).
    fn big(quoted: bool) -> (tempfile::TempDir, CsvFile, u64) {
        let mut text = String::from("n,note\n");
        let mut n = 0u64;
        while (text.len() as u64) < LEAST * 4 {
            if quoted {
                text.push_str(&format!("{n},\"a\nb{}\"\n", "x".repeat(n as usize % 7)));
            } else {
                text.push_str(&format!("{n},{}\n", "x".repeat(n as usize % 7)));
            }
            n += 1;
        }
        let (dir, file) = written(&text);
        (dir, file, n)
    }

    /// Every row once: the count and the sum of the first cells.
    fn count(file: &CsvFile) -> (usize, u64, u64) {
        let parts = split_from(
            LEAST,
            file,
            &AtomicBool::new(false),
            &mut |_| {},
            || (0u64, 0u64),
            |acc, r| {
                acc.0 += 1;
                acc.1 += std::str::from_utf8(&r[0]).unwrap().parse::<u64>().unwrap();
            },
        )
        .unwrap();
        let (rows, sum) = parts.iter().fold((0, 0), |(a, b), (c, d)| (a + c, b + d));
        (parts.len(), rows, sum)
    }

    #[test]
    fn both_halves_add_up_to_every_row_once() {
        let (_d, file, n) = big(false);
        let (halves, rows, sum) = count(&file);
        if std::thread::available_parallelism().map_or(1, |c| c.get()) >= 2 {
            assert_eq!(halves, 2);
        }
        assert_eq!(rows, n);
        assert_eq!(sum, n * (n - 1) / 2);
    }

    #[test]
    fn a_guess_inside_a_quoted_cell_is_noticed_and_every_row_is_still_read_once() {
        let mut ways = std::collections::BTreeSet::new();
        for shift in 0..12 {
            // Each file moves the middle a little, so the guess lands both in a quoted cell and
            // on a real row; a row every 16K is checked for stopping, so rows here are few.
            let (_d, file, n) = {
                let (d, f, n) = big(true);
                let path = f.path().to_path_buf();
                let mut text = std::fs::read_to_string(&path).unwrap();
                text.push_str(&"9,y\n".repeat(shift));
                std::fs::write(&path, text).unwrap();
                (d, CsvFile::open(&path).unwrap(), n + shift as u64)
            };
            let (halves, rows, sum) = count(&file);
            ways.insert(halves);
            assert_eq!(rows, n, "shift {shift}");
            let extra = 9 * shift as u64;
            let base = n - shift as u64;
            assert_eq!(sum, base * (base - 1) / 2 + extra, "shift {shift}");
        }
        if std::thread::available_parallelism().map_or(1, |c| c.get()) >= 2 {
            assert_eq!(
                ways.into_iter().collect::<Vec<_>>(),
                [1, 2],
                "guesses both inside a quoted cell and on a row"
            );
        }
    }

    #[test]
    fn a_small_file_is_read_on_one_thread() {
        let (_d, file) = written("n\n1\n2\n");
        assert_eq!(count(&file), (1, 2, 3));
    }
}
