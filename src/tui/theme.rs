//! Colours, or none at all when `NO_COLOR` is set (<https://no-color.org>).

use ratatui::style::{Color, Modifier, Style};

/// The styles the screen is drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set to anything non-empty.
    pub fn from_env() -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    fn fg(&self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    pub fn plain(&self) -> Style {
        Style::new()
    }

    pub fn muted(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    pub fn accent(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn error(&self) -> Style {
        self.fg(Color::Red)
    }

    pub fn ok(&self) -> Style {
        self.fg(Color::Green)
    }

    pub fn key(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn json_key(&self) -> Style {
        self.fg(Color::Cyan)
    }

    pub fn json_string(&self) -> Style {
        self.fg(Color::Green)
    }

    pub fn json_number(&self) -> Style {
        self.fg(Color::Magenta)
    }

    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn border(&self, focused: bool, troubled: bool) -> Style {
        match (focused, troubled) {
            (_, true) => self.error().add_modifier(if focused {
                Modifier::BOLD
            } else {
                Modifier::empty()
            }),
            (true, false) => self.accent(),
            (false, false) => self.muted(),
        }
    }

    pub fn demo(&self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_means_no_colours_but_keeps_emphasis() {
        let plain = Theme { color: false };
        for style in [
            plain.error(),
            plain.ok(),
            plain.accent(),
            plain.key(),
            plain.json_key(),
            plain.demo(),
            plain.muted(),
        ] {
            assert_eq!(style.fg, None);
            assert_eq!(style.bg, None);
        }
        assert!(plain.demo().add_modifier.contains(Modifier::REVERSED));
        assert_eq!(Theme { color: true }.error().fg, Some(Color::Red));
    }
}
