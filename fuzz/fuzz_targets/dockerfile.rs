//! Fuzzes the Dockerfile parser and every Dockerfile rule, through the check stage of a page
//! holding the input as one ```` ```dockerfile ```` block, and renders every diagnostic.
#![no_main]

use docsite::check::check_markdown;
use docsite::config::Config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(dockerfile) = std::str::from_utf8(data) else {
        return;
    };
    // A fence longer than any run of backticks in the input, so the input cannot close it.
    let longest_run = dockerfile
        .split(|c| c != '`')
        .map(str::len)
        .max()
        .unwrap_or(0);
    let fence = "`".repeat(longest_run.max(2) + 1);
    let mut markdown = format!("{fence}dockerfile\n{dockerfile}");
    if !dockerfile.ends_with('\n') {
        markdown.push('\n');
    }
    markdown.push_str(&fence);
    markdown.push('\n');
    for diagnostic in check_markdown(&markdown, &Config::default()) {
        diagnostic.render(false);
    }
});
