//! Refusing recursive templates before anything is rendered (issue 11).
//!
//! Tera 1 follows `include`, `extends`, `import` and macro calls with no depth limit, so a cycle
//! among them overflows the stack and aborts the process: a build exits 134 with no location,
//! and `docsite serve` dies. Every cycle is therefore refused when the templates are compiled,
//! even one a condition would stop: Tera gives no way to bound it at run time.
//!
//! The graph comes from Tera's parsed AST; the AST has no positions, so the line of the tag that
//! closes a cycle is found in the template's text.

use std::collections::{BTreeMap, BTreeSet};

use tera::ast::{Expr, ExprVal, Node};

use super::theme::TemplateSource;
use crate::diagnostic::{Diagnostic, Location};
use docsite_check::site_rules as rules;

/// Something a template renders: a whole template, or one macro of a template.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Vertex {
    Template(String),
    Macro { template: String, name: String },
}

impl Vertex {
    fn template(&self) -> &str {
        match self {
            Vertex::Template(template) | Vertex::Macro { template, .. } => template,
        }
    }

    fn macro_name(&self) -> Option<&str> {
        match self {
            Vertex::Template(_) => None,
            Vertex::Macro { name, .. } => Some(name),
        }
    }
}

impl std::fmt::Display for Vertex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Vertex::Template(template) => f.write_str(template),
            Vertex::Macro { template, name } => write!(f, "{template}::{name}"),
        }
    }
}

/// How one vertex reaches the next, as written in the template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Include(String),
    Extends(String),
    Import(String),
    Call { namespace: String, name: String },
}

type Graph = BTreeMap<Vertex, Vec<(Step, Vertex)>>;

/// A diagnostic for every cycle among `templates`; none when one of them does not parse (Tera
/// reports that itself, with its position).
pub fn check(templates: &BTreeMap<String, TemplateSource>) -> Vec<Diagnostic> {
    let mut parsed = BTreeMap::new();
    for (name, source) in templates {
        match tera::Template::new(name, None, &source.text) {
            Ok(template) => parsed.insert(name.as_str(), template),
            Err(_) => return Vec::new(),
        };
    }
    let (renders, imports) = graphs(&parsed);
    cycles(&renders)
        .into_iter()
        .chain(cycles(&imports))
        .map(|(chain, step)| diagnostic(&chain, &step, templates))
        .collect()
}

/// What rendering follows (includes, parents, macro calls) and what loading macros follows
/// (imports): Tera walks the two at different times, so a cycle must lie within one of them.
fn graphs(parsed: &BTreeMap<&str, tera::Template>) -> (Graph, Graph) {
    // Tera looks a namespace up in whichever template is active when the call runs (the block's,
    // the root's or the macro's own), so a call may reach any template bound to its namespace.
    let mut namespaces: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (name, template) in parsed {
        if !template.macros.is_empty() {
            namespaces.entry("self").or_default().insert(name);
        }
        for (file, namespace) in &template.imported_macro_files {
            if let Some((file, _)) = parsed.get_key_value(file.as_str()) {
                namespaces.entry(namespace).or_default().insert(file);
            }
        }
    }
    let mut renders = Graph::new();
    let mut imports = Graph::new();
    for (name, template) in parsed {
        let mut owners = vec![(Vertex::Template(name.to_string()), top_level(&template.ast))];
        for (macro_name, definition) in &template.macros {
            let vertex = Vertex::Macro {
                template: name.to_string(),
                name: macro_name.clone(),
            };
            owners.push((vertex, definition.body.iter().collect()));
        }
        for (owner, nodes) in owners {
            let mut steps = Vec::new();
            for node in nodes {
                node_steps(node, &mut steps);
            }
            for step in steps {
                let targets: Vec<Vertex> = match &step {
                    Step::Include(file) | Step::Extends(file) | Step::Import(file) => parsed
                        .contains_key(file.as_str())
                        .then(|| Vertex::Template(file.clone()))
                        .into_iter()
                        .collect(),
                    Step::Call { namespace, name } => namespaces
                        .get(namespace.as_str())
                        .into_iter()
                        .flatten()
                        .filter(|file| parsed[*file].macros.contains_key(name))
                        .map(|file| Vertex::Macro {
                            template: file.to_string(),
                            name: name.clone(),
                        })
                        .collect(),
                };
                let graph = if matches!(step, Step::Import(_)) {
                    &mut imports
                } else {
                    &mut renders
                };
                let edges = graph.entry(owner.clone()).or_default();
                edges.extend(targets.into_iter().map(|target| (step.clone(), target)));
            }
        }
    }
    (renders, imports)
}

/// A template's own nodes, without its macro definitions (those are vertices of their own).
fn top_level(ast: &[Node]) -> Vec<&Node> {
    ast.iter()
        .filter(|node| !matches!(node, Node::MacroDefinition(..)))
        .collect()
}

fn node_steps(node: &Node, steps: &mut Vec<Step>) {
    let mut bodies: Vec<&[Node]> = Vec::new();
    match node {
        Node::Include(_, files, _) => steps.extend(files.iter().cloned().map(Step::Include)),
        Node::Extends(_, file) => steps.push(Step::Extends(file.clone())),
        Node::ImportMacro(_, file, _) => steps.push(Step::Import(file.clone())),
        Node::VariableBlock(_, expr) => expr_steps(expr, steps),
        Node::Set(_, set) => expr_steps(&set.value, steps),
        Node::FilterSection(_, section, _) => {
            section
                .filter
                .args
                .values()
                .for_each(|e| expr_steps(e, steps));
            bodies.push(&section.body);
        }
        Node::Block(_, block, _) => bodies.push(&block.body),
        Node::Forloop(_, forloop, _) => {
            expr_steps(&forloop.container, steps);
            bodies.push(&forloop.body);
            bodies.extend(forloop.empty_body.as_deref());
        }
        Node::If(branches, _) => {
            for (_, condition, body) in &branches.conditions {
                expr_steps(condition, steps);
                bodies.push(body);
            }
            bodies.extend(branches.otherwise.as_ref().map(|(_, body)| body.as_slice()));
        }
        Node::MacroDefinition(..)
        | Node::Super
        | Node::Text(_)
        | Node::Raw(..)
        | Node::Break(_)
        | Node::Continue(_)
        | Node::Comment(..) => {}
    }
    for body in bodies {
        body.iter().for_each(|node| node_steps(node, steps));
    }
}

fn expr_steps(expr: &Expr, steps: &mut Vec<Step>) {
    for filter in &expr.filters {
        filter.args.values().for_each(|e| expr_steps(e, steps));
    }
    match &expr.val {
        ExprVal::MacroCall(call) => {
            steps.push(Step::Call {
                namespace: call.namespace.clone(),
                name: call.name.clone(),
            });
            call.args.values().for_each(|e| expr_steps(e, steps));
        }
        ExprVal::FunctionCall(call) => call.args.values().for_each(|e| expr_steps(e, steps)),
        ExprVal::Math(math) => [&math.lhs, &math.rhs]
            .into_iter()
            .for_each(|e| expr_steps(e, steps)),
        ExprVal::Logic(logic) => [&logic.lhs, &logic.rhs]
            .into_iter()
            .for_each(|e| expr_steps(e, steps)),
        ExprVal::In(within) => [&within.lhs, &within.rhs]
            .into_iter()
            .for_each(|e| expr_steps(e, steps)),
        ExprVal::Test(test) => test.args.iter().for_each(|e| expr_steps(e, steps)),
        ExprVal::Array(items) => items.iter().for_each(|e| expr_steps(e, steps)),
        ExprVal::StringConcat(_)
        | ExprVal::String(_)
        | ExprVal::Int(_)
        | ExprVal::Float(_)
        | ExprVal::Bool(_)
        | ExprVal::Ident(_) => {}
    }
}

/// Every cycle a depth-first walk meets, once per edge that closes one: the vertices from where
/// it starts to where it closes, and the step that closes it.
fn cycles(graph: &Graph) -> Vec<(Vec<Vertex>, Step)> {
    let mut found = Vec::new();
    let mut done: BTreeSet<&Vertex> = BTreeSet::new();
    // An explicit stack, so a long chain of templates cannot overflow this walk either.
    for start in graph.keys() {
        if done.contains(start) {
            continue;
        }
        let mut path: Vec<(&Vertex, usize)> = vec![(start, 0)];
        while let Some((vertex, next)) = path.last_mut() {
            let edges = graph.get(*vertex).map_or(&[][..], Vec::as_slice);
            let Some((step, target)) = edges.get(*next) else {
                done.insert(*vertex);
                path.pop();
                continue;
            };
            *next += 1;
            if let Some(at) = path.iter().position(|(on_path, _)| *on_path == target) {
                let chain = path[at..].iter().map(|(v, _)| (*v).clone()).collect();
                found.push((chain, step.clone()));
            } else if !done.contains(target) {
                path.push((target, 0));
            }
        }
    }
    found
}

const TEMPLATES_HELP: &str = "a template cannot include or extend itself, even through other \
     templates: move what they share into a template that each of them includes";

fn diagnostic(
    chain: &[Vertex],
    step: &Step,
    templates: &BTreeMap<String, TemplateSource>,
) -> Diagnostic {
    let closing = chain.last().expect("a cycle has a vertex");
    let names: Vec<String> = chain
        .iter()
        .chain(chain.first())
        .map(ToString::to_string)
        .collect();
    let (label, help) = match step {
        Step::Include(file) => (format!("`{file}` is included again here"), TEMPLATES_HELP),
        Step::Extends(file) => (format!("`{file}` is extended again here"), TEMPLATES_HELP),
        Step::Import(file) => (
            format!("`{file}` is imported again here"),
            "macro files cannot import each other in a circle: import each file of macros \
             only in the templates that call its macros",
        ),
        Step::Call { name, .. } => (
            format!("`{name}` is called again here"),
            "Tera has no depth limit, so a macro that calls itself, even through other macros, \
             is refused: unroll it into one loop per nesting level",
        ),
    };
    let mut diagnostic = rules::ds008::RULE
        .diagnostic(format!("template recursion: {}", names.join(" → ")))
        .help(help);
    if let Some(source) = templates.get(closing.template()) {
        if let Some((line, column, len)) = locate(&source.text, closing.macro_name(), step) {
            diagnostic = diagnostic
                .at(
                    Location::in_text(source.origin.display(), &source.text, line, column)
                        .with_len(len),
                )
                .label(label);
        }
    }
    diagnostic
}

/// Line, column and length of the first tag in `text` that takes `step`, looking only inside
/// the definition of macro `within` (or outside every macro when `None`).
fn locate(text: &str, within: Option<&str>, step: &Step) -> Option<(usize, usize, usize)> {
    let (at, len) = tags(text)
        .into_iter()
        .filter(|tag| tag.within.as_deref() == within)
        .find_map(|tag| {
            let found = match step {
                Step::Include(file) => keyword_with_file(tag.content, "include", file),
                Step::Extends(file) => keyword_with_file(tag.content, "extends", file),
                Step::Import(file) => keyword_with_file(tag.content, "import", file),
                Step::Call { namespace, name } => find_call(tag.content, namespace, name),
            };
            found.map(|(offset, len)| (tag.start + offset, len))
        })?;
    let (line, column) = docsite_check::line_index::line_column(text, at);
    Some((line, column, text[at..at + len].chars().count()))
}

/// A `{{ … }}` or `{% … %}` tag: where its content starts, the content, and the macro whose
/// definition holds it.
struct Tag<'a> {
    start: usize,
    content: &'a str,
    within: Option<String>,
}

fn tags(text: &str) -> Vec<Tag<'_>> {
    let mut found = Vec::new();
    let mut within = None;
    let mut rest = 0;
    while let Some(open) = text[rest..].find('{').map(|at| rest + at) {
        let close = match text.get(open..open + 2) {
            Some("{{") => "}}",
            Some("{%") => "%}",
            Some("{#") => "#}",
            _ => {
                rest = open + 1;
                continue;
            }
        };
        let start = open + 2;
        let Some(end) = text[start..].find(close).map(|at| start + at) else {
            break;
        };
        rest = end + 2;
        let content = &text[start..end];
        let words = content.trim_matches(|c: char| c == '-' || c.is_whitespace());
        if close == "#}" {
            continue;
        }
        if close == "%}" {
            if words == "raw" {
                // Nothing up to `endraw` is a tag.
                match text[rest..].find("endraw") {
                    Some(at) => rest += at,
                    None => break,
                }
                continue;
            }
            if let Some(definition) = words.strip_prefix("macro ") {
                within = definition
                    .split('(')
                    .next()
                    .map(|name| name.trim().to_owned());
                continue;
            }
            if words.starts_with("endmacro") {
                within = None;
                continue;
            }
        }
        found.push(Tag {
            start,
            content,
            within: within.clone(),
        });
    }
    found
}

/// `include "file"` (or `extends`, `import`) in a tag: where the keyword starts, and the length
/// up to the file name's closing quote.
fn keyword_with_file(content: &str, keyword: &str, file: &str) -> Option<(usize, usize)> {
    let start = content.len()
        - content
            .trim_start_matches(['-', ' ', '\t', '\n', '\r'])
            .len();
    if !content[start..].starts_with(keyword) {
        return None;
    }
    ['"', '\'', '`'].into_iter().find_map(|quote| {
        let quoted = format!("{quote}{file}{quote}");
        content
            .find(&quoted)
            .map(|at| (start, at + quoted.len() - start))
    })
}

/// `namespace::name(` in a tag, spaces allowed around `::` as Tera allows them.
fn find_call(content: &str, namespace: &str, name: &str) -> Option<(usize, usize)> {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(at) = content[from..].find(namespace).map(|at| from + at) {
        from = at + namespace.len();
        if content[..at].chars().next_back().is_some_and(is_ident) {
            continue;
        }
        let after = content[from..].trim_start();
        let Some(after) = after.strip_prefix("::") else {
            continue;
        };
        let after = after.trim_start();
        let Some(after) = after.strip_prefix(name) else {
            continue;
        };
        if after.trim_start().starts_with('(') {
            let end = content.len() - after.len();
            return Some((at, end - at));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::theme::ThemeFile;

    fn sources(files: &[(&str, &str)]) -> BTreeMap<String, TemplateSource> {
        files
            .iter()
            .map(|(name, text)| {
                let origin = ThemeFile::Disk {
                    path: format!("/site/templates/{name}").into(),
                    display: format!("templates/{name}").into(),
                };
                let text = (*text).to_owned();
                ((*name).to_owned(), TemplateSource { origin, text })
            })
            .collect()
    }

    fn messages(files: &[(&str, &str)]) -> Vec<String> {
        check(&sources(files))
            .iter()
            .map(|d| {
                let at = d.location.as_ref().map(ToString::to_string);
                format!("{} at {}", d.message, at.unwrap_or_default())
            })
            .collect()
    }

    #[test]
    fn include_extends_and_import_cycles_are_found_where_they_close() {
        assert_eq!(
            messages(&[("page.html", "x\n{% include \"page.html\" %}")]),
            ["template recursion: page.html → page.html at templates/page.html:2:4"]
        );
        assert_eq!(
            messages(&[
                ("a.html", "{% include \"b.html\" %}"),
                ("b.html", "<p>\n  {%- include 'a.html' -%}")
            ]),
            ["template recursion: a.html → b.html → a.html at templates/b.html:2:7"]
        );
        assert_eq!(
            messages(&[
                ("a.html", "{% extends \"b.html\" %}"),
                ("b.html", "{% extends \"a.html\" %}"),
                ("page.html", "{% extends \"a.html\" %}"),
            ]),
            ["template recursion: a.html → b.html → a.html at templates/b.html:1:4"]
        );
        assert_eq!(
            messages(&[
                ("a.html", "{% import \"b.html\" as b %}"),
                ("b.html", "{% import \"a.html\" as a %}"),
            ]),
            ["template recursion: a.html → b.html → a.html at templates/b.html:1:4"]
        );
    }

    #[test]
    fn recursive_macros_are_found_at_the_call() {
        let direct = "{% macro list(items) %}\n{{ self::list(items=items) }}\n{% endmacro %}";
        assert_eq!(
            messages(&[("m.html", direct)]),
            ["template recursion: m.html::list → m.html::list at templates/m.html:2:4"]
        );
        let through = "{% macro a() %}{{ self::b() }}{% endmacro a %}\n\
                       {% macro b() %}\n{% if x %}{{ self :: a () }}{% endif %}{% endmacro b %}";
        assert_eq!(
            messages(&[("m.html", through)]),
            ["template recursion: m.html::a → m.html::b → m.html::a at templates/m.html:3:14"]
        );
        let via_include = "{% import \"m.html\" as m %}{{ m::a() }}";
        let include_back = "{% macro a() %}{% include \"page.html\" %}{% endmacro %}";
        assert_eq!(
            messages(&[("page.html", via_include), ("m.html", include_back)]),
            ["template recursion: page.html → m.html::a → page.html at templates/m.html:1:19"]
        );
    }

    #[test]
    fn calls_and_includes_without_a_cycle_pass() {
        let macros = "{% macro item(x) %}<li>{{ x }}</li>{% endmacro %}\n\
                      {% macro list(xs) %}{% for x in xs %}{{ self::item(x=x) }}{% endfor %}{% endmacro %}";
        assert!(messages(&[
            ("base.html", "{% block body %}{% endblock %}{% include \"foot.html\" %}"),
            ("foot.html", "{# {% include \"foot.html\" %} #}{% raw %}{% include \"foot.html\" %}{% endraw %}"),
            ("m.html", macros),
            ("page.html", "{% extends \"base.html\" %}{% import \"m.html\" as m %}{% block body %}{{ m::list(xs=[1]) }}{% endblock %}"),
        ])
        .is_empty());
    }

    #[test]
    fn the_default_theme_has_no_recursion() {
        let config = crate::config::Config::default();
        let files = super::super::theme::resolve(std::path::Path::new("/nonexistent"), &config)
            .expect("the built-in theme");
        assert!(check(&files.templates).is_empty());
    }
}
