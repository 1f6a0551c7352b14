//! Lines that read as shell commands, told from output, configuration and prose: the first word
//! names a command a reader types (`docker`, `kubectl`, `./run.sh`), a shell keyword, or a
//! lowercase program followed by a flag (`mytool --help`).

/// Programs tutorials have readers type, beyond the shell's own words.
const PROGRAMS: &[&str] = &[
    "ab",
    "apk",
    "apt",
    "apt-get",
    "aws",
    "awk",
    "az",
    "base64",
    "bash",
    "brew",
    "bundle",
    "bunx",
    "cargo",
    "cat",
    "cd",
    "chmod",
    "chown",
    "clear",
    "conda",
    "cp",
    "crictl",
    "curl",
    "cut",
    "date",
    "deno",
    "df",
    "diff",
    "dig",
    "dnf",
    "docker",
    "docker-compose",
    "docker-machine",
    "dotnet",
    "du",
    "echo",
    "env",
    "eval",
    "exit",
    "export",
    "find",
    "flask",
    "free",
    "gcloud",
    "gem",
    "git",
    "go",
    "gradle",
    "grep",
    "grpcurl",
    "gsutil",
    "gunicorn",
    "gzip",
    "head",
    "helm",
    "history",
    "hostname",
    "htop",
    "http",
    "huggingface-cli",
    "ifconfig",
    "ip",
    "java",
    "jq",
    "jupyter",
    "kill",
    "kind",
    "kubectl",
    "less",
    "ln",
    "ls",
    "make",
    "man",
    "minikube",
    "mkdir",
    "mlflow",
    "more",
    "mount",
    "mv",
    "mvn",
    "nano",
    "nc",
    "netstat",
    "nginx",
    "node",
    "nohup",
    "npm",
    "npx",
    "nslookup",
    "nvidia-smi",
    "ollama",
    "open",
    "openssl",
    "pip",
    "pip3",
    "pipenv",
    "pnpm",
    "podman",
    "poetry",
    "printf",
    "ps",
    "pwd",
    "python",
    "python3",
    "rails",
    "rm",
    "rmdir",
    "rsync",
    "ruby",
    "scp",
    "sed",
    "service",
    "sh",
    "sleep",
    "sort",
    "source",
    "ssh",
    "ssh-keygen",
    "streamlit",
    "sudo",
    "systemctl",
    "tail",
    "tar",
    "tee",
    "telnet",
    "terraform",
    "top",
    "touch",
    "tr",
    "uname",
    "uniq",
    "unset",
    "unzip",
    "uv",
    "uvicorn",
    "vi",
    "vim",
    "watch",
    "wc",
    "wget",
    "which",
    "whoami",
    "xargs",
    "yarn",
    "yum",
    "zip",
    "zsh",
];

/// Words of the shell language a command line may start with.
const KEYWORDS: &[&str] = &[
    "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac",
    "function", "select", "alias", "set", "read", "local", "declare", "trap", "wait", "exec",
    "return", "shift", "test", "true", "false", ".", "[", "[[", "{", "}", "(", ")",
];

/// True when `line` reads as a shell command (its prompt already removed).
pub fn is_command(line: &str) -> bool {
    let mut words = line.split_whitespace();
    let Some(mut word) = words.next() else {
        return false;
    };
    // `VAR=value` is a command of its own (`VAR=value cmd` too); `sudo cmd` is `cmd`.
    if is_assignment(word) {
        return true;
    }
    while word == "sudo" {
        match words.next() {
            Some(next) => word = next,
            None => return true,
        }
    }
    if PROGRAMS.contains(&word) || KEYWORDS.contains(&word) {
        return true;
    }
    let executable = (word.starts_with("./") || word.starts_with('/') || word.starts_with("~/"))
        && word.len() > 2
        && !word.ends_with(':');
    if executable {
        return true;
    }
    is_program_name(word) && words.next().is_some_and(|next| next.starts_with('-'))
}

/// True for a program tutorials have readers type (`docker`, `pip`, `kubectl`).
pub fn is_program(word: &str) -> bool {
    PROGRAMS.contains(&word)
}

/// `NAME=value` (or `NAME=$(…)`): an assignment, as a command line may begin.
pub fn is_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !name.starts_with(|c: char| c.is_ascii_digit())
    })
}

/// A lowercase program name: `mytool`, `docker-compose`, `kube.sh`.
fn is_program_name(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_lowercase())
        && word
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands() {
        for line in [
            "docker run -it alpine",
            "sudo ip netns add test1",
            "PORT=8000 python app.py",
            "export FLASK_APP=app.py",
            "./hack/install.sh",
            "mytool --help",
            "for f in *.log; do",
            "TOKEN=$(cat token)",
        ] {
            assert!(is_command(line), "{line}");
        }
    }

    #[test]
    fn not_commands() {
        for line in [
            "Unable to find image 'alpine:latest' locally",
            "CONTAINER ID   IMAGE   COMMAND",
            "latest: Pulling from library/alpine",
            "ff3a5c916c92: Pull complete",
            "services:",
            "  image: nginx",
            "\"Aliases\": [",
            "| NVIDIA-SMI 545.29.01 |",
            "Hello from Docker!",
            "FROM python:3.11-slim",
            "server {",
            "listen 80;",
        ] {
            assert!(!is_command(line), "{line}");
        }
    }
}
