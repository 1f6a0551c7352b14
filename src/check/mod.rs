//! Checking the code in posts: each block parsed once per language, rules run over it, and the
//! files of one article checked together.

pub mod python;
