//! Rebuild when the built-in default theme changes: `include_dir!` cannot tell cargo by itself.

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
