//! The screen's real event loop on ratatui's TestBackend, in a task, with a way to type into
//! it and a way to read it: the harness of the flow tests of the screen.

use std::io;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use m3ter_bills::browser::{LaunchError, Opener};
use m3ter_bills::demo::DemoServer;
use m3ter_bills::m3ter::{Client, DownloadLink};
use m3ter_bills::tui::{Clipboard, Context, Form, Library, Services, State, Theme};
use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, TestBackend, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Size};
use tokio::sync::{mpsc, watch};

use super::{client, sandbox};

/// A TestBackend the test can resize while the loop owns the terminal.
#[derive(Clone)]
pub struct SharedBackend(pub Arc<Mutex<TestBackend>>);

impl Backend for SharedBackend {
    type Error = io::Error;

    fn draw<'a, I: Iterator<Item = (u16, u16, &'a Cell)>>(&mut self, content: I) -> io::Result<()> {
        self.0
            .lock()
            .unwrap()
            .draw(content)
            .map_err(io::Error::other)
    }
    fn hide_cursor(&mut self) -> io::Result<()> {
        self.0
            .lock()
            .unwrap()
            .hide_cursor()
            .map_err(io::Error::other)
    }
    fn show_cursor(&mut self) -> io::Result<()> {
        self.0
            .lock()
            .unwrap()
            .show_cursor()
            .map_err(io::Error::other)
    }
    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.0
            .lock()
            .unwrap()
            .get_cursor_position()
            .map_err(io::Error::other)
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.0
            .lock()
            .unwrap()
            .set_cursor_position(position)
            .map_err(io::Error::other)
    }
    fn clear(&mut self) -> io::Result<()> {
        self.0.lock().unwrap().clear().map_err(io::Error::other)
    }
    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.0
            .lock()
            .unwrap()
            .clear_region(clear_type)
            .map_err(io::Error::other)
    }
    fn size(&self) -> io::Result<Size> {
        self.0.lock().unwrap().size().map_err(io::Error::other)
    }
    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.0
            .lock()
            .unwrap()
            .window_size()
            .map_err(io::Error::other)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[derive(Default, Clone)]
pub struct Recorder(pub Arc<Mutex<Vec<String>>>);

impl Opener for Recorder {
    fn open(&self, link: &DownloadLink) -> Result<(), LaunchError> {
        self.0.lock().unwrap().push(link.to_string());
        Ok(())
    }
}

impl Clipboard for Recorder {
    fn copy(&mut self, text: &str) -> Result<(), String> {
        self.0.lock().unwrap().push(text.to_string());
        Ok(())
    }
}

/// The screen running in a task, with a way to type and a way to read it.
pub struct Tui {
    pub input: mpsc::UnboundedSender<io::Result<Event>>,
    pub screen: watch::Receiver<String>,
    pub backend: Arc<Mutex<TestBackend>>,
    pub done: tokio::task::JoinHandle<io::Result<State>>,
    pub opened: Recorder,
    pub copied: Recorder,
}

pub fn text_of(buffer: &Buffer) -> String {
    let width = usize::from(buffer.area.width);
    buffer
        .content
        .chunks(width.max(1))
        .map(|row| {
            row.iter()
                .map(Cell::symbol)
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The screen's context for the demo `server`, relative paths in `folder`.
pub fn demo_context(server: &DemoServer, folder: &str) -> Context {
    Context {
        demo: true,
        org_id: server.config().org_id.clone(),
        base_url: server.base_url(),
        folder: folder.into(),
        ..Context::default()
    }
}

pub fn fixed_now() -> chrono::DateTime<chrono::Utc> {
    m3ter_bills::query::parse_date_time("2026-11-27T09:30:00Z").unwrap()
}

impl Tui {
    pub fn start(client: Result<Client, String>, context: Context, size: (u16, u16)) -> Tui {
        Tui::start_with(client, context, size, None)
    }

    pub fn start_with(
        client: Result<Client, String>,
        context: Context,
        size: (u16, u16),
        library: Option<Arc<Library>>,
    ) -> Tui {
        let state = State::new(
            Form::default(),
            fixed_now(),
            size,
            Theme { color: false },
            context,
        );
        Tui::start_state(state, client, library)
    }

    pub fn start_state(
        state: State,
        client: Result<Client, String>,
        library: Option<Arc<Library>>,
    ) -> Tui {
        let size = state.size;
        let backend = Arc::new(Mutex::new(TestBackend::new(size.0, size.1)));
        let (input, rx) = mpsc::unbounded_channel();
        let (screen_tx, screen) = watch::channel(String::new());
        let opened = Recorder::default();
        let copied = Recorder::default();
        let services = Services {
            client,
            opener: Arc::new(opened.clone()),
            clipboard: Box::new(copied.clone()),
            library,
            columns: None,
            pieces: sandbox().join("pieces"),
            lists: None,
        };
        let shared = SharedBackend(backend.clone());
        let done = tokio::spawn(async move {
            let mut terminal = Terminal::new(shared)?;
            let events = Box::pin(futures_util::stream::unfold(rx, |mut rx| async move {
                rx.recv().await.map(|e| (e, rx))
            }));
            m3ter_bills::tui::run(
                &mut terminal,
                state,
                events,
                services,
                std::future::pending(),
                |t| {
                    let _ = screen_tx.send(text_of(t.backend().0.lock().unwrap().buffer()));
                },
            )
            .await
        });
        Tui {
            input,
            screen,
            backend,
            done,
            opened,
            copied,
        }
    }

    pub fn against(server: &DemoServer, size: (u16, u16)) -> Tui {
        let context = demo_context(server, ".");
        Tui::start(Ok(client(server)), context, size)
    }

    pub fn key(&self, code: KeyCode) {
        self.input
            .send(Ok(Event::Key(KeyEvent::new(code, KeyModifiers::NONE))))
            .unwrap();
    }

    pub fn keys(&self, codes: &[KeyCode]) {
        codes.iter().for_each(|c| self.key(*c));
    }

    pub fn ctrl(&self, c: char) {
        self.input
            .send(Ok(Event::Key(KeyEvent::new(
                KeyCode::Char(c),
                KeyModifiers::CONTROL,
            ))))
            .unwrap();
    }

    pub fn type_text(&self, text: &str) {
        text.chars().for_each(|c| self.key(KeyCode::Char(c)));
    }

    pub fn resize(&self, w: u16, h: u16) {
        self.backend.lock().unwrap().resize(w, h);
        self.input.send(Ok(Event::Resize(w, h))).unwrap();
    }

    /// Waits until the screen shows `text`, and returns the screen. The wait is long (it is no
    /// timing): with every test binary running at once on two cores, a pass can take seconds.
    pub async fn wait_for(&mut self, text: &str) -> String {
        let wanted = text.to_string();
        let screen = match tokio::time::timeout(
            Duration::from_secs(20),
            self.screen.wait_for(|s| s.contains(&wanted)),
        )
        .await
        {
            Ok(Ok(screen)) => Some(screen.clone()),
            _ => None,
        };
        screen.unwrap_or_else(|| {
            panic!(
                "{text:?} never appeared; the screen was:\n{}",
                *self.screen.borrow()
            )
        })
    }

    /// Waits until the screen no longer shows `text`.
    pub async fn wait_until_gone(&mut self, text: &str) -> String {
        let gone = text.to_string();
        let screen = match tokio::time::timeout(
            Duration::from_secs(20),
            self.screen.wait_for(|s| !s.contains(&gone)),
        )
        .await
        {
            Ok(Ok(screen)) => Some(screen.clone()),
            _ => None,
        };
        screen.unwrap_or_else(|| {
            panic!(
                "{text:?} stayed; the screen was:\n{}",
                *self.screen.borrow()
            )
        })
    }

    /// Submits, waits for the link, and starts fetching it to `path`.
    pub async fn submit_and_fetch(&mut self, path: &Path) {
        self.ctrl('s');
        self.wait_for("Download link ready").await;
        self.key(KeyCode::Char('f'));
        self.wait_for("Save as:").await;
        self.ctrl('u');
        self.type_text(path.to_str().unwrap());
        self.key(KeyCode::Enter);
    }

    pub async fn quit(self) -> State {
        self.key(KeyCode::Char('q'));
        tokio::time::timeout(Duration::from_secs(5), self.done)
            .await
            .unwrap()
            .unwrap()
            .unwrap()
    }
}

/// The table view of `path`, as `m3ter-bills view` opens it.
pub fn view_of(path: &Path, size: (u16, u16)) -> Tui {
    view_with(path, size, Context::default(), Err("not used".into()))
}

/// The table view of `path`, with `client` (the demo's, say) for what the view asks of m3ter.
pub fn view_with(
    path: &Path,
    size: (u16, u16),
    context: Context,
    client: Result<Client, String>,
) -> Tui {
    let opened = m3ter_bills::tui::start_view(
        path,
        Arc::new(std::sync::atomic::AtomicBool::new(false)),
        None,
    )
    .unwrap();
    let mut state = State::new(
        Form::default(),
        fixed_now(),
        size,
        Theme { color: false },
        context,
    );
    state.table = Some(m3ter_bills::tui::TableState::new(
        opened.file,
        opened.scan,
        true,
        None,
    ));
    Tui::start_state(state, client, None)
}
