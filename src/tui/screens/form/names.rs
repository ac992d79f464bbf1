//! Names where codes belong, resolved before the form is sent, as on the command line: a value
//! of an account filter that is exactly one account's name is put in as its code (a product's
//! code as its name), on screen and said; one that several share stops the submit with a
//! choice between them (the one chosen goes in, and the form is sent); one that is nobody's
//! goes as typed, with the closest names said.
//! Only with a list at hand: without one, values go as typed.

use super::listing::{Listing, list_for};
use crate::fetch::{Named, resolve};
use crate::printable::printable;
use crate::tui::dialogs::{PickItem, Picker};
use crate::tui::state::State;

/// The form's values resolved against the lists the builder has; what was done, a sentence
/// each, or the choice to make before the form is sent.
pub fn resolve_names(state: &mut State) -> Result<Vec<String>, Box<Picker>> {
    let mut said = Vec::new();
    let lists = &state.builder.lists;
    for (d, dimension) in state.form.dimensions.iter_mut().enumerate() {
        let Some(kind) = list_for(&dimension.name) else {
            continue;
        };
        let Listing::Ready(lookup) = lists.get(kind) else {
            continue;
        };
        let what = match kind {
            crate::m3ter::ListKind::Accounts => "account",
            crate::m3ter::ListKind::Products => "product",
        };
        for (v, value) in dimension.filter.iter_mut().enumerate() {
            match resolve(value, kind, &lookup.entries) {
                Named::Kept => {}
                Named::Replaced { to } => {
                    said.push(format!(
                        "{what} {:?} is sent as {:?}.",
                        printable(value),
                        printable(&to)
                    ));
                    *value = to;
                }
                Named::Ambiguous(choices) => {
                    let question = format!(
                        "{:?} is the name of {} {what}s; the filter takes one {}. Enter sends \
                         the query with the one highlighted; Esc leaves the form as it is.",
                        printable(value),
                        choices.len(),
                        if kind == crate::m3ter::ListKind::Accounts {
                            "code"
                        } else {
                            "name"
                        }
                    );
                    let items = choices
                        .into_iter()
                        .map(|(value, name)| {
                            let label = format!("{} · {}", printable(&value), printable(&name));
                            PickItem::new(&value, label, String::new())
                        })
                        .collect();
                    return Err(Box::new(Picker::named(d, v, question, items)));
                }
                Named::Unknown(near) if !near.is_empty() => said.push(format!(
                    "No {what} is called {:?} (it matches nothing); the closest: {}.",
                    printable(value),
                    listed(&near)
                )),
                Named::Unknown(_) => said.push(format!(
                    "No {what} is called {:?}: it matches nothing.",
                    printable(value)
                )),
            }
        }
    }
    Ok(said)
}

/// `cyberdyne (Cyberdyne Systems), ...`.
fn listed(choices: &[(String, String)]) -> String {
    choices
        .iter()
        .map(|(value, name)| format!("{} ({})", printable(value), printable(name)))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::fetch::Lookup;
    use crate::m3ter::{ListKind, Listed};
    use crate::query::Dimension;
    use crate::tui::Effect;
    use crate::tui::dialogs::Dialog;
    use crate::tui::tests::{ctrl, press, state};
    use crossterm::event::KeyCode;

    fn with_accounts(s: &mut State, names: &[(&str, &str)]) {
        let entries = names
            .iter()
            .map(|(code, name)| Listed {
                id: (*code).into(),
                code: (*code).into(),
                name: (*name).into(),
                parent_account_id: None,
                currency: None,
            })
            .collect();
        s.builder.lists.accounts = Listing::Ready(Arc::new(Lookup {
            kind: ListKind::Accounts,
            entries,
            fetched: chrono::Utc::now(),
            cached: false,
        }));
    }

    fn filter(s: &mut State, values: &[&str]) {
        s.form.dimensions = vec![Dimension {
            name: "account".into(),
            filter: values.iter().map(|v| (*v).to_string()).collect(),
            attributes: vec![],
        }];
    }

    #[test]
    fn a_name_is_sent_as_its_code_and_a_shared_name_is_chosen_first() {
        let mut s = state();
        with_accounts(
            &mut s,
            &[
                ("cyberdyne", "Cyberdyne Systems"),
                ("t1", "Twin"),
                ("t2", "Twin"),
            ],
        );
        filter(&mut s, &["Cyberdyne Systems"]);
        let effects = ctrl(&mut s, 's');
        match effects.as_slice() {
            [Effect::Submit { query, .. }] => {
                assert_eq!(query.dimensions()[0].filter, ["cyberdyne"])
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(s.form.dimensions[0].filter, ["cyberdyne"], "on screen too");
        assert!(s.notice.unwrap().text.contains("is sent as \"cyberdyne\""));

        let mut s = state();
        with_accounts(&mut s, &[("t1", "Twin"), ("t2", "Twin")]);
        filter(&mut s, &["twin"]);
        assert!(ctrl(&mut s, 's').is_empty(), "not sent before a choice");
        match &s.dialog {
            Some(Dialog::Picker(p)) => {
                let labels: Vec<_> = p.visible().iter().map(|i| i.label.clone()).collect();
                assert_eq!(labels, ["t1 · Twin", "t2 · Twin"]);
                assert!(
                    p.question
                        .as_ref()
                        .unwrap()
                        .contains("\"twin\" is the name of 2")
                );
            }
            other => panic!("{other:?}"),
        }
        // The second is chosen: it goes in and the form is sent.
        press(&mut s, KeyCode::Down);
        match press(&mut s, KeyCode::Enter).as_slice() {
            [Effect::Submit { query, .. }] => assert_eq!(query.dimensions()[0].filter, ["t2"]),
            other => panic!("{other:?}"),
        }
        assert_eq!(s.form.dimensions[0].filter, ["t2"]);

        // Esc leaves the form as it was, unsent.
        let mut s = state();
        with_accounts(&mut s, &[("t1", "Twin"), ("t2", "Twin")]);
        filter(&mut s, &["twin"]);
        ctrl(&mut s, 's');
        assert!(press(&mut s, KeyCode::Esc).is_empty());
        assert!(s.dialog.is_none());
        assert_eq!(s.form.dimensions[0].filter, ["twin"]);
    }
}
