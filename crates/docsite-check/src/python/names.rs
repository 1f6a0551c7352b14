//! What a Python block imports, where it starts a web server (`app.run(...)`,
//! `uvicorn.run(...)`) and which names it binds at module level (for `gunicorn app:app`).

use ruff_python_ast::statement_visitor::{walk_stmt as walk_statement, StatementVisitor};
use ruff_python_ast::visitor::{walk_expr, Visitor};
use ruff_python_ast::{Expr, ExprCall, Number, Stmt};
use ruff_text_size::Ranged;

use super::{depth, parse_valid, LineIndex, PythonPositions};

/// An absolute import in a Python block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    /// The top-level package: `sklearn` for `from sklearn.linear_model import X`.
    pub module: String,
    /// 1-based line of the imported module's name.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Length of the dotted name, in characters.
    pub len: usize,
}

/// The absolute imports of `source`, including those nested in functions or `try` blocks, in
/// source order; relative imports (`from . import x`) are skipped. Empty when the source has a
/// syntax error.
pub fn imports(source: &str) -> Vec<Import> {
    depth::guarded(source, Vec::new(), || {
        let Some(parsed) = parse_valid(source) else {
            return Vec::new();
        };
        let index = LineIndex::new(source);
        let mut collector = Imports {
            index: &index,
            found: Vec::new(),
        };
        collector.visit_body(&parsed.syntax().body);
        collector.found
    })
}

struct Imports<'a> {
    index: &'a LineIndex<'a>,
    found: Vec<Import>,
}

impl Imports<'_> {
    fn push(&mut self, name: &str, range: ruff_text_size::TextRange) {
        let (line, column) = self.index.position(range.start().to_usize());
        self.found.push(Import {
            module: name.split('.').next().unwrap_or(name).to_string(),
            line,
            column,
            len: self.index.len_on_line(range),
        });
    }
}

impl<'a> StatementVisitor<'a> for Imports<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Import(import) => {
                for alias in &import.names {
                    self.push(alias.name.id.as_str(), alias.name.range());
                }
            }
            Stmt::ImportFrom(import) if import.level == 0 => {
                if let Some(module) = &import.module {
                    self.push(module.id.as_str(), module.range());
                }
            }
            _ => walk_statement(self, stmt),
        }
    }
}

/// A call that starts a web server, with its literal host and port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppRun {
    /// The `host` argument when it is a string literal.
    pub host: Option<String>,
    /// The port it listens on: the `port` argument when docsite can read it (a literal, a
    /// variable assigned one, `int(os.environ.get("PORT", "8000"))`'s default), else the
    /// server's default when no port is passed.
    pub port: Option<u16>,
    /// 1-based line of the call.
    pub line: usize,
    /// 1-based column of the call, in characters.
    pub column: usize,
    /// Length of the call on its first line, in characters.
    pub len: usize,
}

/// The `<name>.run(...)` calls of `source` that start a server: `app.run(host, port)` as in
/// Flask, `socketio.run(app, ...)`, `uvicorn.run(app, host=..., port=...)`. Calls on an
/// imported module other than uvicorn (`asyncio.run`, `subprocess.run`) are not servers.
/// Empty when the source has a syntax error.
pub fn app_runs(source: &str) -> Vec<AppRun> {
    depth::guarded(source, Vec::new(), || {
        let Some(parsed) = parse_valid(source) else {
            return Vec::new();
        };
        let index = LineIndex::new(source);
        let mut imported = ImportedNames::default();
        imported.visit_body(&parsed.syntax().body);
        let mut assigned = Assignments::default();
        assigned.visit_body(&parsed.syntax().body);
        let mut collector = AppRuns {
            index: &index,
            imported: imported.names,
            assigned: assigned.values,
            found: Vec::new(),
        };
        collector.visit_body(&parsed.syntax().body);
        collector.found
    })
}

/// Names bound by import statements anywhere in the module.
#[derive(Default)]
struct ImportedNames {
    names: Vec<String>,
}

impl<'a> StatementVisitor<'a> for ImportedNames {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Import(import) => {
                for alias in &import.names {
                    let bound = alias.asname.as_ref().unwrap_or(&alias.name);
                    let top = bound.id.split('.').next().unwrap_or_default();
                    self.names.push(top.to_string());
                }
            }
            Stmt::ImportFrom(import) => {
                for alias in &import.names {
                    let bound = alias.asname.as_ref().unwrap_or(&alias.name);
                    self.names.push(bound.id.to_string());
                }
            }
            _ => walk_statement(self, stmt),
        }
    }
}

/// Every `name = value` assignment to a plain name, anywhere in the module.
#[derive(Default)]
struct Assignments<'a> {
    values: Vec<(&'a str, &'a Expr)>,
}

impl<'a> StatementVisitor<'a> for Assignments<'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if let Stmt::Assign(assign) = stmt {
            for target in &assign.targets {
                if let Expr::Name(name) = target {
                    self.values.push((name.id.as_str(), &assign.value));
                }
            }
        }
        walk_statement(self, stmt);
    }
}

struct AppRuns<'a> {
    index: &'a LineIndex<'a>,
    imported: Vec<String>,
    assigned: Vec<(&'a str, &'a Expr)>,
    found: Vec<AppRun>,
}

impl AppRuns<'_> {
    fn call(&mut self, call: &ExprCall) {
        let Expr::Attribute(attribute) = &*call.func else {
            return;
        };
        let Expr::Name(receiver) = &*attribute.value else {
            return;
        };
        if attribute.attr.id.as_str() != "run" {
            return;
        }
        let receiver = receiver.id.as_str();
        let is_uvicorn = receiver == "uvicorn";
        if !is_uvicorn && self.imported.iter().any(|n| n == receiver) {
            return;
        }
        let args = &call.arguments.args;
        // `app.run(host, port)`; `uvicorn.run(app, ...)` and `socketio.run(app, host, port)`
        // take the application first.
        let skip = usize::from(is_uvicorn || matches!(args.first(), Some(Expr::Name(_))));
        let mut host = args.get(skip).and_then(string_literal);
        let mut port_argument = args.get(skip + 1);
        for keyword in &call.arguments.keywords {
            match keyword.arg.as_ref().map(|a| a.id.as_str()) {
                Some("host") => host = string_literal(&keyword.value),
                Some("port") => port_argument = Some(&keyword.value),
                _ => {}
            }
        }
        // Flask's `app.run` and Flask-SocketIO listen on 5000 by default, uvicorn on 8000; a
        // port docsite cannot read stays unknown rather than guessed.
        let port = match port_argument {
            Some(argument) => self.port_value(argument, 0),
            None => Some(if is_uvicorn { 8000 } else { 5000 }),
        };
        let range = call.range();
        let (line, column) = self.index.position(range.start().to_usize());
        self.found.push(AppRun {
            host,
            port,
            line,
            column,
            len: self.index.len_on_line(range),
        });
    }
}

impl AppRuns<'_> {
    /// The port an expression evaluates to, when it is a literal, a variable assigned once,
    /// `int(…)` of one, or an environment lookup with a default (`os.environ.get("PORT", 8000)`,
    /// `os.getenv("PORT", "8000")`).
    fn port_value(&self, expr: &Expr, depth: usize) -> Option<u16> {
        if depth > 8 {
            return None;
        }
        match expr {
            Expr::NumberLiteral(_) => port_literal(expr),
            Expr::StringLiteral(s) => s.value.to_str().trim().parse().ok(),
            Expr::Name(name) => {
                let mut values = self
                    .assigned
                    .iter()
                    .filter(|(assigned, _)| *assigned == name.id.as_str());
                match (values.next(), values.next()) {
                    (Some((_, value)), None) => self.port_value(value, depth + 1),
                    _ => None,
                }
            }
            Expr::Call(call) => {
                let args = &call.arguments.args;
                let is_int = matches!(&*call.func, Expr::Name(f) if f.id.as_str() == "int");
                if is_int && args.len() == 1 {
                    return self.port_value(&args[0], depth + 1);
                }
                let default = call
                    .arguments
                    .keywords
                    .iter()
                    .find(|k| k.arg.as_ref().is_some_and(|a| a.id.as_str() == "default"))
                    .map(|k| &k.value)
                    .or_else(|| args.get(1));
                match default {
                    Some(default) if is_environment_lookup(&call.func) => {
                        self.port_value(default, depth + 1)
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

/// `os.environ.get`, `environ.get`, `os.getenv` or `getenv`.
fn is_environment_lookup(func: &Expr) -> bool {
    match func {
        Expr::Name(name) => name.id.as_str() == "getenv",
        Expr::Attribute(attribute) => match (attribute.attr.id.as_str(), &*attribute.value) {
            ("getenv", Expr::Name(module)) => module.id.as_str() == "os",
            ("get", Expr::Name(environ)) => environ.id.as_str() == "environ",
            ("get", Expr::Attribute(environ)) => environ.attr.id.as_str() == "environ",
            _ => false,
        },
        _ => false,
    }
}

impl<'a> Visitor<'a> for AppRuns<'_> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Call(call) = expr {
            self.call(call);
        }
        walk_expr(self, expr);
    }
}

fn string_literal(expr: &Expr) -> Option<String> {
    match expr {
        Expr::StringLiteral(s) => Some(s.value.to_str().to_string()),
        _ => None,
    }
}

fn port_literal(expr: &Expr) -> Option<u16> {
    match expr {
        Expr::NumberLiteral(n) => match &n.value {
            Number::Int(i) => i.as_u16(),
            _ => None,
        },
        _ => None,
    }
}

/// True if a module-level statement of `source` binds `name`: an assignment, a `def`, a
/// `class`, an import, a `for` or `with` target, also inside module-level `if`/`try`/`with`
/// blocks (for checking `gunicorn module:app`). False when the source has a syntax error.
pub fn defines(source: &str, name: &str) -> bool {
    depth::guarded(source, false, || {
        let Some(parsed) = parse_valid(source) else {
            return false;
        };
        let mut finder = Binds { name, found: false };
        finder.visit_body(&parsed.syntax().body);
        finder.found
    })
}

struct Binds<'n> {
    name: &'n str,
    found: bool,
}

impl Binds<'_> {
    fn target(&mut self, target: &Expr) {
        match target {
            Expr::Name(n) if n.id.as_str() == self.name => self.found = true,
            Expr::Tuple(t) => t.elts.iter().for_each(|e| self.target(e)),
            Expr::List(l) => l.elts.iter().for_each(|e| self.target(e)),
            Expr::Starred(s) => self.target(&s.value),
            _ => {}
        }
    }
}

impl<'a> StatementVisitor<'a> for Binds<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            // Their bodies are other scopes.
            Stmt::FunctionDef(def) => self.found |= def.name.id.as_str() == self.name,
            Stmt::ClassDef(class) => self.found |= class.name.id.as_str() == self.name,
            Stmt::Assign(assign) => assign.targets.iter().for_each(|t| self.target(t)),
            Stmt::AnnAssign(assign) if assign.value.is_some() => self.target(&assign.target),
            Stmt::AugAssign(assign) => self.target(&assign.target),
            Stmt::Import(import) => {
                for alias in &import.names {
                    let bound = match &alias.asname {
                        Some(asname) => asname.id.as_str(),
                        None => alias.name.id.split('.').next().unwrap_or_default(),
                    };
                    self.found |= bound == self.name;
                }
            }
            Stmt::ImportFrom(import) => {
                for alias in &import.names {
                    let bound = alias.asname.as_ref().unwrap_or(&alias.name);
                    self.found |= bound.id.as_str() == self.name;
                }
            }
            Stmt::For(for_stmt) => {
                self.target(&for_stmt.target);
                walk_statement(self, stmt);
            }
            Stmt::With(with) => {
                for item in &with.items {
                    if let Some(vars) = &item.optional_vars {
                        self.target(vars);
                    }
                }
                walk_statement(self, stmt);
            }
            Stmt::Expr(expr) => {
                if let Expr::Named(named) = &*expr.value {
                    self.target(&named.target);
                }
            }
            _ => walk_statement(self, stmt),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_are_found_everywhere_but_relative_ones_are_skipped() {
        let source = "import os, numpy as np\nfrom sklearn.linear_model import X\nfrom . import y\nfrom .a import b\n\ndef f():\n    try:\n        import yaml\n    except ImportError:\n        pass\n";
        let found = imports(source);
        let modules: Vec<&str> = found.iter().map(|i| i.module.as_str()).collect();
        assert_eq!(modules, ["os", "numpy", "sklearn", "yaml"]);
        assert_eq!((found[2].line, found[2].column, found[2].len), (2, 6, 20));
        assert_eq!((found[3].line, found[3].column, found[3].len), (8, 16, 4));
    }

    #[test]
    fn no_imports_on_a_syntax_error() {
        assert!(imports("import os\nprint 'x'\n").is_empty());
    }

    #[test]
    fn flask_and_uvicorn_runs() {
        let source = "from flask import Flask\napp = Flask(__name__)\nif __name__ == '__main__':\n    app.run('0.0.0.0', 8080, debug=True)\n";
        let runs = app_runs(source);
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].host.as_deref(), Some("0.0.0.0"));
        assert_eq!(runs[0].port, Some(8080));
        assert_eq!((runs[0].line, runs[0].column, runs[0].len), (4, 5, 36));

        let source = "import uvicorn\nuvicorn.run(app, host=\"127.0.0.1\", port=PORT)\n";
        let runs = app_runs(source);
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].host.as_deref(), Some("127.0.0.1"));
        assert_eq!(runs[0].port, None);

        let source = "socketio.run(app, port=5000)\napp.run()\nuvicorn.run(app)\n";
        let runs = app_runs(source);
        assert_eq!(runs.len(), 3);
        assert_eq!((runs[0].host.as_deref(), runs[0].port), (None, Some(5000)));
        assert_eq!((runs[1].host.as_deref(), runs[1].port), (None, Some(5000)));
        assert_eq!(runs[2].port, Some(8000), "uvicorn's default");
    }

    /// Issue 10: a port read from the environment with a default binds the default.
    #[test]
    fn ports_from_the_environment_bind_their_default() {
        for (source, port) in [
            ("import os\napp.run(host='0.0.0.0', port=int(os.environ.get(\"PORT\", \"8000\")))\n", Some(8000)),
            ("import os\napp.run(port=os.getenv('PORT', 8000))\n", Some(8000)),
            ("import os\nport = int(os.getenv('PORT', default='8080'))\napp.run(port=port)\n", Some(8080)),
            ("from os import environ\napp.run('0.0.0.0', environ.get('PORT', 9000))\n", Some(9000)),
            ("import os\napp.run(port=int(os.environ['PORT']))\n", None),
            ("port = 1\nport = 2\napp.run(port=port)\n", None),
        ] {
            assert_eq!(app_runs(source)[0].port, port, "{source}");
        }
    }

    #[test]
    fn module_runs_are_not_servers() {
        let source = "import asyncio, subprocess\nasyncio.run(main())\nsubprocess.run(['ls'])\n";
        assert!(app_runs(source).is_empty());
        assert!(app_runs("app.run(port=99999)\n")[0].port.is_none());
    }

    #[test]
    fn module_level_bindings() {
        let source = "import os.path\nfrom flask import Flask as F\napp = F(__name__)\ndef create(): pass\nclass Api: pass\ntry:\n    from x import server\nexcept ImportError:\n    server = None\na, (b, *c) = 1, (2, 3)\n";
        for name in ["os", "F", "app", "create", "Api", "server", "a", "b", "c"] {
            assert!(defines(source, name), "{name}");
        }
        for name in ["Flask", "path", "x", "application"] {
            assert!(!defines(source, name), "{name}");
        }
        assert!(!defines("def f():\n    app = 1\n", "app"));
        assert!(!defines("app: Flask\n", "app"));
        assert!(!defines("app = (\n", "app"));
    }
}
