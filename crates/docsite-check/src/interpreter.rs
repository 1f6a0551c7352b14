//! Which Python an article's code runs on, so that its Python is judged as that CPython judges
//! it: the Python of the article's image (`FROM python:3.12-slim`), else the `python:` its page
//! or its site names, else the newest docsite checks. A post for 3.12 may use PEP 701 f-strings
//! and `type` statements; a post whose image is 3.11 is told that they need 3.12.

use crate::dockerfile::{Dockerfile, ImageRef};
use crate::python::{PythonVersion, NEWEST};

/// Where the Python an article runs on is said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The base image of the article's Dockerfile, as written (variables expanded).
    Image(String),
    /// The page's front matter (`python: "3.12"`).
    Page,
    /// `docsite.yaml` (`python: "3.12"`).
    Site,
    /// Nothing says: the newest Python docsite checks.
    Newest,
}

/// The Python an article runs on, and what says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interpreter {
    /// Its version.
    pub version: PythonVersion,
    /// What says so.
    pub source: Source,
}

impl Default for Interpreter {
    fn default() -> Self {
        Interpreter {
            version: NEWEST,
            source: Source::Newest,
        }
    }
}

impl Interpreter {
    /// The Python of the article: its Dockerfiles' (project files first; the last stage that
    /// names a Python image), else `setting`, else the newest.
    pub fn of_article<'a>(
        dockerfiles: impl IntoIterator<Item = &'a Dockerfile>,
        setting: Option<(PythonVersion, Source)>,
    ) -> Interpreter {
        let from_image = dockerfiles.into_iter().find_map(|dockerfile| {
            dockerfile.stages.iter().rev().find_map(|stage| {
                let image = dockerfile.expand(&stage.image)?;
                let version = image_version(&image)?;
                Some(Interpreter {
                    version,
                    source: Source::Image(image),
                })
            })
        });
        from_image
            .or_else(|| setting.map(|(version, source)| Interpreter { version, source }))
            .unwrap_or_default()
    }

    /// What a "needs a newer Python" message says of this Python.
    pub fn described(&self) -> String {
        let version = self.version;
        match &self.source {
            Source::Image(image) => format!("this article's image is `{image}`"),
            Source::Page => format!("this page's front matter says `python: \"{version}\"`"),
            Source::Site => format!("`docsite.yaml` says `python: \"{version}\"`"),
            Source::Newest => format!("docsite checks Python up to {version}"),
        }
    }

    /// How to get syntax that needs `needed`.
    pub fn help(&self, needed: PythonVersion) -> String {
        match &self.source {
            Source::Image(_) => format!(
                "base the image on Python {needed} or newer (`python:{needed}-slim`), or write it the {} way",
                self.version
            ),
            Source::Page | Source::Site => format!(
                "if the article's readers run Python {needed} or newer, say `python: \"{needed}\"`; else write it the {} way",
                self.version
            ),
            Source::Newest => format!("Python {needed} is newer than any docsite checks"),
        }
    }
}

/// The Python an image runs, when its reference says: `python:3.12-slim`, `python:3.11.9`,
/// `docker.io/library/python:3.10-bookworm`, `python:3` and `python` (the newest), or a tag
/// naming it (`tiangolo/uvicorn-gunicorn-fastapi:python3.11`, `…:py3.10`).
pub fn image_version(reference: &str) -> Option<PythonVersion> {
    let image = ImageRef::parse(reference);
    let repository = image.name.rsplit('/').next().unwrap_or(image.name);
    let official = repository == "python"
        && matches!(
            image.name,
            "python" | "library/python" | "docker.io/library/python" | "docker.io/python"
        );
    let tag = image.tag.unwrap_or("latest");
    if official {
        if tag == "latest" || tag == "3" || tag.starts_with("3-") {
            return Some(NEWEST);
        }
        return version_prefix(tag);
    }
    let at = tag.find("python").map(|at| at + 6).or_else(|| {
        tag.find("py3")
            .filter(|&at| at == 0 || !tag.as_bytes()[at - 1].is_ascii_alphanumeric())
            .map(|at| at + 2)
    })?;
    version_prefix(&tag[at..])
}

/// `3.12` from the start of `text` (`3.12.1-slim`, `3.12-bookworm`); `None` for anything else.
fn version_prefix(text: &str) -> Option<PythonVersion> {
    let mut parts = text.split(|c: char| !c.is_ascii_digit());
    let major: u8 = parts.next()?.parse().ok()?;
    let rest = text.split_once('.')?.1;
    let minor: u8 = rest
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()?;
    known(major, minor)
}

/// A version docsite can judge code as: 3.8 to the newest the parser knows.
fn known(major: u8, minor: u8) -> Option<PythonVersion> {
    let version = PythonVersion { major, minor };
    (major == 3 && (8..=PythonVersion::PY315.minor).contains(&minor)).then_some(version)
}

/// A `python:` setting (`"3.12"`, `3.12`, `"3.12.1"`), or why it cannot be one. YAML reads an
/// unquoted `3.10` as the number 3.1, which is refused with the quoted spelling as the fix.
pub fn setting(value: &serde_yaml::Value) -> Result<PythonVersion, String> {
    let text = match value {
        serde_yaml::Value::String(text) => text.trim().to_owned(),
        serde_yaml::Value::Number(number) => {
            let text = number.to_string();
            if text == "3.1" {
                return Err("YAML reads `3.10` as the number 3.1: write `python: \"3.10\"`".into());
            }
            text
        }
        _ => return Err("`python` must be a version such as \"3.12\"".into()),
    };
    version_prefix(&text)
        .filter(|_| {
            text.chars()
                .all(|c| c.is_ascii_digit() || c == '.')
        })
        .ok_or_else(|| {
            format!(
                "`{text}` is not a Python docsite checks: write a version from 3.8 to {}, such as \"{NEWEST}\"",
                PythonVersion::PY315
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(minor: u8) -> Option<PythonVersion> {
        Some(PythonVersion { major: 3, minor })
    }

    #[test]
    fn images_say_their_python() {
        assert_eq!(image_version("python:3.12-slim"), v(12));
        assert_eq!(image_version("python:3.11.9-bookworm"), v(11));
        assert_eq!(image_version("docker.io/library/python:3.10"), v(10));
        assert_eq!(image_version("python"), Some(NEWEST));
        assert_eq!(image_version("python:3-alpine"), Some(NEWEST));
        assert_eq!(
            image_version("tiangolo/uvicorn-gunicorn-fastapi:python3.11"),
            v(11)
        );
        assert_eq!(image_version("ghcr.io/x/app:py3.10-cuda"), v(10));
        for none in [
            "ubuntu:22.04",
            "tensorflow/tensorflow:2.16.1",
            "python:2.7",
            "myorg/python:1.0",
            "node:20",
        ] {
            assert_eq!(image_version(none), None, "{none}");
        }
    }

    #[test]
    fn the_image_comes_first_then_the_setting() {
        let dockerfile = crate::dockerfile::parse::parse(
            "ARG PY=3.11\nFROM python:${PY}-slim AS build\nFROM gcr.io/distroless/base\nFROM build\n",
        );
        let interpreter =
            Interpreter::of_article([&dockerfile], Some((PythonVersion::PY313, Source::Page)));
        assert_eq!(interpreter.version, PythonVersion::PY311);
        assert_eq!(interpreter.source, Source::Image("python:3.11-slim".into()));
        let none = crate::dockerfile::parse::parse("FROM ubuntu:24.04\n");
        assert_eq!(
            Interpreter::of_article([&none], Some((PythonVersion::PY312, Source::Site))).version,
            PythonVersion::PY312
        );
        assert_eq!(
            Interpreter::of_article([&none], None),
            Interpreter::default()
        );
    }

    #[test]
    fn settings_as_writers_write_them() {
        let yaml = |text: &str| serde_yaml::from_str::<serde_yaml::Value>(text).expect("YAML");
        assert_eq!(setting(&yaml("\"3.12\"")), Ok(PythonVersion::PY312));
        assert_eq!(setting(&yaml("3.12")), Ok(PythonVersion::PY312));
        assert_eq!(setting(&yaml("\"3.10.4\"")), Ok(PythonVersion::PY310));
        assert!(setting(&yaml("3.10")).unwrap_err().contains("\"3.10\""));
        assert!(setting(&yaml("\"2.7\"")).is_err());
        assert!(setting(&yaml("latest")).is_err());
    }
}
