//! `docsite init`: a new site that builds at once with the built-in default theme.

use std::fs;
use std::path::Path;

use crate::error::{Error, Result};

/// The files of a new site, relative to its root.
const SCAFFOLD: &[(&str, &str)] = &[
    (
        "docsite.yaml",
        "title: My docsite\ndescription: Notes and tutorials whose code really runs\n# The site's address: the sitemap, the feeds and link previews need absolute URLs, and\n# `docsite build` warns (DS028) until it is set. `docsite serve` needs none.\n# base_url: https://example.com/\nbase_url: /\nlanguage: en\n# The byline of every post that names no `author` of its own, and a link for it:\n# author: Ada Lovelace\n# author_social: https://example.org/@ada\n",
    ),
    (".gitignore", "/public/\n/.public.docsite-*\n"),
    (
        "content/_index.md",
        "---\ntitle: My docsite\n---\n\nWelcome! Every post below keeps its code next to its prose.\n",
    ),
    ("content/posts/_index.md", "---\ntitle: Posts\ndescription: Everything published so far\n---\n"),
    (
        "content/posts/hello-docsite.md",
        r#"---
title: Hello, docsite
description: A first post with a Dockerfile and a Python script.
date_published: 20/02/2021
keywords: docsite, docker, python
---

This post shows what a docsite article looks like.

<!-- more -->

## A tiny Python script

```python file=hello.py
print("Hello from a container")
```

## Its Dockerfile

```dockerfile file=Dockerfile
FROM python:3.11.9-slim-bookworm
WORKDIR /app
COPY hello.py .
USER 10001
CMD ["python", "hello.py"]
```

Build and run it:

```console
$ docker build -t hello .
$ docker run --rm hello
Hello from a container
```
"#,
    ),
];

/// Create a new site in `dir`, which must be missing or empty.
pub fn init(dir: &Path) -> Result<()> {
    if dir.exists() {
        let mut entries = fs::read_dir(dir).map_err(Error::read(dir))?;
        if entries.next().is_some() {
            return Err(Error::InitNotEmpty {
                path: dir.to_path_buf(),
            });
        }
    }
    for (rel, text) in SCAFFOLD {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(Error::write(parent))?;
        }
        fs::write(&path, text).map_err(Error::write(&path))?;
    }
    Ok(())
}
