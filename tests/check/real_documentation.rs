//! False alarms and misses found by checking real documentation
//! trees (docker/labs, docker/awesome-compose), each on a small site through the real binary.

use super::{docsite, json_lines, report, write};

/// `docsite check` over a site of the given files: every diagnostic as
/// `severity[RULE] file:line:column: message`, in report order.
fn check(files: &[(&str, &str)]) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        write(dir.path(), path, text);
    }
    report(dir.path())
}

fn page(body: &str) -> String {
    format!("---\ntitle: X\n---\n\n{body}")
}

const FLASK_POST: &str = "A Dockerfile:\n\n```dockerfile\nFROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nUSER 1000\nCMD [\"python\", \"app.py\"]\n```\n\nThe app:\n\n```python\nfrom flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == \"__main__\":\n    app.run(host=\"0.0.0.0\", port=5000)\n```\n\n```console\n$ docker run -p 5000:5000 x\n```\n";

#[test]
fn a_plain_post_gets_syntax_and_lint_checks_but_no_cross_file_checks() {
    let found = check(&[("content/x.md", &page(FLASK_POST))]);
    assert_eq!(found, Vec::<String>::new());
}

#[test]
fn a_bundle_declares_a_project_and_gets_cross_file_checks() {
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
fn escape_directive_and_powershell_carry_over_to_later_excerpts() {
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
fn an_unnamed_block_with_its_own_from_does_not_inherit_the_escape() {
    let body = "```dockerfile\n# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nUSER ContainerUser\n```\n\n```dockerfile\nFROM debian:12\nRUN ls `\n    -l\nUSER 1000\n```\n";
    let found = check(&[("content/x.md", &page(body))]);
    assert_eq!(
        found,
        ["error[DF001] content/x.md:14:5: unknown instruction `-l`"]
    );
}

#[test]
fn excerpts_are_not_linted_for_what_only_a_whole_file_shows() {
    let body = "```dockerfile\nFROM golang:1.22 AS builder\nRUN go build -o /app\n```\n\nThen the final stage:\n\n```dockerfile\nCOPY --from=builder /app /app\nCOPY --from=2 /x /x\nUSER root\n```\n";
    let found = check(&[("content/x.md", &page(body))]);
    assert_eq!(found, Vec::<String>::new());
}

#[test]
fn elision_lines_are_not_syntax_errors() {
    // awesome-compose READMEs show compose excerpts with `...` lines.
    let body = "```yaml\nservices:\n  web:\n    image: nginx:1.27\n    ...\n  db:\n    image: postgres:16\n  …\n```\n\n```json\n{\n  \"a\": 1\n  ...\n}\n```\n\n```toml\n[tool]\n…\nname = \"x\"\n```\n\n```dockerfile\nFROM python:3.11-slim\n...\nUSER 1000\n```\n\n```python\ndef f():\n    …\n```\n";
    let found = check(&[("content/x.md", &page(body))]);
    assert_eq!(found, Vec::<String>::new());
}

#[test]
fn a_session_without_prompts_is_output_and_a_script_without_prompts_is_commands() {
    let body = "```console\nSuccessfully built 1a2b (it's cached\nDone\n```\n\n```bash\necho \"unclosed\n```\n";
    let found = check(&[("content/x.md", &page(body))]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("error[SH001] content/x.md:11:1: shell syntax error"),
        "{found:?}"
    );
}

#[test]
fn a_windows_excerpt_without_the_escape_directive_reads_backticks_as_continuations() {
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

/// A project of three `file=` blocks: the app, its requirements, its Dockerfile; then commands.
fn project(app: &str, requirements: &str, dockerfile: &str, commands: &str) -> String {
    page(&format!(
        "```python file=app.py\n{app}```\n\n```requirements file=requirements.txt\n{requirements}```\n\n```dockerfile file=Dockerfile\n{dockerfile}```\n\n```console\n{commands}```\n"
    ))
}

const DOCKERFILE_8000: &str = "FROM python:3.11.9-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nUSER 1000\nEXPOSE 8000\nCMD [\"python\", \"app.py\"]\n";

#[test]
fn an_import_a_requirement_brings_along_is_a_warning_to_pin_it() {
    let app = "from flask import Flask\nfrom jinja2 import Template\nimport numpy\n\napp = Flask(__name__)\n";
    let found = check(&[(
        "content/x.md",
        &project(app, "flask==3.0.3\npandas==2.2.2\n", DOCKERFILE_8000, ""),
    )]);
    assert_eq!(
        found,
        [
            "warning[XF009] content/x.md:7:6: `jinja2` is only installed because `flask` depends on it",
            "warning[XF009] content/x.md:8:8: `numpy` is only installed because `pandas` depends on it",
        ]
    );
}

#[test]
fn one_import_name_may_come_from_several_distributions() {
    let app = "import mysql.connector\nimport yaml\nimport cv2\nimport psycopg2\n";
    let requirements = "mysql-connector==2.2.9\nPyYAML==6.0.1\nopencv-python-headless==4.10.0.84\npsycopg2-binary==2.9.9\n";
    let found = check(&[(
        "content/x.md",
        &project(app, requirements, DOCKERFILE_8000, ""),
    )]);
    assert_eq!(found, Vec::<String>::new());
}

#[test]
fn a_port_from_the_environment_binds_its_default() {
    let app = "import os\n\nfrom flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == \"__main__\":\n    app.run(host=\"0.0.0.0\", port=int(os.environ.get(\"PORT\", \"8000\")))\n";
    let found = check(&[(
        "content/x.md",
        &project(
            app,
            "flask==3.0.3\n",
            DOCKERFILE_8000,
            "$ docker run -p 8000:8000 app\n",
        ),
    )]);
    assert_eq!(found, Vec::<String>::new());
}

#[test]
fn a_module_imported_several_times_is_one_missing_requirement() {
    let app = "from sklearn.linear_model import LinearRegression\nfrom sklearn.metrics import r2_score\nimport sklearn\n";
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "content/x.md",
        &project(app, "flask==3.0.3\n", DOCKERFILE_8000, ""),
    );
    let output = docsite(dir.path(), &["check", "--format", "json"]);
    let diagnostics = json_lines(&output);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0]["rule"], "XF006");
    assert_eq!(diagnostics[0]["line"], 6);
    assert_eq!(
        diagnostics[0]["message"],
        "`sklearn` is imported but `scikit-learn` is not in the requirements"
    );
    assert_eq!(diagnostics[0]["label"], "also imported on lines 7, 8");
}

#[test]
fn entrypoint_and_cmd_run_together_and_stages_inherit_their_parent() {
    let app = "from flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == \"__main__\":\n    app.run(host=\"0.0.0.0\", port=8000)\n";
    let dockerfile = "FROM python:3.11.9-slim AS base\nWORKDIR /app\nCOPY . .\nEXPOSE 5000\nENTRYPOINT [\"python3\"]\nCMD [\"app.py\"]\n\nFROM base\nUSER 1000\n";
    let found = check(&[(
        "content/x.md",
        &project(app, "flask==3.0.3\n", dockerfile, ""),
    )]);
    assert_eq!(
        found,
        ["warning[XF004] content/x.md:22:8: `EXPOSE 5000` but the app listens on port 8000"]
    );
    let missing = dockerfile.replace("CMD [\"app.py\"]", "CMD [\"server.py\"]");
    let found = check(&[(
        "content/x.md",
        &project(app, "flask==3.0.3\n", &missing, ""),
    )]);
    assert!(
        found.contains(
            &"error[XF003] content/x.md:23:12: `server.py` is not in the article's project"
                .to_owned()
        ),
        "{found:#?}"
    );
}

#[test]
fn pip_install_of_a_requirements_file_never_copied_is_an_error() {
    let dockerfile = "FROM python:3.11.9-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirement.txt\nCOPY . .\nUSER 1000\nEXPOSE 8000\nCMD [\"python\", \"app.py\"]\n";
    let app = "from flask import Flask\n\napp = Flask(__name__)\n";
    let found = check(&[(
        "content/x.md",
        &project(app, "flask==3.0.3\n", dockerfile, ""),
    )]);
    assert_eq!(
        found,
        ["error[XF010] content/x.md:19:35: `requirement.txt` is not in the image: no earlier `COPY` puts it at `/app/requirement.txt`"]
    );
    // `COPY . .` first: the project's requirements.txt is in the image.
    let copied_all = "FROM python:3.11.9-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r /app/requirements.txt\nUSER 1000\nEXPOSE 8000\nCMD [\"python\", \"app.py\"]\n";
    let found = check(&[(
        "content/x.md",
        &project(app, "flask==3.0.3\n", copied_all, ""),
    )]);
    assert_eq!(found, Vec::<String>::new());
}

#[test]
fn docker_run_must_publish_the_port_the_app_binds_whatever_expose_says() {
    let app = "from flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == \"__main__\":\n    app.run(host=\"0.0.0.0\", port=8000)\n";
    let dockerfile = DOCKERFILE_8000.replace("EXPOSE 8000", "EXPOSE 80");
    let found = check(&[(
        "content/x.md",
        &project(
            app,
            "flask==3.0.3\n",
            &dockerfile,
            "$ docker run -p 8080:80 app\n",
        ),
    )]);
    assert_eq!(
        found,
        [
            "warning[XF004] content/x.md:25:8: `EXPOSE 80` but the app listens on port 8000",
            "error[XF007] content/x.md:30:17: `-p 8080:80` publishes container port 80, but the app listens on 8000",
        ]
    );
}

#[test]
fn a_deprecated_requirement_name_says_what_to_require() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "content/x.md",
        &page("```requirements\nsklearn\n```\n"),
    );
    let output = docsite(dir.path(), &["check", "--format", "json"]);
    let diagnostics = json_lines(&output);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(
        diagnostics[0]["message"],
        "`sklearn` is a deprecated name on PyPI"
    );
    assert_eq!(
        diagnostics[0]["help"],
        "require `scikit-learn==<version>` instead: installing `sklearn` fails"
    );
}

#[test]
fn the_build_context_is_the_dockerfiles_folder_or_the_one_context_names() {
    let app = "from flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == \"__main__\":\n    app.run(host=\"0.0.0.0\", port=5000)\n";
    let dockerfile = "FROM python:3.11.9-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY app.py notes.md ./\nCOPY README.md .\nUSER 1000\nEXPOSE 5000\nCMD [\"python\", \"app.py\"]\n";
    let found = check(&[
        (
            "content/post/index.md",
            &page("The service is in `svc/`.\n"),
        ),
        ("content/post/README.md", "# top\n"),
        ("content/post/svc/Dockerfile", dockerfile),
        ("content/post/svc/app.py", app),
        ("content/post/svc/requirements.txt", "flask==3.0.3\n"),
        ("content/post/svc/notes.md", "notes\n"),
        ("content/post/svc/.dockerignore", "*.md\n"),
    ]);
    assert_eq!(
        found,
        [
            "error[XF002] content/post/svc/Dockerfile:5:13: `notes.md` is excluded by `.dockerignore`",
            "error[XF002] content/post/svc/Dockerfile:6:6: `README.md` is not in the build context `svc/`",
        ]
    );

    let body = format!(
        "```python file=app/app.py\n{app}```\n\n```requirements file=app/requirements.txt\nflask==3.0.3\n```\n\n```dockerfile file=Dockerfile context=app\n{}```\n",
        dockerfile.replace("app.py notes.md ./", "app.py ./").replace("COPY README.md .\n", "")
    );
    assert_eq!(
        check(&[("content/x.md", &page(&body))]),
        Vec::<String>::new()
    );
    let root_context = body.replace(" context=app", "");
    assert_eq!(
        check(&[("content/x.md", &page(&root_context))]),
        [
            "error[XF002] content/x.md:21:6: `requirements.txt` is not in the article's project",
            "error[XF002] content/x.md:23:6: `app.py` is not in the article's project",
            "error[XF003] content/x.md:26:5: `app.py` is not in the article's project",
        ]
    );
}

#[test]
fn shell_commands_in_a_dockerfile_block_say_how_to_label_them() {
    // Issue 19 changed this from an error per line (DF001) to one warning for the block: the
    // block is shell, and is highlighted and checked as shell.
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "content/x.md",
        &page("```Dockerfile\ndocker image build --tag app .\n```\n"),
    );
    let output = docsite(dir.path(), &["check", "--format", "json"]);
    let found = json_lines(&output);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["rule"], "DS027");
    assert_eq!(found[0]["severity"], "warning");
    assert_eq!(
        found[0]["message"],
        "this `dockerfile` block reads as shell commands"
    );
    assert_eq!(
        found[0]["help"],
        "it is highlighted and checked as shell commands; write ```bash to say so, or `check=false` to leave it unchecked"
    );
}

#[test]
fn every_spelling_of_docker_run_is_read_for_the_ports_it_publishes() {
    let app = "from flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == \"__main__\":\n    app.run(host=\"0.0.0.0\", port=5000)\n";
    let dockerfile = DOCKERFILE_8000.replace("EXPOSE 8000", "EXPOSE 5000");
    let found = check(&[(
        "content/x.md",
        &project(
            app,
            "flask==3.0.3\n",
            &dockerfile,
            "$ docker run -p 8000:8000 app\n$ docker run -dp 8001:8001 app\n$ docker container run -p 8002:8002 app\n$ docker --context ci run --publish=8003:8003 app\n$ docker run -d -p 8004:5000 app\n",
        ),
    )]);
    assert_eq!(
        found,
        [
            "error[XF007] content/x.md:30:17: `-p 8000:8000` publishes container port 8000, but the app listens on 5000",
            "error[XF007] content/x.md:31:18: `-p 8001:8001` publishes container port 8001, but the app listens on 5000",
            "error[XF007] content/x.md:32:27: `-p 8002:8002` publishes container port 8002, but the app listens on 5000",
            "error[XF007] content/x.md:33:27: `-p 8003:8003` publishes container port 8003, but the app listens on 5000",
        ]
    );
}

#[test]
fn include_directives_of_documentation_tools_stand_for_the_file_they_include() {
    // FastAPI's docs (MkDocs markdown-include and its own `{* *}`), Material's snippets,
    // mdBook's and Hugo's includes: the line is another file's code when the docs are built.
    let found = check(&[(
        "content/x.md",
        &page(
            "```python\n{!> ../../docs_src/python_types/tutorial008b_py310.py!}\n```\n\n```python\n{* ../../docs_src/first_steps/tutorial001.py hl[3] *}\n```\n\n```python\nimport os\n--8<-- \"snippets/settings.py\"\nprint(os.sep)\n```\n\n```python\n{{#include ../listings/app.py}}\n```\n\n```python\ndef broken(:\n```\n",
        ),
    )]);
    assert_eq!(
        found,
        ["error[PY001] content/x.md:24:12: invalid syntax"],
        "the broken block is still an error"
    );
}

#[test]
fn a_link_that_is_a_templates_expression_is_not_checked() {
    let found = check(&[(
        "content/x.md",
        &page(
            "[Sponsor]({{ sponsor.url }}) and <a href=\"{{ user.url }}\"><img src=\"{{ user.avatarUrl }}\"></a> and [a page]({% link missing.md %}).\n\n[Broken](missing.md)\n",
        ),
    )]);
    assert_eq!(
        found,
        ["error[DS014] content/x.md:7:1: broken link: `missing.md` leads to no page or file of the site"]
    );
}
