//! What a Python block imports, where it starts a web server (`app.run(...)`,
//! `uvicorn.run(...)`) and which names it binds at module level (for `gunicorn app:app`).

use ruff_python_ast::statement_visitor::{walk_stmt as walk_statement, StatementVisitor};
use ruff_python_ast::visitor::{walk_expr, Visitor};
use ruff_python_ast::{Expr, ExprCall, Number, Stmt};
use ruff_text_size::Ranged;

use super::{depth, parse_valid, LineIndex};

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
    /// The `port` argument when it is an integer literal that fits a port.
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
        let mut collector = AppRuns {
            index: &index,
            imported: imported.names,
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

struct AppRuns<'a> {
    index: &'a LineIndex<'a>,
    imported: Vec<String>,
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
        let mut port = args.get(skip + 1).and_then(port_literal);
        for keyword in &call.arguments.keywords {
            match keyword.arg.as_ref().map(|a| a.id.as_str()) {
                Some("host") => host = string_literal(&keyword.value),
                Some("port") => port = port_literal(&keyword.value),
                _ => {}
            }
        }
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

        let source = "socketio.run(app, port=5000)\napp.run()\n";
        let runs = app_runs(source);
        assert_eq!(runs.len(), 2);
        assert_eq!((runs[0].host.as_deref(), runs[0].port), (None, Some(5000)));
        assert_eq!((runs[1].host.as_deref(), runs[1].port), (None, None));
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
