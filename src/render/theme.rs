//! Finding a theme's templates and static files: `themes/<name>/` in the site, or the default
//! theme built into the binary, with the site's own `templates/` and `static/` winning by name.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use walkdir::WalkDir;

use crate::config::{Config, CONFIG_FILE};
use crate::diagnostic::{Diagnostic, Location};
use crate::error::{Error, Result};
use docsite_check::site_rules as rules;

/// The largest template read.
const TEMPLATE_LIMIT: u64 = 10 << 20;

/// The default theme, so `docsite init` sites build without copying a theme.
static BUILT_IN_DEFAULT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a theme or site file comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThemeFile {
    /// A file on disk (absolute path) shown to people as `display`.
    Disk {
        /// Absolute path, for reading and copying.
        path: PathBuf,
        /// Path relative to the site root, for messages.
        display: PathBuf,
    },
    /// A file of the built-in default theme.
    BuiltIn(&'static include_dir::File<'static>),
}

impl ThemeFile {
    /// The path to show in messages.
    pub fn display(&self) -> PathBuf {
        match self {
            ThemeFile::Disk { display, .. } => display.clone(),
            ThemeFile::BuiltIn(file) => Path::new("<built-in default theme>").join(file.path()),
        }
    }
}

/// A template: its name (path under `templates/`) and its text.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    /// Where it was read from.
    pub origin: ThemeFile,
    /// The template's text.
    pub text: String,
}

/// Everything a theme contributes, after site overrides.
#[derive(Debug, Clone, Default)]
pub struct ThemeFiles {
    /// Templates by name (`page.html`, `partials/nav.html`).
    pub templates: BTreeMap<String, TemplateSource>,
    /// Static files by output path.
    pub static_files: BTreeMap<PathBuf, ThemeFile>,
}

/// Collect the templates and static files for `config.theme`, then the site's own.
pub fn resolve(root: &Path, config: &Config) -> Result<ThemeFiles> {
    let mut files = ThemeFiles::default();
    let theme_dir = root.join("themes").join(&config.theme);
    if theme_dir.is_dir() {
        add_disk_dir(root, &theme_dir.join("templates"), &mut files, true)?;
        add_disk_dir(root, &theme_dir.join("static"), &mut files, false)?;
    } else if config.theme == "default" {
        add_built_in(&mut files);
    } else {
        return Err(Error::Diagnostics(vec![theme_not_found(root, config)]));
    }
    add_disk_dir(root, &root.join("templates"), &mut files, true)?;
    add_disk_dir(root, &root.join("static"), &mut files, false)?;
    Ok(files)
}

fn theme_not_found(root: &Path, config: &Config) -> Diagnostic {
    let mut diagnostic = rules::ds009::RULE
        .diagnostic(format!("theme `{}` not found", config.theme))
        .help(format!(
            "create `themes/{}/templates/`, or remove `theme:` to use the built-in default theme",
            config.theme
        ));
    let text = std::fs::read_to_string(root.join(CONFIG_FILE)).unwrap_or_default();
    if let Some((line, column)) = crate::yaml::value_position(&text, "theme") {
        diagnostic = diagnostic
            .at(Location::in_text(CONFIG_FILE, &text, line, column)
                .with_len(config.theme.chars().count()))
            .label(format!("no folder `themes/{}`", config.theme));
    }
    diagnostic
}

fn add_disk_dir(root: &Path, dir: &Path, files: &mut ThemeFiles, templates: bool) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|err| Error::Read {
            path: err.path().unwrap_or(dir).to_path_buf(),
            source: err.into(),
        })?;
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || crate::content::walk::is_editor_junk(&name) {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .expect("under dir")
            .to_path_buf();
        let origin = ThemeFile::Disk {
            path: entry.path().to_path_buf(),
            display: entry
                .path()
                .strip_prefix(root)
                .unwrap_or(entry.path())
                .to_path_buf(),
        };
        if templates {
            let text = read_template(entry.path()).map_err(Error::read(entry.path()))?;
            files
                .templates
                .insert(template_name(&rel), TemplateSource { origin, text });
        } else {
            files.static_files.insert(rel, origin);
        }
    }
    Ok(())
}

/// A template's text, through `read`: the walk saw a regular file, but a FIFO put in its place
/// since would block `docsite serve`'s rebuild for ever.
fn read_template(path: &Path) -> std::io::Result<String> {
    let bytes = crate::read::bounded(path, TEMPLATE_LIMIT).map_err(|refused| match refused {
        crate::read::Refused::Io(err) => err,
        other => std::io::Error::other(other.to_string()),
    })?;
    String::from_utf8(bytes)
        .map_err(|err| std::io::Error::new(std::io::ErrorKind::InvalidData, err))
}

fn add_built_in(files: &mut ThemeFiles) {
    let mut stack = vec![&BUILT_IN_DEFAULT];
    while let Some(dir) = stack.pop() {
        stack.extend(dir.dirs());
        for file in dir.files() {
            if let Ok(rel) = file.path().strip_prefix("templates") {
                let text = unindent(&String::from_utf8_lossy(file.contents()));
                let origin = ThemeFile::BuiltIn(file);
                files
                    .templates
                    .insert(template_name(rel), TemplateSource { origin, text });
            } else if let Ok(rel) = file.path().strip_prefix("static") {
                files
                    .static_files
                    .insert(rel.to_path_buf(), ThemeFile::BuiltIn(file));
            }
        }
    }
}

/// The built-in templates without each line's leading indentation: they are indented to be
/// read, and every page would otherwise carry the indentation (700 bytes an article). Lines
/// are kept, so a template error still names the right line.
fn unindent(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|line| line.trim_start_matches([' ', '\t']))
        .collect()
}

/// Template names always use `/`, whatever the platform.
fn template_name(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
