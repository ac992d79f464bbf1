//! Running a program in a pseudo-terminal and reading what it does, for the benchmarks.
#![allow(dead_code)] // each benchmark uses its own subset of these helpers

use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// A program running in a pseudo-terminal.
pub struct Run {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    _master: Box<dyn MasterPty + Send>,
    /// Everything it has written since the last `clear`.
    pub seen: Vec<u8>,
    pub started: Instant,
}

impl Run {
    pub fn spawn(
        bin: &Path,
        args: &[&str],
        env: &[(&str, String)],
        cwd: Option<&Path>,
    ) -> Option<Run> {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 40,
                cols: 120,
                pixel_width: 0,
                pixel_height: 0,
            })
            .ok()?;
        let mut cmd = CommandBuilder::new(bin);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        for (name, value) in env {
            cmd.env(name, value);
        }
        if let Some(dir) = cwd {
            cmd.cwd(dir);
        }
        let started = Instant::now();
        let child = pty.slave.spawn_command(cmd).ok()?;
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().ok()?;
        let writer = pty.master.take_writer().ok()?;
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Some(Run {
            child,
            writer,
            output,
            _master: pty.master,
            seen: Vec::new(),
            started,
        })
    }

    /// Milliseconds from the start until `marker` is on screen, if it comes within `limit`.
    pub fn wait_for(&mut self, marker: &[u8], limit: Duration) -> Option<f64> {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if self.seen.windows(marker.len()).any(|w| w == marker) {
                return Some(self.started.elapsed().as_secs_f64() * 1000.0);
            }
            if let Ok(chunk) = self.output.recv_timeout(Duration::from_millis(5)) {
                self.take(chunk);
            }
        }
        None
    }

    /// Keeps what the program wrote and answers what a terminal would: some programs (ATAC)
    /// ask where the cursor is before they draw, and wait for the answer.
    fn take(&mut self, chunk: Vec<u8>) {
        let asks = b"\x1b[6n";
        if chunk.windows(asks.len()).any(|w| w == asks) {
            self.send(b"\x1b[1;1R");
        }
        self.seen.extend(chunk);
    }

    /// Reads for `time` and says how many bytes came.
    pub fn drain(&mut self, time: Duration) -> usize {
        let deadline = Instant::now() + time;
        let mut bytes = 0;
        while Instant::now() < deadline {
            if let Ok(chunk) = self.output.recv_timeout(Duration::from_millis(50)) {
                bytes += chunk.len();
                self.take(chunk);
            }
        }
        bytes
    }

    pub fn clear(&mut self) {
        while let Ok(chunk) = self.output.try_recv() {
            drop(chunk);
        }
        self.seen.clear();
    }

    pub fn send(&mut self, bytes: &[u8]) {
        let _ = self.writer.write_all(bytes);
        let _ = self.writer.flush();
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }

    pub fn stop(mut self) {
        self.send(b"q");
        std::thread::sleep(Duration::from_millis(200));
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A field of /proc/PID/status in MB (VmRSS, VmHWM).
pub fn memory_mb(pid: u32, field: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .unwrap_or(0.0)
        / 1024.0
}

/// CPU time used by the process so far, in clock ticks (user + system).
pub fn cpu_ticks(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            let after = s.rsplit_once(')')?.1;
            let fields: Vec<&str> = after.split_whitespace().collect();
            Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
        })
        .unwrap_or(0)
}

/// Context switches of all the process's threads so far (wake-ups).
pub fn context_switches(pid: u32) -> u64 {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return 0;
    };
    tasks
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("status")).ok())
        .flat_map(|s| {
            s.lines()
                .filter(|l| l.contains("ctxt_switches"))
                .filter_map(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
                .collect::<Vec<_>>()
        })
        .sum()
}

/// The median, min and max of `values`.
pub fn spread(values: &mut [f64]) -> (f64, f64, f64) {
    values.sort_by(f64::total_cmp);
    (
        values[values.len() / 2],
        values[0],
        values[values.len() - 1],
    )
}

/// Where `name` is installed: on the PATH, or in cargo's bin folder (where `cargo install` puts
/// it, whether or not that is on the PATH).
pub fn which(name: &str) -> Option<std::path::PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths)
        .chain(dirs::home_dir().map(|h| h.join(".cargo/bin")))
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}
