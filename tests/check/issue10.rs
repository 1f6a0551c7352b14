//! Regression tests of issue 10: false alarms and misses found by checking real documentation
//! trees (docker/labs, docker/awesome-compose), each on a small site through the real binary.

use std::path::Path;

use super::{docsite, json_lines, write};

/// `docsite check` over a site of the given files: every diagnostic as
/// `severity[RULE] file:line:column: message`, in report order.
fn check(files: &[(&str, &str)]) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        write(dir.path(), path, text);
    }
    report(dir.path())
}

fn report(root: &Path) -> Vec<String> {
    let output = docsite(root, &["check", "--format", "json"]);
    json_lines(&output)
        .iter()
        .map(|d| {
            format!(
                "{}[{}] {}:{}:{}: {}",
                d["severity"].as_str().unwrap_or(""),
                d["rule"].as_str().unwrap_or(""),
                d["file"].as_str().unwrap_or(""),
                d["line"],
                d["column"],
                d["message"].as_str().unwrap_or("")
            )
        })
        .collect()
}

fn page(body: &str) -> String {
    format!("---\ntitle: X\n---\n\n{body}")
}

const FLASK_POST: &str = "A Dockerfile:\n\n```dockerfile\nFROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nUSER 1000\nCMD [\"python\", \"app.py\"]\n```\n\nThe app:\n\n```python\nfrom flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == \"__main__\":\n    app.run(host=\"0.0.0.0\", port=5000)\n```\n\n```console\n$ docker run -p 5000:5000 x\n```\n";

#[test]
fn issue10_a_plain_post_gets_syntax_and_lint_checks_but_no_cross_file_checks() {
    let found = check(&[("content/x.md", &page(FLASK_POST))]);
    assert_eq!(found, Vec::<String>::new());
}

#[test]
fn issue10_a_bundle_declares_a_project_and_gets_cross_file_checks() {
    let found = check(&[
        ("content/post/index.md", &page(FLASK_POST)),
        (
            "content/post/app.py",
            "from flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == \"__main__\":\n    app.run(host=\"0.0.0.0\", port=5000)\n",
        ),
    ]);
    assert_eq!(
        found,
        ["error[XF002] content/post/index.md:10:6: `requirements.txt` is not in the article's project"]
    );
}

#[test]
fn issue10_escape_directive_and_powershell_carry_over_to_later_excerpts() {
    // docker/labs windows/registry/part-1.md: the escape directive and SHELL in one block,
    // backtick continuations and PowerShell in the next.
    let body = "```Dockerfile\n# escape=`\nFROM golang:1.21-windowsservercore\nSHELL [\"powershell\", \"-Command\", \"$ErrorActionPreference = 'Stop';\"]\n```\n\nThen:\n\n```Dockerfile\nRUN pip install flask | Out-Null ; `\n    cd c:\\app\nCMD go get github.com/docker/distribution/cmd/registry ; `\n    cp \\\"$env:GOPATH\\bin\\registry.exe\\\" c:\\out\\ ; `\n    cp x c:\\out\\config.yml\n```\n";
    let found = check(&[("content/x.md", &page(body))]);
    assert_eq!(
        found,
        ["warning[DF019] content/x.md:16:5: shell form for `CMD`: it runs under `powershell -Command $ErrorActionPreference = 'Stop';`"]
    );
}

#[test]
fn issue10_an_unnamed_block_with_its_own_from_does_not_inherit_the_escape() {
    let body = "```dockerfile\n# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nUSER ContainerUser\n```\n\n```dockerfile\nFROM debian:12\nRUN ls `\n    -l\nUSER 1000\n```\n";
    let found = check(&[("content/x.md", &page(body))]);
    assert_eq!(
        found,
        ["error[DF001] content/x.md:14:5: unknown instruction `-l`"]
    );
}

#[test]
fn issue10_excerpts_are_not_linted_for_what_only_a_whole_file_shows() {
    let body = "```dockerfile\nFROM golang:1.22 AS builder\nRUN go build -o /app\n```\n\nThen the final stage:\n\n```dockerfile\nCOPY --from=builder /app /app\nCOPY --from=2 /x /x\nUSER root\n```\n";
    let found = check(&[("content/x.md", &page(body))]);
    assert_eq!(found, Vec::<String>::new());
}

#[test]
fn issue10_elision_lines_are_not_syntax_errors() {
    // awesome-compose READMEs show compose excerpts with `...` lines.
    let body = "```yaml\nservices:\n  web:\n    image: nginx:1.27\n    ...\n  db:\n    image: postgres:16\n  …\n```\n\n```json\n{\n  \"a\": 1\n  ...\n}\n```\n\n```toml\n[tool]\n…\nname = \"x\"\n```\n\n```dockerfile\nFROM python:3.11-slim\n...\nUSER 1000\n```\n\n```python\ndef f():\n    …\n```\n";
    let found = check(&[("content/x.md", &page(body))]);
    assert_eq!(found, Vec::<String>::new());
}

#[test]
fn issue10_a_session_without_prompts_is_output_and_a_script_without_prompts_is_commands() {
    let body = "```console\nSuccessfully built 1a2b (it's cached\nDone\n```\n\n```bash\necho \"unclosed\n```\n";
    let found = check(&[("content/x.md", &page(body))]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("error[SH001] content/x.md:11:1: shell syntax error"),
        "{found:?}"
    );
}

#[test]
fn issue10_a_windows_excerpt_without_the_escape_directive_reads_backticks_as_continuations() {
    // docker/labs windows/sql-server/part-1.md: `SHELL ["powershell"]` in one block, and
    // backtick continuations in the next, with the file's `# escape=` left out of the post.
    let body = "```Dockerfile\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\"]\nUSER ContainerUser\n```\n\nThen:\n\n```Dockerfile\nRUN Install-PackageProvider -Name chocolatey -Force; `\n    Install-Package -Name microsoft-build-tools -Force\n```\n\n```dockerfile\nFROM debian:12\nRUN echo update `\n    install-it\nUSER 1000\n```\n";
    let found = check(&[("content/x.md", &page(body))]);
    assert_eq!(
        found,
        ["error[DF001] content/x.md:21:5: unknown instruction `install-it`"],
        "a whole Dockerfile without the directive is what docker reads"
    );
}
