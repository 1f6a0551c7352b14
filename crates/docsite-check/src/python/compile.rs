//! The syntax errors CPython raises after parsing, from its symbol table and compiler:
//! `compile()` reports them, so a block that only parses is not yet valid Python.
//!
//! ruff's `SemanticSyntaxChecker` finds them. This file walks the tree for it, answers its
//! questions about the scopes around each node (`SemanticSyntaxContext`), and turns each typed
//! error it reports into CPython's message, in CPython's order: the symbol table's errors for the
//! whole module come before any of the compiler's.

use std::cell::RefCell;

use ruff_python_ast::visitor::{walk_expr, walk_stmt, Visitor};
use ruff_python_ast::{Expr, ModModule, PythonVersion, Stmt};
use ruff_python_parser::semantic_errors::{
    AwaitOutsideAsyncFunctionKind, LazyImportContext, SemanticSyntaxChecker, SemanticSyntaxContext,
    SemanticSyntaxError, SemanticSyntaxErrorKind, YieldOutsideFunctionKind,
};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::{LineIndex, Options, PythonPositions, SyntaxError};

/// The first compile-time syntax error of a parsed module. In an excerpt, what only says the
/// code was cut out of a function or loop (`return`, `yield`, `await`, `break`, `continue`,
/// `nonlocal` at the top level) is not an error.
pub(super) fn check(source: &str, module: &ModModule, options: Options) -> Option<SyntaxError> {
    let mut walker = Walker {
        checker: SemanticSyntaxChecker::new(),
        scopes: Scopes {
            source,
            options,
            stack: vec![Scope::Module],
            loops: vec![0],
            found: RefCell::new(Vec::new()),
        },
    };
    walker.visit_body(&module.body);
    let found = walker.scopes.found.into_inner();
    let first_of = |phase: Phase| found.iter().find(|error| error.phase == phase);
    let first = first_of(Phase::Symtable).or_else(|| first_of(Phase::Compiler))?;
    Some(LineIndex::new(source).error(first.range, first.message.clone()))
}

/// When CPython finds an error: building the symbol table of the whole module, or compiling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Symtable,
    Compiler,
}

/// An error in CPython's words.
#[derive(Debug)]
struct Found {
    phase: Phase,
    range: TextRange,
    message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Module,
    Class,
    Function {
        is_async: bool,
    },
    Lambda,
    /// A comprehension is a function of its own; `kind` names it as CPython's messages do.
    Comprehension {
        kind: &'static str,
        is_async: bool,
        generator: bool,
        range: TextRange,
    },
}

/// The scopes open at the node being visited, and what the checker reported.
struct Scopes<'s> {
    source: &'s str,
    options: Options,
    stack: Vec<Scope>,
    /// Loops open in each function or class body.
    loops: Vec<usize>,
    found: RefCell<Vec<Found>>,
}

impl Scopes<'_> {
    fn innermost(&self) -> Scope {
        self.stack.last().copied().unwrap_or(Scope::Module)
    }

    /// The innermost scope that is not a comprehension.
    fn enclosing_function(&self) -> Scope {
        self.stack
            .iter()
            .rev()
            .copied()
            .find(|scope| !matches!(scope, Scope::Comprehension { .. }))
            .unwrap_or(Scope::Module)
    }

    /// CPython's phase, message and place for a checker error reported here; `None` for the
    /// kinds docsite does not report (they need name bindings this walk does not track).
    fn cpython(&self, error: &SemanticSyntaxError) -> Option<Found> {
        use SemanticSyntaxErrorKind as Kind;
        // CPython reports an `await` in a list, set or dict comprehension that may not have one
        // at the comprehension.
        if let (
            Kind::YieldOutsideFunction(YieldOutsideFunctionKind::Await)
            | Kind::AwaitOutsideAsyncFunction(AwaitOutsideAsyncFunctionKind::Await),
            Scope::Comprehension {
                generator: false,
                range,
                ..
            },
        ) = (&error.kind, self.innermost())
        {
            return Some(Found {
                phase: Phase::Compiler,
                range,
                message: "asynchronous comprehension outside of an asynchronous function".into(),
            });
        }
        if self.options.excerpt && self.cut_from_a_body(&error.kind) {
            return None;
        }
        let (phase, message) = self.cpython_message(&error.kind)?;
        let range = match error.kind {
            // CPython points at the `from __future__` statement, which starts its line.
            Kind::FutureFeatureNotDefined(_) => {
                let start = error.range.start().to_usize();
                let line_start = self.source[..start].rfind('\n').map_or(0, |at| at + 1);
                let offset = TextSize::try_from(line_start).unwrap_or_default();
                TextRange::new(offset, error.range.end())
            }
            _ => error.range,
        };
        Some(Found {
            phase,
            range,
            message,
        })
    }

    /// True for an error that only says top-level code was cut out of a function or a loop.
    fn cut_from_a_body(&self, kind: &SemanticSyntaxErrorKind) -> bool {
        use SemanticSyntaxErrorKind as Kind;
        let top_level = self.enclosing_function() == Scope::Module;
        match kind {
            Kind::ReturnOutsideFunction
            | Kind::BreakOutsideLoop
            | Kind::ContinueOutsideLoop
            | Kind::NonlocalDeclarationAtModuleLevel => true,
            Kind::YieldOutsideFunction(_) | Kind::AwaitOutsideAsyncFunction(_) => top_level,
            _ => false,
        }
    }

    fn cpython_message(&self, kind: &SemanticSyntaxErrorKind) -> Option<(Phase, String)> {
        use SemanticSyntaxErrorKind as Kind;
        let compiler = |message: &str| Some((Phase::Compiler, message.to_owned()));
        match kind {
            Kind::DuplicateParameter(name) => Some((
                Phase::Symtable,
                format!("duplicate argument '{name}' in function definition"),
            )),
            Kind::YieldOutsideFunction(YieldOutsideFunctionKind::Await) => {
                compiler("'await' outside function")
            }
            Kind::YieldOutsideFunction(_) => match self.innermost() {
                Scope::Comprehension { kind, .. } => {
                    Some((Phase::Symtable, format!("'yield' inside {kind}")))
                }
                _ => compiler("'yield' outside function"),
            },
            Kind::AwaitOutsideAsyncFunction(kind) => compiler(match kind {
                AwaitOutsideAsyncFunctionKind::Await => "'await' outside async function",
                AwaitOutsideAsyncFunctionKind::AsyncFor => "'async for' outside async function",
                AwaitOutsideAsyncFunctionKind::AsyncWith => "'async with' outside async function",
                AwaitOutsideAsyncFunctionKind::AsyncComprehension => {
                    "asynchronous comprehension outside of an asynchronous function"
                }
            }),
            Kind::YieldFromInAsyncFunction => compiler("'yield from' inside async function"),
            Kind::ReturnOutsideFunction => compiler("'return' outside function"),
            Kind::BreakOutsideLoop => compiler("'break' outside loop"),
            Kind::ContinueOutsideLoop => compiler("'continue' not properly in loop"),
            Kind::NonlocalDeclarationAtModuleLevel => {
                compiler("nonlocal declaration not allowed at module level")
            }
            Kind::LateFutureImport => {
                compiler("from __future__ imports must occur at the beginning of the file")
            }
            Kind::FutureFeatureNotDefined(name) if name == "braces" => compiler("not a chance"),
            Kind::FutureFeatureNotDefined(name) => Some((
                Phase::Compiler,
                format!("future feature {name} is not defined"),
            )),
            Kind::DuplicateKeywordArgument(name) => Some((
                Phase::Compiler,
                format!("keyword argument repeated: {name}"),
            )),
            Kind::SingleStarredAssignment => {
                compiler("starred assignment target must be in a list or tuple")
            }
            Kind::InvalidStarExpression => compiler("can't use starred expression here"),
            _ => None,
        }
    }
}

impl SemanticSyntaxContext for Scopes<'_> {
    fn future_annotations_or_stub(&self) -> bool {
        false
    }

    fn lazy_import_context(&self) -> Option<LazyImportContext> {
        None
    }

    fn python_version(&self) -> PythonVersion {
        self.options.version
    }

    fn source(&self) -> &str {
        self.source
    }

    fn global(&self, _name: &str) -> Option<TextRange> {
        None
    }

    fn has_nonlocal_binding(&self, _name: &str) -> bool {
        true
    }

    fn in_async_context(&self) -> bool {
        matches!(
            self.enclosing_function(),
            Scope::Function { is_async: true }
        )
    }

    fn in_await_allowed_context(&self) -> bool {
        for scope in self.stack.iter().rev() {
            match scope {
                // An `await` makes a generator expression an asynchronous one, anywhere.
                Scope::Function { .. } | Scope::Lambda => return true,
                Scope::Comprehension {
                    generator: true, ..
                } => return true,
                Scope::Class | Scope::Module => return false,
                Scope::Comprehension { .. } => {}
            }
        }
        false
    }

    fn in_yield_allowed_context(&self) -> bool {
        matches!(self.innermost(), Scope::Function { .. } | Scope::Lambda)
    }

    fn in_sync_comprehension(&self) -> bool {
        self.stack.iter().any(|scope| {
            matches!(
                scope,
                Scope::Comprehension {
                    is_async: false,
                    generator: false,
                    ..
                }
            )
        })
    }

    fn in_class_body_comprehension(&self) -> bool {
        false
    }

    fn in_module_scope(&self) -> bool {
        self.innermost() == Scope::Module
    }

    fn in_function_scope(&self) -> bool {
        matches!(self.innermost(), Scope::Function { .. } | Scope::Lambda)
    }

    fn in_generator_context(&self) -> bool {
        matches!(
            self.innermost(),
            Scope::Comprehension {
                generator: true,
                ..
            }
        )
    }

    fn in_notebook(&self) -> bool {
        false
    }

    fn report_semantic_error(&self, error: SemanticSyntaxError) {
        if let Some(found) = self.cpython(&error) {
            self.found.borrow_mut().push(found);
        }
    }

    fn in_loop_context(&self) -> bool {
        self.loops.last().is_some_and(|open| *open > 0)
    }

    fn is_bound_parameter(&self, _name: &str) -> bool {
        false
    }
}

/// Walks the module, opening and closing scopes and loops around the checker's visits.
struct Walker<'s> {
    checker: SemanticSyntaxChecker,
    scopes: Scopes<'s>,
}

impl Walker<'_> {
    fn nested(&mut self, scope: Scope, visit: impl FnOnce(&mut Self)) {
        self.scopes.stack.push(scope);
        self.scopes.loops.push(0);
        visit(self);
        self.scopes.loops.pop();
        self.scopes.stack.pop();
    }

    fn in_loop(&mut self, visit: impl FnOnce(&mut Self)) {
        if let Some(open) = self.scopes.loops.last_mut() {
            *open += 1;
        }
        visit(self);
        if let Some(open) = self.scopes.loops.last_mut() {
            *open -= 1;
        }
    }
}

impl<'a> Visitor<'a> for Walker<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        self.checker.visit_stmt(stmt, &self.scopes);
        // The checker looks for `*a` in assignments, returns and loops, not as the value of an
        // expression statement or an augmented or annotated assignment.
        let value = match stmt {
            Stmt::Expr(statement) => Some(&*statement.value),
            Stmt::AugAssign(assign) => Some(&*assign.value),
            Stmt::AnnAssign(assign) => assign.value.as_deref(),
            _ => None,
        };
        if let Some(starred @ Expr::Starred(_)) = value {
            self.scopes.found.borrow_mut().push(Found {
                phase: Phase::Compiler,
                range: starred.range(),
                message: "can't use starred expression here".into(),
            });
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
                self.nested(scope, |walker| walker.visit_body(&def.body));
            }
            Stmt::ClassDef(class) => {
                for decorator in &class.decorator_list {
                    self.visit_decorator(decorator);
                }
                if let Some(arguments) = &class.arguments {
                    self.visit_arguments(arguments);
                }
                self.nested(Scope::Class, |walker| walker.visit_body(&class.body));
            }
            Stmt::For(for_stmt) => {
                self.visit_expr(&for_stmt.iter);
                self.visit_expr(&for_stmt.target);
                self.in_loop(|walker| walker.visit_body(&for_stmt.body));
                self.visit_body(&for_stmt.orelse);
            }
            Stmt::While(while_stmt) => {
                self.visit_expr(&while_stmt.test);
                self.in_loop(|walker| walker.visit_body(&while_stmt.body));
                self.visit_body(&while_stmt.orelse);
            }
            _ => walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        self.checker.visit_expr(expr, &self.scopes);
        match expr {
            Expr::Lambda(lambda) => {
                if let Some(parameters) = &lambda.parameters {
                    self.visit_parameters(parameters);
                }
                self.nested(Scope::Lambda, |walker| walker.visit_expr(&lambda.body));
            }
            Expr::ListComp(_) | Expr::SetComp(_) | Expr::DictComp(_) | Expr::Generator(_) => {
                let parts = Comprehension::of(expr);
                if let Some(first) = parts.generators.first() {
                    self.visit_expr(&first.iter);
                }
                let scope = Scope::Comprehension {
                    kind: match expr {
                        Expr::ListComp(_) => "list comprehension",
                        Expr::SetComp(_) => "set comprehension",
                        Expr::DictComp(_) => "dict comprehension",
                        _ => "generator expression",
                    },
                    is_async: parts.generators.iter().any(|g| g.is_async),
                    generator: matches!(expr, Expr::Generator(_)),
                    range: expr.range(),
                };
                self.nested(scope, |walker| parts.visit_rest(walker));
            }
            _ => walk_expr(self, expr),
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
