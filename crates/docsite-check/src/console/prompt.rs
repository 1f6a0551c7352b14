//! Prompts as terminals print them, so a session is read as the reader saw it: the first-line
//! prompts (PS1) of POSIX shells, PowerShell, cmd and the Python REPL, and the continuation
//! prompts (PS2) that follow an unfinished command.

/// What reads the command after a prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// A POSIX shell: `$ `, `% `, `# `, `user@host:~$ `, `~/app$ `, `/ # `, `(venv) $ `.
    Posix,
    /// PowerShell: `PS C:\> `, `PS> `.
    PowerShell,
    /// Windows cmd: `C:\Users\me> `.
    Cmd,
    /// The Python REPL: `>>> `.
    Python,
}

/// A prompt at the start of a line: its length in bytes (the space after it included) and the
/// shell it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prompt {
    /// Bytes of the line the prompt takes, trailing space included.
    pub len: usize,
    /// Who reads what follows.
    pub kind: PromptKind,
}

/// The prompt that starts `line`, if any. A bare `# ` is a root prompt only when `root_hash`
/// (a block whose other lines have no prompt): elsewhere it is a comment or output.
pub fn prompt(line: &str, root_hash: bool) -> Option<Prompt> {
    let posix = |len| Prompt {
        len,
        kind: PromptKind::Posix,
    };
    if let Some(len) = tagged("PS", line) {
        return Some(Prompt {
            len,
            kind: PromptKind::PowerShell,
        });
    }
    if let Some(len) = cmd_prompt(line) {
        return Some(Prompt {
            len,
            kind: PromptKind::Cmd,
        });
    }
    if line == ">>>" || line.starts_with(">>> ") {
        return Some(Prompt {
            len: line.len().min(4),
            kind: PromptKind::Python,
        });
    }
    // A virtualenv or conda environment before the prompt: `(venv) $ `.
    let env = environment_prefix(line);
    let rest = &line[env..];
    let sign = |at: usize| {
        let after = &rest[at..];
        let mut chars = after.chars();
        let symbol = chars.next()?;
        let ends = matches!(chars.next(), None | Some(' '));
        (matches!(symbol, '$' | '%' | '#') && ends).then(|| {
            let spaced = usize::from(after.len() > 1);
            env + at + 1 + spaced
        })
    };
    // Bare `$ `, `% `, and `# ` where allowed.
    if let Some(first) = rest.chars().next() {
        if (first == '$' || first == '%' || (first == '#' && root_hash))
            && matches!(rest.chars().nth(1), None | Some(' '))
        {
            return sign(0).map(posix);
        }
    }
    let before_sign = rest.find(['$', '#', '%'])?;
    let head = rest[..before_sign].trim_end();
    let head_ok = user_at_host(head) || path_like(head) || shell_version(head) || host_path(head);
    if !head_ok {
        return None;
    }
    sign(before_sign).map(posix)
}

/// True when `line` could follow a prompt as a continuation (PS2): `> `, or a lone `>`.
pub fn continuation(line: &str) -> Option<usize> {
    if line == ">" {
        Some(1)
    } else if line.starts_with("> ") {
        Some(2)
    } else {
        None
    }
}

/// `PS C:\path> `, `PS /home/me> `, `PS> `.
fn tagged(tag: &str, line: &str) -> Option<usize> {
    let rest = line.strip_prefix(tag)?;
    let end = if rest.starts_with('>') {
        0
    } else if rest.starts_with(' ') {
        let close = rest.find('>')?;
        // A path holds no spaces-then-words that read like a sentence; a prompt is short.
        if close > 120 {
            return None;
        }
        close
    } else {
        return None;
    };
    let after = &rest[end + 1..];
    (after.is_empty() || after.starts_with(' '))
        .then(|| tag.len() + end + 1 + usize::from(!after.is_empty()))
}

/// `C:\> `, `C:\Users\me> `.
fn cmd_prompt(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    if bytes.len() < 4 || !bytes[0].is_ascii_alphabetic() || &bytes[1..3] != b":\\" {
        return None;
    }
    let close = line.find('>')?;
    if line[..close].contains(['<', '|', '"']) {
        return None;
    }
    let after = &line[close + 1..];
    (after.is_empty() || after.starts_with(' ')).then(|| close + 1 + usize::from(!after.is_empty()))
}

/// `(venv) `, `(base) `: the bytes of a leading environment name and its space.
fn environment_prefix(line: &str) -> usize {
    let Some(rest) = line.strip_prefix('(') else {
        return 0;
    };
    match rest.find(") ") {
        Some(close)
            if close > 0
                && rest[..close]
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.')) =>
        {
            close + 3
        }
        _ => 0,
    }
}

/// `user@host`, `user@host:~/dir`, `[user@host dir]`.
fn user_at_host(head: &str) -> bool {
    let head = head
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(head);
    let Some((user, rest)) = head.split_once('@') else {
        return false;
    };
    let (host, dir) = match rest.find([':', ' ']) {
        Some(at) => (&rest[..at], &rest[at + 1..]),
        None => (rest, ""),
    };
    is_name(user) && is_name(host) && !dir.contains(char::is_whitespace)
}

/// `~`, `~/app`, `/`, `/usr/src/app`: a working directory shown as the prompt.
fn path_like(head: &str) -> bool {
    (head.starts_with('~') || head.starts_with('/'))
        && !head.contains(char::is_whitespace)
        && head.len() <= 80
}

/// `bash-5.1`, `sh-4.2`.
fn shell_version(head: &str) -> bool {
    head.split_once('-').is_some_and(|(shell, version)| {
        matches!(shell, "bash" | "sh" | "zsh")
            && !version.is_empty()
            && version.chars().all(|c| c.is_ascii_digit() || c == '.')
    })
}

/// `host:~/dir` and macOS's `host:dir user`.
fn host_path(head: &str) -> bool {
    let Some((host, rest)) = head.split_once(':') else {
        return false;
    };
    let mut parts = rest.split(' ');
    let dir = parts.next().unwrap_or("");
    let user = parts.next();
    is_name(host)
        && (dir.starts_with('~') || dir.starts_with('/') || is_name(dir))
        && user.is_none_or(is_name)
        && parts.next().is_none()
}

fn is_name(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 64
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_and_command(line: &str, root_hash: bool) -> Option<(PromptKind, &str)> {
        prompt(line, root_hash).map(|p| (p.kind, &line[p.len..]))
    }

    #[test]
    fn posix_prompts_as_terminals_print_them() {
        for (line, command) in [
            ("$ docker ps", "docker ps"),
            ("% ls", "ls"),
            ("root@ubuntu:~# docker run alpine", "docker run alpine"),
            ("ubuntu@ip-10-0-0-1:~/app$ ls -la", "ls -la"),
            ("[root@centos tmp]# yum install x", "yum install x"),
            ("~$ sudo ip netns add test1", "sudo ip netns add test1"),
            ("~/project $ make", "make"),
            ("/ # ping -c 2 alpine2", "ping -c 2 alpine2"),
            ("/usr/src/app # ls", "ls"),
            ("(venv) $ pip install flask", "pip install flask"),
            ("(base) user@host:~$ conda list", "conda list"),
            ("bash-5.1$ echo hi", "echo hi"),
            ("MacBook-Pro:project me$ git status", "git status"),
            ("$", ""),
        ] {
            assert_eq!(
                kind_and_command(line, false),
                Some((PromptKind::Posix, command)),
                "{line}"
            );
        }
    }

    #[test]
    fn other_shells_prompts() {
        assert_eq!(
            kind_and_command("PS C:\\Users\\me> Get-ChildItem", false),
            Some((PromptKind::PowerShell, "Get-ChildItem"))
        );
        assert_eq!(
            kind_and_command("PS> docker ps", false),
            Some((PromptKind::PowerShell, "docker ps"))
        );
        assert_eq!(
            kind_and_command("C:\\> dir", false),
            Some((PromptKind::Cmd, "dir"))
        );
        assert_eq!(
            kind_and_command(">>> import os", false),
            Some((PromptKind::Python, "import os"))
        );
    }

    #[test]
    fn a_bare_hash_is_a_prompt_only_where_allowed() {
        assert_eq!(kind_and_command("# apt-get update", false), None);
        assert_eq!(
            kind_and_command("# apt-get update", true),
            Some((PromptKind::Posix, "apt-get update"))
        );
    }

    #[test]
    fn output_is_not_a_prompt() {
        for line in [
            "Successfully built 1a2b3c",
            "CONTAINER ID   IMAGE   COMMAND",
            "  % Total    % Received % Xferd",
            "Price: $5",
            "{\"status\": \"ok\"}",
            "100%",
            "-rw-r--r-- 1 root root 0 file",
            "echo $HOME",
            "Total: 50% done",
            "> quoted",
            "PSA: read this > that",
        ] {
            assert_eq!(prompt(line, true), None, "{line}");
        }
    }

    #[test]
    fn continuation_prompts() {
        assert_eq!(continuation(">   gzip \"$f\""), Some(2));
        assert_eq!(continuation(">"), Some(1));
        assert_eq!(continuation(">>> x"), None);
    }
}
