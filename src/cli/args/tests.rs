use super::*;
use clap::CommandFactory;

#[test]
fn the_command_line_is_well_formed() {
    Cli::command().debug_assert();
}

#[test]
fn connection_flags_after_the_command_win_over_those_before() {
    let cli = Cli::try_parse_from([
        "m3ter-bills",
        "--profile",
        "a",
        "--retries",
        "5",
        "query",
        "--profile",
        "b",
        "--demo",
    ])
    .unwrap();
    let Some(Command::Query(args)) = cli.command else {
        panic!("query expected")
    };
    let merged = args.connection.over(&cli.connection);
    assert_eq!(merged.profile.as_deref(), Some("b"));
    assert_eq!(merged.retries, Some(5));
    assert!(args.flags.demo && !cli.demo);
}
