//! Integration tests of `docsite build`: fixture sites in temp dirs, built by the real binary,
//! asserted on the HTML they produce.

#[path = "../common/mod.rs"]
mod common;

mod blog;
mod cli;
mod existing_markdown;
mod front_matter;
mod highlight;
mod markdown;
mod messages;
mod output;
mod rebuild;
mod search;
mod themes;
mod tutorial;
mod urls;
