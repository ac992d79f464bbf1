//! `m3ter-bills completions SHELL`: a completion script, generated from the same command line
//! definition the program parses with, so it can never list a flag that does not exist.

use clap::CommandFactory;
use clap_complete::Shell;

use super::args::{Cli, CompletionShell};
use super::exit::Failure;
use super::out::print;

pub fn run(shell: CompletionShell) -> Result<(), Failure> {
    let shell = match shell {
        CompletionShell::Bash => Shell::Bash,
        CompletionShell::Zsh => Shell::Zsh,
        CompletionShell::Fish => Shell::Fish,
    };
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "m3ter-bills", &mut script);
    // The generators write only what clap's definitions hold, which is ASCII text.
    print(&String::from_utf8_lossy(&script))
}
