//! The fast path of `docsite build`: when only the text of existing pages changed since the
//! previous build, that build's session is resumed from its state (see `state`) and each edited
//! page is applied as `serve` applies an edit. Every other file of the output is linked from the
//! previous output, unchanged. Whenever the fast path cannot account for a change (a page added,
//! a new URL, an error to report, an output file edited by hand), it gives up and the build is a
//! full one, so its result is always the one a full build would give.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::error::Result;
use crate::session::{Session, SessionOptions};
use crate::state::{self, Changes, Stamp, State};
use crate::{output, BuildOptions, BuildReport};

/// Beyond this many edited pages (a `git checkout`, a search and replace), a full build is
/// as fast and simpler.
const MOST_EDITS: usize = 200;

/// The build of `options` into `output` as a resumed session, or `None` when it must be a full
/// one.
pub fn try_rebuild(
    options: &BuildOptions,
    output: &Path,
    key: &str,
    inputs: &BTreeMap<PathBuf, Stamp>,
    started: Instant,
) -> Result<Option<BuildReport>> {
    let Some(state) = State::load(output, key) else {
        return Ok(None);
    };
    let Changes::Pages(edited) = state::changes(&state.inputs, inputs) else {
        return Ok(None);
    };
    if edited.len() > MOST_EDITS {
        return Ok(None);
    }
    let staging = output::Staging::create(output)?;
    let session_options = SessionOptions {
        root: options.root.clone(),
        drafts: options.drafts,
        base_url: options.base_url.clone(),
        publish: true,
    };
    let Some(mut session) = Session::resume(session_options, state, staging.previous_paths())?
    else {
        return Ok(None);
    };
    let lists_before = session.list_paths();
    session.expect_edits(&edited);
    for page in &edited {
        // An error in the edit is reported by the full build, with every other problem.
        if !matches!(session.apply_edit(page), Ok(Some(_))) {
            return Ok(None);
        }
    }
    session.sort_warnings();
    // Lists that went with the edits (a term no page has any more, a page of a shorter list).
    let lists_after = session.list_paths();
    session.remove_outputs(lists_before.difference(&lists_after).cloned());
    for (path, content) in &session.files {
        staging.write(path, content)?;
    }
    let carried = staging.carry_over(&|path: &Path| {
        !session.files.contains_key(path) && !session.removed.contains(path)
    })?;
    if !carried {
        return Ok(None);
    }
    let writes = staging.writes();
    let files = staging.count();
    staging.commit()?;
    let report = BuildReport {
        warnings: session.warnings(),
        pages: session.site.pages.len(),
        sections: session.site.sections.len(),
        files,
        writes,
        output: output.to_path_buf(),
        elapsed: started.elapsed(),
        changed_pages: Some(edited.len()),
    };
    session
        .keep(key.to_owned(), inputs.clone(), files)
        .save(output);
    Ok(Some(report))
}
