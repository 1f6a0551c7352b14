//! DS027: a code block's content is not the language of its label.

use crate::diagnostic::Severity;
use crate::problem::ProblemKind;
use crate::rule::{Check, Rule};

/// a code block's content is not the language of its label.
pub static RULE: Rule = Rule {
    id: "DS027",
    hadolint: None,
    severity: Severity::Warning,
    title: "code block reads as another language than its label",
    what: "Reports, once for the block, a code block whose content plainly is not the language its info string names: a ```` ```docker ```` block holding `$ docker network ls` and its output, a ```` ```python ```` block holding `pip install flask`, a ```` ```yaml ```` block starting with `kubectl apply -f - <<EOF`, or a Dockerfile block that goes on with `docker build` commands. docsite highlights and checks the block as what it is (the inference is described under \"Checking the code in posts\" in the README).",
    why: "The label picks the highlighting a reader sees and the checks the block gets. A console session checked as a Dockerfile would be an error on every line; highlighted as one, its output is coloured as instructions.",
    bad: "```docker\n$ docker network ls\nNETWORK ID     NAME      DRIVER    SCOPE\n7fca4eb8c647   bridge    bridge    local\n```",
    good: "```console\n$ docker network ls\nNETWORK ID     NAME      DRIVER    SCOPE\n7fca4eb8c647   bridge    bridge    local\n```",
    check: Check::Problem(ProblemKind::NotItsLabel),
};
