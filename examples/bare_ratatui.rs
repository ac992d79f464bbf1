//! The floor for the first-frame benchmark: the least a ratatui 0.30 program does to show a
//! screen (raw mode, alternate screen, one frame), then waits for q. Built by `scripts/bench`.

use std::io;

use crossterm::event::{Event, KeyCode, read};
use ratatui::widgets::{Block, Borders, Paragraph};

fn main() -> io::Result<()> {
    let mut terminal = ratatui::init();
    let drawn = terminal.draw(|frame| {
        frame.render_widget(
            Paragraph::new("ready").block(Block::default().borders(Borders::ALL)),
            frame.area(),
        );
    });
    let waited = drawn.and_then(|_| {
        loop {
            if let Event::Key(key) = read()?
                && key.code == KeyCode::Char('q')
            {
                break Ok(());
            }
        }
    });
    ratatui::restore();
    waited
}
