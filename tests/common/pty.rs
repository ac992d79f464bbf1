//! The real binary in a real pseudo-terminal, 80x24, for the tests that need one.

use std::io::{Read, Write};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const BIN: &str = env!("CARGO_BIN_EXE_m3ter-bills");

pub struct Session {
    /// Held so the terminal's settings can be read (and the output read to its end).
    master: Box<dyn portable_pty::MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    output: mpsc::Receiver<Vec<u8>>,
    pub seen: Vec<u8>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    /// Never read: the run's own config and history folder, when it has one, removed when
    /// the session ends.
    _home: Option<tempfile::TempDir>,
}

impl Session {
    pub fn start() -> Session {
        Session::with_args(&["--demo"])
    }

    pub fn with_args(args: &[&str]) -> Session {
        Session::with_config(args, None)
    }

    /// The binary with `config` (if any) as its config file, owner-only.
    pub fn with_config(args: &[&str], config: Option<&str>) -> Session {
        Session::with_env(args, config, &[])
    }

    pub fn with_env(args: &[&str], config: Option<&str>, env: &[(&str, &str)]) -> Session {
        // Config and history of its own, never the developer's.
        let home = tempfile::tempdir().unwrap();
        if let Some(text) = config {
            let path = home.path().join("config.toml");
            std::fs::write(&path, text).unwrap();
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
            }
        }
        let mut session = Session::in_home(args, home.path(), env);
        session._home = Some(home);
        session
    }

    /// The binary with `home/config.toml` as its config file and `home/data` as its data folder.
    pub fn in_home(args: &[&str], home: &std::path::Path, env: &[(&str, &str)]) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(BIN);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        for name in super::OUTSIDE_SETTINGS {
            cmd.env_remove(name);
        }
        for (name, value) in env {
            cmd.env(name, value);
        }
        cmd.env("M3TER_BILLS_CONFIG", home.join("config.toml"));
        cmd.env("M3TER_BILLS_DATA", home.join("data"));
        cmd.env("M3TER_BILLS_CACHE", home.join("cache"));
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let (tx, output) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Session {
            master: pty.master,
            writer,
            output,
            seen: Vec::new(),
            child,
            _home: None,
        }
    }

    pub fn wait_for(&mut self, text: &[u8]) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while !self.seen.windows(text.len()).any(|w| w == text) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(chunk) => self.seen.extend(chunk),
                Err(_) => panic!(
                    "{:?} never appeared; got:\n{}",
                    String::from_utf8_lossy(text),
                    String::from_utf8_lossy(&self.seen)
                ),
            }
        }
    }

    /// Waits until `text` is on the screen as it now stands: unlike the output, the screen has
    /// no gaps where a redraw skipped cells that did not change.
    pub fn wait_for_screen(&mut self, text: &str) -> String {
        self.wait_until(&format!("{text:?} to appear"), |screen| {
            screen.contains(text)
        })
    }

    /// Waits until `text` has left the screen (an overlay closed, say).
    pub fn wait_for_screen_without(&mut self, text: &str) {
        self.wait_until(&format!("{text:?} to go"), |screen| !screen.contains(text));
    }

    /// Reads output until the screen it leaves satisfies `done`, for at most 15 s.
    fn wait_until(&mut self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let screen = screen_of(&self.seen, 80, 24);
            if done(&screen) {
                return screen;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(chunk) => self.seen.extend(chunk),
                Err(_) => panic!("waited in vain for {what}; the screen:\n{screen}"),
            }
        }
    }

    /// Whether the terminal is in cooked mode: lines edited and echoed by the terminal, as a
    /// shell expects, rather than raw keys for a full-screen program.
    #[cfg(unix)]
    pub fn cooked(&self) -> bool {
        use nix::sys::termios::LocalFlags;
        let termios = self.master.get_termios().expect("the terminal's settings");
        termios
            .local_flags
            .contains(LocalFlags::ICANON | LocalFlags::ECHO)
    }

    /// Asserts the terminal is as it was before: the alternate screen left, mouse reporting off
    /// and, where there is such a thing, cooked mode.
    pub fn assert_restored(&self) {
        let seen = &self.seen;
        // The alternate screen was entered and then left, and mouse reporting switched off again.
        let entered = last(seen, b"\x1b[?1049h").expect("the alternate screen was never entered");
        let left = last(seen, b"\x1b[?1049l").expect("the alternate screen was never left");
        assert!(left > entered);
        let mouse_off = last(seen, b"\x1b[?1000l").expect("mouse capture was never switched off");
        assert!(mouse_off > entered);
        #[cfg(unix)]
        assert!(self.cooked(), "the terminal was left in raw mode");
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn exit_code(&mut self) -> u32 {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Collect whatever was written on the way out.
                while let Ok(chunk) = self.output.recv_timeout(Duration::from_millis(200)) {
                    self.seen.extend(chunk);
                }
                return status.exit_code();
            }
            assert!(Instant::now() < deadline, "the program did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The last of `needle` in `hay`, if any.
pub fn last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// The screen that `output` leaves on a `width` x `height` terminal, one line per row. Enough
/// of a terminal for what ratatui writes: cursor moves, clears and text; styles are dropped.
pub fn screen_of(output: &[u8], width: usize, height: usize) -> String {
    let mut grid = vec![vec![' '; width]; height];
    let (mut row, mut col) = (0usize, 0usize);
    let text = String::from_utf8_lossy(output);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\x1b' => match chars.next() {
                Some('[') => {
                    let mut params = String::new();
                    let mut last = ' ';
                    for c in chars.by_ref() {
                        if ('\x40'..='\x7e').contains(&c) {
                            last = c;
                            break;
                        }
                        params.push(c);
                    }
                    match last {
                        'H' => {
                            let mut at = params.split(';').map(|n| n.parse::<usize>().unwrap_or(1));
                            row = at.next().unwrap_or(1).saturating_sub(1).min(height - 1);
                            col = at.next().unwrap_or(1).saturating_sub(1);
                        }
                        'J' if params == "2" => grid = vec![vec![' '; width]; height],
                        _ => {}
                    }
                }
                Some(']') => {
                    while let Some(c) = chars.next() {
                        if c == '\x07' || (c == '\x1b' && chars.next_if_eq(&'\\').is_some()) {
                            break;
                        }
                    }
                }
                _ => {}
            },
            '\r' => col = 0,
            '\n' => row = (row + 1).min(height - 1),
            c if c.is_control() => {}
            c => {
                if col < width {
                    grid[row][col] = c;
                }
                col += 1;
            }
        }
    }
    grid.iter()
        .map(|r| r.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

impl Drop for Session {
    /// A test that fails half-way leaves no program running.
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
