//! The syntax errors CPython 3.11 raises after parsing, from its symbol table and compiler:
//! `compile()` reports them, so a block that only parses is not yet valid Python.

use std::collections::HashSet;

use ruff_python_ast::visitor::{walk_expr, walk_stmt, Visitor};
use ruff_python_ast::{Expr, ModModule, Parameters, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::{LineIndex, SyntaxError};

/// The first compile-time syntax error of a parsed module.
pub(super) fn check(source: &str, module: &ModModule) -> Option<SyntaxError> {
    let index = LineIndex::new(source);
    // The symbol table is built for the whole module before any code is compiled.
    let mut symtable = Symtable {
        comprehensions: Vec::new(),
        error: None,
    };
    symtable.visit_body(&module.body);
    if let Some((range, message)) = symtable.error {
        return Some(index.error(range, message));
    }
    let mut compiler = Compiler {
        scopes: vec![Scope::Module],
        loops: vec![0],
        future_allowed: true,
        error: None,
    };
    compiler.module(&module.body);
    compiler
        .error
        .map(|(range, message)| index.error(range, message))
}

/// Python 3.11's `__future__` features.
const FUTURE_FEATURES: &[&str] = &[
    "absolute_import",
    "annotations",
    "barry_as_FLUFL",
    "division",
    "generator_stop",
    "generators",
    "nested_scopes",
    "print_function",
    "unicode_literals",
    "with_statement",
];

struct Symtable {
    /// For each nested scope, the comprehension kind when it is one.
    comprehensions: Vec<Option<&'static str>>,
    error: Option<(TextRange, String)>,
}

impl Symtable {
    fn fail(&mut self, range: TextRange, message: String) {
        if self.error.is_none() {
            self.error = Some((range, message));
        }
    }

    fn scoped(&mut self, kind: Option<&'static str>, visit: impl FnOnce(&mut Self)) {
        self.comprehensions.push(kind);
        visit(self);
        self.comprehensions.pop();
    }

    fn parameters(&mut self, parameters: &Parameters) {
        let mut seen = HashSet::new();
        for parameter in parameters.iter() {
            let name = parameter.name();
            if !seen.insert(name.id.as_str()) {
                self.fail(
                    name.range(),
                    format!("duplicate argument '{}' in function definition", name.id),
                );
            }
        }
    }
}

impl<'a> Visitor<'a> for Symtable {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if self.error.is_some() {
            return;
        }
        match stmt {
            Stmt::FunctionDef(def) => {
                self.parameters(&def.parameters);
                self.scoped(None, |s| walk_stmt(s, stmt));
            }
            Stmt::ClassDef(_) => self.scoped(None, |s| walk_stmt(s, stmt)),
            _ => walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if self.error.is_some() {
            return;
        }
        match expr {
            Expr::Lambda(lambda) => {
                if let Some(parameters) = &lambda.parameters {
                    self.parameters(parameters);
                }
                self.scoped(None, |s| walk_expr(s, expr));
            }
            Expr::Yield(_) | Expr::YieldFrom(_) => {
                if let Some(Some(kind)) = self.comprehensions.last() {
                    let message = format!("'yield' inside {kind}");
                    self.fail(expr.range(), message);
                    return;
                }
                walk_expr(self, expr);
            }
            Expr::ListComp(_) | Expr::SetComp(_) | Expr::DictComp(_) | Expr::Generator(_) => {
                let kind = match expr {
                    Expr::ListComp(_) => "list comprehension",
                    Expr::SetComp(_) => "set comprehension",
                    Expr::DictComp(_) => "dict comprehension",
                    _ => "generator expression",
                };
                let parts = Comprehension::of(expr);
                if let Some(first) = parts.generators.first() {
                    self.visit_expr(&first.iter);
                }
                self.scoped(Some(kind), |s| parts.visit_rest(s));
            }
            _ => walk_expr(self, expr),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    Module,
    Class,
    Function { is_async: bool },
    Lambda,
    Comprehension,
}

struct Compiler {
    scopes: Vec<Scope>,
    /// Loops open in each function or class body.
    loops: Vec<usize>,
    future_allowed: bool,
    error: Option<(TextRange, String)>,
}

impl Compiler {
    fn fail(&mut self, range: TextRange, message: impl Into<String>) {
        if self.error.is_none() {
            self.error = Some((range, message.into()));
        }
    }

    fn scope(&self) -> Scope {
        self.scopes.last().copied().unwrap_or(Scope::Module)
    }

    /// The innermost scope that is not a comprehension.
    fn function_scope(&self) -> Scope {
        self.scopes
            .iter()
            .rev()
            .copied()
            .find(|s| *s != Scope::Comprehension)
            .unwrap_or(Scope::Module)
    }

    fn in_function(&self) -> bool {
        matches!(self.scope(), Scope::Function { .. } | Scope::Lambda)
    }

    fn in_async_function(&self) -> bool {
        matches!(self.function_scope(), Scope::Function { is_async: true })
    }

    fn module(&mut self, body: &[Stmt]) {
        for (i, stmt) in body.iter().enumerate() {
            let docstring = i == 0
                && matches!(stmt, Stmt::Expr(e) if matches!(*e.value, Expr::StringLiteral(_)));
            let future = matches!(stmt, Stmt::ImportFrom(f) if f.level == 0
                && f.module.as_ref().is_some_and(|m| m.id.as_str() == "__future__"));
            if !docstring && !future {
                self.future_allowed = false;
            }
            self.visit_stmt(stmt);
        }
    }

    fn nested(&mut self, scope: Scope, visit: impl FnOnce(&mut Self)) {
        self.scopes.push(scope);
        self.loops.push(0);
        visit(self);
        self.loops.pop();
        self.scopes.pop();
    }

    fn in_loop(&mut self, visit: impl FnOnce(&mut Self)) {
        if let Some(depth) = self.loops.last_mut() {
            *depth += 1;
        }
        visit(self);
        if let Some(depth) = self.loops.last_mut() {
            *depth -= 1;
        }
    }

    fn future_import(&mut self, stmt: &Stmt) {
        let Stmt::ImportFrom(import) = stmt else {
            return;
        };
        if import.level != 0
            || import
                .module
                .as_ref()
                .is_none_or(|m| m.id.as_str() != "__future__")
        {
            return;
        }
        if !self.future_allowed || self.scope() != Scope::Module {
            self.fail(
                stmt.range(),
                "from __future__ imports must occur at the beginning of the file",
            );
            return;
        }
        for alias in &import.names {
            match alias.name.id.as_str() {
                "braces" => self.fail(alias.range(), "not a chance"),
                name if !FUTURE_FEATURES.contains(&name) => self.fail(
                    alias.range(),
                    format!("future feature {name} is not defined"),
                ),
                _ => {}
            }
        }
    }
}

impl<'a> Visitor<'a> for Compiler {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if self.error.is_some() {
            return;
        }
        match stmt {
            Stmt::FunctionDef(def) => {
                for decorator in &def.decorator_list {
                    self.visit_decorator(decorator);
                }
                self.visit_parameters(&def.parameters);
                if let Some(returns) = &def.returns {
                    self.visit_annotation(returns);
                }
                let scope = Scope::Function {
                    is_async: def.is_async,
                };
                self.nested(scope, |c| c.visit_body(&def.body));
            }
            Stmt::ClassDef(class) => {
                for decorator in &class.decorator_list {
                    self.visit_decorator(decorator);
                }
                if let Some(arguments) = &class.arguments {
                    self.visit_arguments(arguments);
                }
                self.nested(Scope::Class, |c| c.visit_body(&class.body));
            }
            Stmt::Return(_) if !matches!(self.scope(), Scope::Function { .. }) => {
                self.fail(stmt.range(), "'return' outside function");
            }
            Stmt::Return(r) if self.starred_value(r.value.as_deref()) => {}
            Stmt::Break(_) if self.loops.last() == Some(&0) => {
                self.fail(stmt.range(), "'break' outside loop");
            }
            Stmt::Continue(_) if self.loops.last() == Some(&0) => {
                self.fail(stmt.range(), "'continue' not properly in loop");
            }
            Stmt::Nonlocal(_) if self.scope() == Scope::Module => {
                self.fail(
                    stmt.range(),
                    "nonlocal declaration not allowed at module level",
                );
            }
            Stmt::For(for_stmt) => {
                if for_stmt.is_async && !self.in_async_function() {
                    self.fail(stmt.range(), "'async for' outside async function");
                    return;
                }
                self.visit_expr(&for_stmt.iter);
                self.visit_expr(&for_stmt.target);
                self.in_loop(|c| c.visit_body(&for_stmt.body));
                self.visit_body(&for_stmt.orelse);
            }
            Stmt::While(while_stmt) => {
                self.visit_expr(&while_stmt.test);
                self.in_loop(|c| c.visit_body(&while_stmt.body));
                self.visit_body(&while_stmt.orelse);
            }
            Stmt::With(with) if with.is_async && !self.in_async_function() => {
                self.fail(stmt.range(), "'async with' outside async function");
            }
            Stmt::Assign(assign) => {
                if let Some(starred) = assign.targets.iter().find(|t| t.is_starred_expr()) {
                    self.fail(
                        starred.range(),
                        "starred assignment target must be in a list or tuple",
                    );
                    return;
                }
                if !self.starred_value(Some(&assign.value)) {
                    walk_stmt(self, stmt);
                }
            }
            Stmt::Expr(e) if self.starred_value(Some(&e.value)) => {}
            Stmt::AugAssign(a) if self.starred_value(Some(&a.value)) => {}
            Stmt::AnnAssign(a) if self.starred_value(a.value.as_deref()) => {}
            Stmt::ImportFrom(_) => {
                self.future_import(stmt);
                walk_stmt(self, stmt);
            }
            _ => walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if self.error.is_some() {
            return;
        }
        match expr {
            Expr::Yield(_) | Expr::YieldFrom(_) if !self.in_function() => {
                self.fail(expr.range(), "'yield' outside function");
            }
            Expr::YieldFrom(_) if self.in_async_function() => {
                self.fail(expr.range(), "'yield from' inside async function");
            }
            Expr::Await(_) => {
                match self.function_scope() {
                    Scope::Function { is_async: true } => {}
                    Scope::Function { .. } | Scope::Lambda => {
                        if self.scope() != Scope::Comprehension {
                            self.fail(expr.range(), "'await' outside async function");
                            return;
                        }
                    }
                    _ => {
                        self.fail(expr.range(), "'await' outside function");
                        return;
                    }
                }
                walk_expr(self, expr);
            }
            Expr::Lambda(lambda) => {
                if let Some(parameters) = &lambda.parameters {
                    self.visit_parameters(parameters);
                }
                self.nested(Scope::Lambda, |c| c.visit_expr(&lambda.body));
            }
            Expr::ListComp(_) | Expr::SetComp(_) | Expr::DictComp(_) | Expr::Generator(_) => {
                self.comprehension(expr);
            }
            Expr::Call(call) => {
                let mut seen = HashSet::new();
                for keyword in &call.arguments.keywords {
                    if let Some(arg) = &keyword.arg {
                        if !seen.insert(arg.id.as_str()) {
                            self.fail(
                                keyword.range(),
                                format!("keyword argument repeated: {}", arg.id),
                            );
                            return;
                        }
                    }
                }
                walk_expr(self, expr);
            }
            _ => walk_expr(self, expr),
        }
    }
}

impl Compiler {
    /// Comprehensions are functions of their own, except for their first iterable.
    fn comprehension(&mut self, expr: &Expr) {
        let parts = Comprehension::of(expr);
        let is_async = parts.generators.iter().any(|g| g.is_async);
        let generator = matches!(expr, Expr::Generator(_));
        if is_async && !generator && !self.in_async_function() {
            self.fail(
                expr.range(),
                "asynchronous comprehension outside of an asynchronous function",
            );
            return;
        }
        if let Some(first) = parts.generators.first() {
            self.visit_expr(&first.iter);
        }
        self.nested(Scope::Comprehension, |c| parts.visit_rest(c));
    }

    /// `x = *a`: a starred expression outside a display or a call.
    fn starred_value(&mut self, value: Option<&Expr>) -> bool {
        match value {
            Some(starred @ Expr::Starred(_)) => {
                self.fail(starred.range(), "can't use starred expression here");
                true
            }
            _ => false,
        }
    }
}

/// The parts of a comprehension.
struct Comprehension<'a> {
    generators: &'a [ruff_python_ast::Comprehension],
    elements: Vec<&'a Expr>,
}

impl<'a> Comprehension<'a> {
    fn of(expr: &'a Expr) -> Self {
        let (generators, elements): (&[_], Vec<&Expr>) = match expr {
            Expr::ListComp(c) => (&c.generators, vec![&*c.elt]),
            Expr::SetComp(c) => (&c.generators, vec![&*c.elt]),
            Expr::Generator(c) => (&c.generators, vec![&*c.elt]),
            Expr::DictComp(c) => (
                &c.generators,
                c.key.iter().map(|k| &**k).chain([&*c.value]).collect(),
            ),
            _ => (&[], Vec::new()),
        };
        Comprehension {
            generators,
            elements,
        }
    }

    /// Everything but the first iterable, which is evaluated in the enclosing scope.
    fn visit_rest<V: Visitor<'a>>(&self, visitor: &mut V) {
        for (i, generator) in self.generators.iter().enumerate() {
            visitor.visit_expr(&generator.target);
            if i > 0 {
                visitor.visit_expr(&generator.iter);
            }
            for condition in &generator.ifs {
                visitor.visit_expr(condition);
            }
        }
        for element in &self.elements {
            visitor.visit_expr(element);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::python::syntax_error;

    fn message(source: &str) -> Option<String> {
        syntax_error(source).map(|e| e.message)
    }

    #[test]
    fn return_and_yield_need_a_function() {
        assert_eq!(
            message("class A:\n    return 1\n").as_deref(),
            Some("'return' outside function")
        );
        assert_eq!(message("def f():\n    return 1\n"), None);
        assert_eq!(message("f = lambda: (yield)\n"), None);
        assert_eq!(
            message("x = [(yield) for y in z]\n").as_deref(),
            Some("'yield' inside list comprehension")
        );
        assert_eq!(
            message("x = *a\n").as_deref(),
            Some("can't use starred expression here")
        );
    }

    #[test]
    fn await_needs_an_async_function() {
        assert_eq!(
            message("await x\n").as_deref(),
            Some("'await' outside function")
        );
        assert_eq!(
            message("def f():\n    await x\n").as_deref(),
            Some("'await' outside async function")
        );
        assert_eq!(message("async def f():\n    [await x for x in y]\n"), None);
        assert_eq!(
            message("def f():\n    async with x:\n        pass\n").as_deref(),
            Some("'async with' outside async function")
        );
    }

    #[test]
    fn loops_and_scopes() {
        assert_eq!(message("for x in y:\n    if x:\n        break\n"), None);
        assert_eq!(
            message("for x in y:\n    def f():\n        continue\n").as_deref(),
            Some("'continue' not properly in loop")
        );
        assert_eq!(
            message("while True:\n    pass\nelse:\n    break\n").as_deref(),
            Some("'break' outside loop")
        );
    }

    #[test]
    fn symbol_table_errors_come_first() {
        assert_eq!(
            message("return 1\ndef f(a, a): pass\n").as_deref(),
            Some("duplicate argument 'a' in function definition")
        );
    }

    #[test]
    fn future_imports() {
        assert_eq!(
            message("\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\n"),
            None
        );
        assert_eq!(
            message("import os\nfrom __future__ import annotations\n").as_deref(),
            Some("from __future__ imports must occur at the beginning of the file")
        );
        assert_eq!(
            message("from __future__ import braces\n").as_deref(),
            Some("not a chance")
        );
    }

    #[test]
    fn keywords_and_starred_targets() {
        assert_eq!(
            message("f(a=1, a=2)\n").as_deref(),
            Some("keyword argument repeated: a")
        );
        assert_eq!(
            message("*a = [1]\n").as_deref(),
            Some("starred assignment target must be in a list or tuple")
        );
        assert_eq!(message("*a, b = [1, 2]\n"), None);
    }
}
