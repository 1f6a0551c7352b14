//! Reading the author's files without trusting them: only regular files are opened, never a
//! FIFO, socket or device (a FIFO would block a build for ever, `/dev/zero` would fill memory),
//! the open itself never blocks, and what is read is bounded.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

/// What a path of the site is, following a symbolic link once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A regular file of this many bytes.
    File(u64),
    /// A folder.
    Folder,
    /// A FIFO, socket or device: named for messages.
    Special(&'static str),
    /// A symbolic link to nothing (or a loop of links).
    Dangling,
}

/// Why a file was not read.
#[derive(Debug)]
pub enum Refused {
    /// It is not a regular file.
    NotRegular(Kind),
    /// It is larger than the limit.
    TooLarge {
        /// Its size in bytes.
        size: u64,
    },
    /// Reading failed.
    Io(io::Error),
}

/// What `path` is.
pub fn kind(path: &Path) -> io::Result<Kind> {
    let metadata = match fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(_) if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) => {
            return Ok(Kind::Dangling)
        }
        Err(err) => return Err(err),
    };
    let file_type = metadata.file_type();
    Ok(if file_type.is_file() {
        Kind::File(metadata.len())
    } else if file_type.is_dir() {
        Kind::Folder
    } else if file_type.is_fifo() {
        Kind::Special("a FIFO")
    } else if file_type.is_socket() {
        Kind::Special("a socket")
    } else if file_type.is_block_device() || file_type.is_char_device() {
        Kind::Special("a device")
    } else {
        Kind::Special("not a regular file")
    })
}

/// The bytes of the regular file at `path`, at most `limit` of them.
pub fn bounded(path: &Path, limit: u64) -> Result<Vec<u8>, Refused> {
    let file = open_regular(path)?;
    let size = file.metadata().map_err(Refused::Io)?.len();
    if size > limit {
        return Err(Refused::TooLarge { size });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // The size may grow while reading; never read past the limit.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(Refused::Io)?;
    if bytes.len() as u64 > limit {
        return Err(Refused::TooLarge {
            size: bytes.len() as u64,
        });
    }
    Ok(bytes)
}

/// Open `path` for reading only if it is a regular file. `O_NONBLOCK` keeps the open itself
/// from waiting on a FIFO put there after the check.
pub fn open_regular(path: &Path) -> Result<File, Refused> {
    match kind(path).map_err(Refused::Io)? {
        Kind::File(_) => {}
        other => return Err(Refused::NotRegular(other)),
    }
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(Refused::Io)?;
    let metadata = file.metadata().map_err(Refused::Io)?;
    if !metadata.file_type().is_file() {
        return Err(Refused::NotRegular(Kind::Special("not a regular file")));
    }
    Ok(file)
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::NotRegular(Kind::Special(what)) => write!(f, "it is {what}"),
            Refused::NotRegular(Kind::Dangling) => f.write_str("it is a link to nothing"),
            Refused::NotRegular(Kind::Folder) => f.write_str("it is a folder"),
            Refused::NotRegular(Kind::File(_)) => f.write_str("it is a file"),
            Refused::TooLarge { size } => write!(f, "it has {size} bytes"),
            Refused::Io(err) => write!(f, "{err}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifos_devices_and_dangling_links_are_not_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fifo = dir.path().join("pipe");
        let name = std::ffi::CString::new(fifo.to_string_lossy().as_bytes()).expect("path");
        // SAFETY: mkfifo reads a NUL-terminated path and has no other effect on memory.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0);
        assert!(matches!(
            bounded(&fifo, 10),
            Err(Refused::NotRegular(Kind::Special("a FIFO")))
        ));
        assert!(matches!(
            bounded(Path::new("/dev/zero"), 10),
            Err(Refused::NotRegular(Kind::Special("a device")))
        ));
        let link = dir.path().join("gone");
        std::os::unix::fs::symlink(dir.path().join("nothing"), &link).expect("symlink");
        assert_eq!(kind(&link).expect("kind"), Kind::Dangling);
    }

    #[test]
    fn files_over_the_limit_are_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("big.md");
        std::fs::write(&file, "x".repeat(100)).expect("write");
        assert!(matches!(
            bounded(&file, 99),
            Err(Refused::TooLarge { size: 100 })
        ));
        assert_eq!(bounded(&file, 100).expect("read").len(), 100);
    }
}
