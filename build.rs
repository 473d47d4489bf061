//! Embeds every `rules/*.yaml` pack in the binary, so that rules never load from a relative path at run time.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("rules");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut packs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("rules/ exists")
        .map(|e| e.expect("readable rules/ entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    packs.sort();
    let mut code = String::from("pub static BUILTIN_PACKS: &[(&str, &str)] = &[\n");
    for pack in &packs {
        println!("cargo:rerun-if-changed={}", pack.display());
        let name = pack.file_name().unwrap().to_string_lossy();
        writeln!(code, "    ({name:?}, include_str!({:?})),", pack.display().to_string()).unwrap();
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("builtin_packs.rs");
    std::fs::write(out, code).unwrap();
}
