//! A certification's path as a diagram: its requirement groups (each visibly "all of" or
//! "one of"), the certifications and exams in them down to the exams that earn each
//! prerequisite, and each exam's courses. One model ([`PathDiagram`]) is written as DOT,
//! Mermaid, or SVG laid out by `layout-rs` from the DOT, so the three always agree.
//! Pure: reads a snapshot, does no I/O.

mod model;
mod svg;
mod text;

pub use model::{Highlight, Mark, PathDiagram};

/// The formats a diagram is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Svg,
    Mermaid,
    Dot,
}

impl PathDiagram {
    /// The diagram in `format`.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Dot => text::dot(self),
            Format::Mermaid => text::mermaid(self),
            Format::Svg => svg::svg(self),
        }
    }
}

#[cfg(test)]
mod tests;
