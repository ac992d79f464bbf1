//! The shape of the code, checked: no file under `src/` imports another that imports it back,
//! directly or around a circle, and each layer only knows the layers below it.
//!
//! A file "imports" another when it names an item the other defines: through `use` (re-exports
//! followed to where the item is defined, so a folder's `mod.rs` that only hands names on is no
//! stop) or through a path written in the code (`crate::a::b`, `super::x`, or a module brought in
//! by `use`). `mod x;` declarations and unit-test modules (`#[cfg(test)] mod tests`, `tests.rs`)
//! are not imports. The reading is textual: it knows rustfmt's layout (items start at column 0)
//! and nothing of macros or glob imports beyond `super::*` in tests, which are skipped.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// One file of the library: where it sits in the module tree and what it says.
struct Source {
    module: Vec<String>,
    /// Names of items defined at the top of the file.
    defines: BTreeSet<String>,
    /// Child modules declared with `mod x;` or `mod x { .. }`.
    children: BTreeSet<String>,
    /// Names this file brings in with `use`: name -> absolute or relative path.
    uses: Vec<(String, Vec<String>)>,
    /// Every path written in the file (in `use` and in the code), as segments.
    paths: Vec<Vec<String>>,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn module_of(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// The text without comments, string and char literals, and the unit-test module at the end.
fn code_of(text: &str) -> String {
    let test_module = ["mod tests {", "pub mod tests {", "pub(crate) mod tests {"]
        .iter()
        .filter_map(|m| text.find(&format!("#[cfg(test)]\n{m}")))
        .min();
    let text = match test_module {
        Some(at) => &text[..at],
        None => text,
    };
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let rest = &text[i..];
        if rest.starts_with("//") {
            let end = rest.find('\n').unwrap_or(rest.len());
            i += end;
        } else if rest.starts_with("/*") {
            let end = rest.find("*/").map_or(rest.len(), |e| e + 2);
            i += end;
        } else if rest.starts_with("r#\"") || rest.starts_with("r\"") {
            let hashes = rest[1..].chars().take_while(|c| *c == '#').count();
            let close = format!("\"{}", "#".repeat(hashes));
            let body = 2 + hashes;
            let end = rest[body..]
                .find(&close)
                .map_or(rest.len(), |e| body + e + close.len());
            out.push_str("\"\"");
            i += end;
        } else if bytes[i] == b'"' {
            let mut j = i + 1;
            while j < bytes.len() && bytes[j] != b'"' {
                j += if bytes[j] == b'\\' { 2 } else { 1 };
            }
            out.push_str("\"\"");
            i = j + 1;
        } else if bytes[i] == b'\'' && is_char_literal(&bytes[i..]) {
            let mut j = i + 1;
            if bytes.get(j) == Some(&b'\\') {
                j += 2;
            }
            while j < bytes.len() && bytes[j] != b'\'' {
                j += 1;
            }
            out.push_str("' '");
            i = j + 1;
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// `'a'`, `'\n'`, `'\u{..}'` but not a lifetime such as `'a` or `'static`.
fn is_char_literal(bytes: &[u8]) -> bool {
    match bytes.get(1) {
        Some(b'\\') => true,
        Some(_) => {
            let text = String::from_utf8_lossy(&bytes[1..bytes.len().min(6)]);
            let mut chars = text.chars();
            chars.next();
            chars.next() == Some('\'')
        }
        None => false,
    }
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `a::{b, c::d as e}` -> [(b, a::b), (e, a::c::d)]; `self` inside braces names the prefix.
fn expand_use(tree: &str, prefix: &[String], out: &mut Vec<(String, Vec<String>)>) {
    let tree = tree.trim();
    if tree.is_empty() {
        return;
    }
    if let Some(open) = tree.find('{') {
        let head: Vec<String> = tree[..open]
            .split("::")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        let mut base = prefix.to_vec();
        base.extend(head);
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let mut depth = 0;
        let mut start = 0;
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand_use(&inner[start..i], &base, out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        expand_use(&inner[start..], &base, out);
        return;
    }
    let (path, alias) = match tree.split_once(" as ") {
        Some((p, a)) => (p.trim(), Some(a.trim())),
        None => (tree, None),
    };
    let mut full = prefix.to_vec();
    full.extend(
        path.split("::")
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
    );
    if full.last().map(String::as_str) == Some("self") {
        full.pop();
    }
    let Some(last) = full.last().cloned() else {
        return;
    };
    if last == "*" {
        return;
    }
    let name = alias.map(String::from).unwrap_or(last);
    if name != "_" {
        out.push((name, full));
    }
}

fn read(root: &Path, file: &Path) -> Source {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let code = code_of(&text);
    let mut defines = BTreeSet::new();
    let mut children = BTreeSet::new();
    for line in code.lines().filter(|l| !l.starts_with(char::is_whitespace)) {
        let mut words = line
            .split(|c: char| !is_ident(c) && c != '!')
            .filter(|w| !w.is_empty())
            .skip_while(|w| {
                matches!(
                    *w,
                    "pub" | "crate" | "super" | "in" | "async" | "unsafe" | "const" | "extern"
                )
            });
        let (Some(kind), Some(name)) = (words.next(), words.next()) else {
            continue;
        };
        match kind {
            "mod" => {
                children.insert(name.to_string());
            }
            "fn" | "struct" | "enum" | "trait" | "type" | "static" | "union" | "macro_rules!" => {
                defines.insert(name.to_string());
            }
            _ => {}
        }
        // `pub const NAME` and `const NAME` lose their kind to the skip above.
        if let Some(rest) = line.trim_start_matches("pub ").strip_prefix("const ")
            && let Some(name) = rest.split(|c: char| !is_ident(c)).next()
        {
            defines.insert(name.to_string());
        }
    }
    // `use` statements, wherever they stand (also inside functions).
    let mut uses = Vec::new();
    let mut rest = code.as_str();
    let mut code_without_uses = String::new();
    while let Some(at) = find_use(rest) {
        code_without_uses.push_str(&rest[..at]);
        let after = &rest[at..];
        let start = after.find("use ").map_or(0, |u| u + 4);
        let end = after.find(';').unwrap_or(after.len());
        expand_use(&after[start..end], &[], &mut uses);
        rest = &after[(end + 1).min(after.len())..];
    }
    code_without_uses.push_str(rest);
    let mut paths: Vec<Vec<String>> = uses.iter().map(|(_, p)| p.clone()).collect();
    paths.extend(written_paths(&code_without_uses));
    let relative = file.strip_prefix(root).unwrap_or(file);
    Source {
        module: module_of(relative),
        defines,
        children,
        uses,
        paths,
    }
}

/// Where the next `use` statement starts: `use`, `pub use` or `pub(crate) use` opening a line.
fn find_use(code: &str) -> Option<usize> {
    let mut offset = 0;
    for line in code.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let bare = trimmed
            .strip_prefix("pub(crate) ")
            .or_else(|| trimmed.strip_prefix("pub(super) "))
            .or_else(|| trimmed.strip_prefix("pub "))
            .unwrap_or(trimmed);
        if bare.starts_with("use ") {
            return Some(offset + line.len() - trimmed.len());
        }
        offset += line.len();
    }
    None
}

/// Every `a::b::c` chain in the code.
fn written_paths(code: &str) -> Vec<Vec<String>> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let preceded = i > 0 && (is_ident(chars[i - 1]) || chars[i - 1] == ':');
        if is_ident(chars[i]) && !preceded {
            let mut segments = Vec::new();
            let mut j = i;
            loop {
                let start = j;
                while j < chars.len() && is_ident(chars[j]) {
                    j += 1;
                }
                segments.push(chars[start..j].iter().collect::<String>());
                if j + 2 < chars.len()
                    && chars[j] == ':'
                    && chars[j + 1] == ':'
                    && is_ident(chars[j + 2])
                {
                    j += 2;
                } else {
                    break;
                }
            }
            if segments.len() > 1 {
                out.push(segments);
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

struct Tree {
    sources: Vec<Source>,
    by_module: HashMap<Vec<String>, usize>,
}

impl Tree {
    /// The file that defines what `path`, written in file `from`, names.
    fn resolve(&self, from: usize, path: &[String], depth: usize) -> Option<usize> {
        if depth > 16 || path.is_empty() {
            return None;
        }
        let here = &self.sources[from];
        let mut module: Vec<String>;
        let mut rest: &[String] = path;
        match path[0].as_str() {
            "crate" => {
                module = Vec::new();
                rest = &path[1..];
            }
            "self" => {
                module = here.module.clone();
                rest = &path[1..];
            }
            "super" => {
                module = here.module.clone();
                while rest.first().map(String::as_str) == Some("super") {
                    module.pop();
                    rest = &rest[1..];
                }
            }
            first => {
                if here.children.contains(first) {
                    module = here.module.clone();
                } else if let Some((_, target)) = here.uses.iter().find(|(name, _)| name == first) {
                    if target.as_slice() == path {
                        return None;
                    }
                    let mut joined = target.clone();
                    joined.extend_from_slice(&path[1..]);
                    return self.resolve(from, &joined, depth + 1);
                } else {
                    return None;
                }
            }
        }
        let mut at = *self.by_module.get(&module)?;
        for (k, segment) in rest.iter().enumerate() {
            let mut child = module.clone();
            child.push(segment.clone());
            if let Some(&file) = self.by_module.get(&child) {
                module = child;
                at = file;
                continue;
            }
            let source = &self.sources[at];
            if source.defines.contains(segment) {
                return Some(at);
            }
            if let Some((_, target)) = source.uses.iter().find(|(name, _)| name == segment) {
                let mut joined = target.clone();
                joined.extend_from_slice(&rest[k + 1..]);
                return self.resolve(at, &joined, depth + 1);
            }
            return Some(at);
        }
        Some(at)
    }
}

fn load() -> (Tree, BTreeMap<(usize, usize), BTreeSet<String>>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    files.sort();
    // main.rs is another crate (the binary on top); tests.rs files are unit tests.
    files.retain(|f| !f.ends_with("main.rs") && f.file_name().is_some_and(|n| n != "tests.rs"));
    let sources: Vec<Source> = files.iter().map(|f| read(&root, f)).collect();
    let by_module = sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.module.clone(), i))
        .collect();
    let tree = Tree { sources, by_module };
    let mut edges: BTreeMap<(usize, usize), BTreeSet<String>> = BTreeMap::new();
    for from in 0..tree.sources.len() {
        for path in &tree.sources[from].paths {
            if let Some(to) = tree.resolve(from, path, 0)
                && to != from
            {
                edges.entry((from, to)).or_default().insert(path.join("::"));
            }
        }
    }
    (tree, edges)
}

fn name(tree: &Tree, i: usize) -> String {
    let module = &tree.sources[i].module;
    if module.is_empty() {
        "lib".to_string()
    } else {
        module.join("::")
    }
}

/// Strongly connected components of more than one file (Tarjan's algorithm).
fn circles(count: usize, edges: &BTreeMap<(usize, usize), BTreeSet<String>>) -> Vec<Vec<usize>> {
    struct Walk<'a> {
        next: Vec<Vec<usize>>,
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        counter: usize,
        found: &'a mut Vec<Vec<usize>>,
    }
    fn visit(w: &mut Walk, v: usize) {
        w.index[v] = Some(w.counter);
        w.low[v] = w.counter;
        w.counter += 1;
        w.stack.push(v);
        w.on_stack[v] = true;
        for k in 0..w.next[v].len() {
            let u = w.next[v][k];
            match w.index[u] {
                None => {
                    visit(w, u);
                    w.low[v] = w.low[v].min(w.low[u]);
                }
                Some(i) if w.on_stack[u] => w.low[v] = w.low[v].min(i),
                Some(_) => {}
            }
        }
        if Some(w.low[v]) == w.index[v] {
            let mut component = Vec::new();
            while let Some(u) = w.stack.pop() {
                w.on_stack[u] = false;
                component.push(u);
                if u == v {
                    break;
                }
            }
            if component.len() > 1 {
                w.found.push(component);
            }
        }
    }
    let mut next = vec![Vec::new(); count];
    for &(a, b) in edges.keys() {
        next[a].push(b);
    }
    let mut found = Vec::new();
    let mut walk = Walk {
        next,
        index: vec![None; count],
        low: vec![0; count],
        on_stack: vec![false; count],
        stack: Vec::new(),
        counter: 0,
        found: &mut found,
    };
    for v in 0..count {
        if walk.index[v].is_none() {
            visit(&mut walk, v);
        }
    }
    found
}

#[test]
fn no_file_imports_another_that_imports_it_back() {
    let (tree, edges) = load();
    let found = circles(tree.sources.len(), &edges);
    let mut report = String::new();
    for component in &found {
        let members: BTreeSet<usize> = component.iter().copied().collect();
        let names: Vec<String> = members.iter().map(|&i| name(&tree, i)).collect();
        report.push_str(&format!(
            "circle of {}: {}\n",
            members.len(),
            names.join(", ")
        ));
        for (&(a, b), via) in &edges {
            if members.contains(&a) && members.contains(&b) {
                let via: Vec<&str> = via.iter().map(String::as_str).collect();
                report.push_str(&format!(
                    "  {} -> {}: {}\n",
                    name(&tree, a),
                    name(&tree, b),
                    via.join(", ")
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "{} import circle(s) under src/:\n{report}",
        found.len()
    );
}

/// The layers of `../shared/design/architecture.md`, top first: a room (a top folder or file of
/// `src/`) may import only rooms on a lower line, never one on its own line or above.
const LAYERS: &[&[&str]] = &[
    &["cli"],
    &["tui"],
    &["fetch", "report"],
    &["export", "split", "browser"],
    &["explore", "config"],
    &["m3ter", "demo"],
    &["target", "logging"],
    &["printable"],
    &["query", "rows", "units", "throttle", "own_files"],
];

fn layer_of(room: &str) -> Option<usize> {
    LAYERS.iter().position(|line| line.contains(&room))
}

#[test]
fn each_layer_knows_only_the_layers_below() {
    let (tree, edges) = load();
    let mut wrong = Vec::new();
    for ((a, b), via) in &edges {
        let (Some(from), Some(to)) = (
            tree.sources[*a].module.first(),
            tree.sources[*b].module.first(),
        ) else {
            continue;
        };
        if from == to {
            continue;
        }
        let (Some(lf), Some(lt)) = (layer_of(from), layer_of(to)) else {
            wrong.push(format!("{from} or {to} is on no layer: add it to LAYERS"));
            continue;
        };
        let allowed = lt > lf;
        if !allowed {
            let via: Vec<&str> = via.iter().map(String::as_str).collect();
            wrong.push(format!(
                "{} -> {}: {}",
                name(&tree, *a),
                name(&tree, *b),
                via.join(", ")
            ));
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}
