//! `project.zip`: an article's project as a download, byte-for-byte the same on every build
//! (entries sorted, fixed timestamps and permissions).

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// The name of the archive in the page's output folder.
pub const ZIP_NAME: &str = "project.zip";

/// Zip `files` (`(path, bytes)`; any order) into a deterministic archive.
pub fn zip(files: &[(String, Vec<u8>)]) -> std::io::Result<Vec<u8>> {
    let mut sorted: Vec<&(String, Vec<u8>)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in sorted {
        writer
            .start_file(name.as_str(), options)
            .map_err(std::io::Error::other)?;
        writer.write_all(bytes)?;
    }
    Ok(writer.finish().map_err(std::io::Error::other)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archives_are_identical_whatever_the_input_order() {
        let a = zip(&[
            ("b.py".into(), b"b".to_vec()),
            ("a.py".into(), b"a".to_vec()),
        ])
        .unwrap();
        let b = zip(&[
            ("a.py".into(), b"a".to_vec()),
            ("b.py".into(), b"b".to_vec()),
        ])
        .unwrap();
        assert_eq!(a, b);
        let archive = zip::ZipArchive::new(Cursor::new(a)).unwrap();
        assert_eq!(archive.len(), 2);
    }
}
