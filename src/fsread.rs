//! Reading the files mcptrust reads for itself (ignore files, rule packs, git's config): only regular files,
//! only up to a size limit, and never blocking. A symlink to `/dev/zero`, a FIFO or a 10 GB sparse file is a
//! clear error, not a hang or unbounded memory.

use std::io::{self, Read};
use std::path::Path;

/// The most mcptrust reads of any one file of its own (an ignore file, a rule pack).
pub const OWN_FILE_LIMIT: u64 = 8 << 20;

/// The bytes of `path` if it is a regular file of at most `limit` bytes.
///
/// The file is opened without blocking (`O_NONBLOCK`: opening a FIFO for reading would otherwise wait for a
/// writer) and checked on the open handle, so a file swapped for a FIFO between a check and the open is still
/// refused. The read stops at `limit + 1` bytes whatever the file claims its size is.
pub fn read_bounded(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    read_up_to(path, limit)?.map_err(|len| match len {
        Size::Claimed(len) => io::Error::other(format!("larger than {limit} bytes ({len} bytes)")),
        Size::Grew => io::Error::other(format!("larger than {limit} bytes (it grew while being read)")),
    })
}

/// How a file was found to be larger than a limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// Its size, as the open handle says.
    Claimed(u64),
    /// It passed the limit while being read.
    Grew,
}

/// [`read_bounded`], with a file over `limit` told apart from a failure: the scan reports it as skipped for its
/// size. The size is read from the open handle, so the walk need not stat every candidate first.
pub fn read_up_to(path: &Path, limit: u64) -> io::Result<Result<Vec<u8>, Size>> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc_nonblock());
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::other(format!("not a regular file ({})", kind(&meta))));
    }
    if meta.len() > limit {
        return Ok(Err(Size::Claimed(meta.len())));
    }
    // Read into room for the claimed size and one byte more (so that growth past it shows at once), without
    // `read_to_end`, which asks the handle for the size again and probes with small reads: this runs for every
    // candidate of a sweep.
    let cap = limit.saturating_add(1);
    let mut bytes = vec![0u8; meta.len().saturating_add(1).min(cap) as usize];
    let mut filled = 0;
    let mut file = file;
    loop {
        if filled == bytes.len() {
            if bytes.len() as u64 >= cap {
                return Ok(Err(Size::Grew));
            }
            let more = (bytes.len() as u64).saturating_mul(2).min(cap) as usize;
            bytes.resize(more, 0);
        }
        match file.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    if filled as u64 > limit {
        return Ok(Err(Size::Grew));
    }
    bytes.truncate(filled);
    Ok(Ok(bytes))
}

/// `O_NONBLOCK` without a libc dependency: the value on Linux and the BSDs/macOS.
#[cfg(unix)]
fn libc_nonblock() -> i32 {
    if cfg!(any(target_os = "linux", target_os = "android")) { 0o4000 } else { 0x0004 }
}

fn kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() { "a folder" } else { "not a file" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_exactly_what_is_there_up_to_the_limit() {
        let dir = std::env::temp_dir().join(format!("mcptrust-fsread-sizes-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for len in [0usize, 1, 7, 4096, 70_000] {
            let path = dir.join(format!("f{len}"));
            let text: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            std::fs::write(&path, &text).unwrap();
            assert_eq!(read_up_to(&path, 70_000).unwrap().unwrap(), text, "{len} bytes");
            if len > 0 {
                assert_eq!(read_up_to(&path, len as u64 - 1).unwrap(), Err(Size::Claimed(len as u64)));
            }
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A file that claims a size of 0 and holds more (`/proc`) is read past its claim, and stopped at the limit.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_longer_than_it_claims_is_read_whole_or_stopped_at_the_limit() {
        let path = Path::new("/proc/self/status");
        let whole = read_up_to(path, 1 << 20).unwrap().unwrap();
        assert!(String::from_utf8_lossy(&whole).contains("Name:"), "{}", whole.len());
        assert_eq!(read_up_to(path, 10).unwrap(), Err(Size::Grew));
    }

    #[test]
    fn refuses_devices_and_big_files() {
        #[cfg(unix)]
        {
            let e = read_bounded(Path::new("/dev/zero"), 1024).unwrap_err();
            assert!(e.to_string().contains("character device"), "{e}");
        }
        let dir = std::env::temp_dir().join(format!("mcptrust-fsread-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("big");
        std::fs::write(&f, vec![b'x'; 100]).unwrap();
        assert!(read_bounded(&f, 99).unwrap_err().to_string().contains("larger than 99 bytes"));
        assert_eq!(read_bounded(&f, 100).unwrap().len(), 100);
        assert!(read_bounded(&dir, 100).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
