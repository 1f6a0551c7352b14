//! The Docker runs of `docsite test` under way on this machine, so that what a run killed
//! before its cleanup (SIGKILL, a closed terminal, a power cut) left in the engine is removed
//! by the next run rather than kept for good.
//!
//! A run writes `<cache>/docker-runs/<id>.json` with its host, process id and that process's
//! start time, and the Compose projects it used; its cleanup deletes the file. A file of this
//! host whose process is gone, or is another process that got the same number, marks
//! leftovers. Runs of other hosts (a shared cache, a remote engine) are never touched.

use std::fs;
use std::path::{Path, PathBuf};

/// What a run writes about itself.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(super) struct Record {
    /// The run's id: its label value and its names' suffix.
    pub id: String,
    host: String,
    pid: u32,
    /// The process's start time in clock ticks since boot (`/proc/PID/stat`), so a reused
    /// process number is not taken for the run.
    started: Option<u64>,
    /// The Compose projects its steps used.
    pub projects: Vec<String>,
}

/// A run's entry in the folder, kept up to date as its steps start Compose projects.
#[derive(Debug)]
pub(super) struct Registration {
    path: PathBuf,
    record: Record,
}

fn folder() -> PathBuf {
    crate::runner::cache_dir().join("docker-runs")
}

impl Registration {
    /// Write the entry of run `id`, this process; `None` when the cache cannot be written
    /// (the run goes on, its leftovers are then only removed by its own cleanup).
    pub fn new(id: &str) -> Option<Self> {
        let pid = std::process::id();
        let registration = Self {
            path: folder().join(format!("{id}.json")),
            record: Record {
                id: id.to_owned(),
                host: host_name(),
                pid,
                started: start_time(pid),
                projects: Vec::new(),
            },
        };
        fs::create_dir_all(folder()).ok()?;
        registration.save().then_some(registration)
    }

    /// Note that the run uses Compose project `name`.
    pub fn add_project(&mut self, name: &str) {
        if !self.record.projects.iter().any(|known| known == name) {
            self.record.projects.push(name.to_owned());
            self.save();
        }
    }

    /// The run is cleaned up: its entry goes.
    pub fn forget(self) {
        let _ = fs::remove_file(&self.path);
    }

    fn save(&self) -> bool {
        let Ok(json) = serde_json::to_vec(&self.record) else {
            return false;
        };
        // Written aside and renamed, so a run killed mid-write leaves a whole entry or none.
        let partial = self.path.with_extension("json.partial");
        fs::write(&partial, json).is_ok() && fs::rename(&partial, &self.path).is_ok()
    }
}

/// The runs of this host whose process is gone, each with its entry's path (to delete once
/// its leftovers are removed).
pub(super) fn dead() -> Vec<(Record, PathBuf)> {
    let Ok(entries) = fs::read_dir(folder()) else {
        return Vec::new();
    };
    let host = host_name();
    let mut dead: Vec<(Record, PathBuf)> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        .filter_map(|path| {
            let record: Record = serde_json::from_slice(&fs::read(&path).ok()?).ok()?;
            Some((record, path))
        })
        .filter(|(record, _)| record.host == host && !alive(record.pid, record.started))
        .collect();
    dead.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    dead
}

/// Delete the entry at `path`, once its run's leftovers are gone.
pub(super) fn forget(path: &Path) {
    let _ = fs::remove_file(path);
}

/// True when process `pid` runs and, where the system says, started at `started`.
fn alive(pid: u32, started: Option<u64>) -> bool {
    if let (Some(started), Some(now)) = (started, start_time(pid)) {
        return started == now;
    }
    if Path::new("/proc/self/stat").exists() {
        // The system tells start times, and this process has none: it is gone.
        return false;
    }
    let Ok(pid) = i32::try_from(pid) else {
        return false;
    };
    // SAFETY: kill(2) with signal 0 only asks whether the process exists.
    let answer = unsafe { libc::kill(pid, 0) };
    answer == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Field 22 of `/proc/PID/stat`, the process's start time, unless it is a zombie (killed, not
/// yet reaped: it runs no more). The fields are counted after the command name, which may hold
/// spaces and parentheses.
fn start_time(pid: u32) -> Option<u64> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let mut fields = stat[stat.rfind(')')? + 1..].split_whitespace();
    if matches!(fields.next(), Some("Z" | "X")) {
        return None;
    }
    fields.nth(18)?.parse().ok()
}

fn host_name() -> String {
    let mut buffer = [0u8; 256];
    // SAFETY: the buffer is writable for its whole length, which is what is passed.
    let result = unsafe { libc::gethostname(buffer.as_mut_ptr().cast(), buffer.len()) };
    if result != 0 {
        return String::new();
    }
    let end = buffer.iter().position(|&b| b == 0).unwrap_or(buffer.len());
    String::from_utf8_lossy(&buffer[..end]).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_alive_and_a_reused_number_is_not() {
        let pid = std::process::id();
        let started = start_time(pid);
        assert!(started.is_some(), "Linux tells start times");
        assert!(alive(pid, started));
        assert!(!alive(pid, started.map(|ticks| ticks + 1)));
        assert!(!alive(u32::MAX - 1, None));
        let mut child = std::process::Command::new("true").spawn().expect("true");
        let zombie = child.id();
        while std::fs::read_to_string(format!("/proc/{zombie}/stat"))
            .is_ok_and(|stat| !stat.contains(") Z "))
        {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert!(!alive(zombie, None), "exited and not yet reaped");
        child.wait().expect("reaped");
    }
}
