//! The command line as a user runs it, as trycmd case files (`tests/cmd/*.toml`, with their `.in` fixture
//! folders and expected `.stdout`/`.stderr`): `TRYCMD=overwrite cargo test --test cmd` rewrites the expected
//! output, which is then reviewed like any snapshot.

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .env("MCPTRUST_FORMAT", "human")
        .env("MCPTRUST_NOW", "2026-12-01")
        .case("tests/cmd/*.toml");
}
