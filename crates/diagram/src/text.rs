//! The diagram as DOT (Graphviz) and as Mermaid, for clients that draw their own.

use std::fmt::Write;

use certgraph_domain::{ExamStatus, GroupKind};

use crate::model::{Mark, Node, PathDiagram};

/// The size of the words in a box, in pixels at the picture's own size (the SVG's width and
/// height are its viewBox's, so 100% is one pixel per unit): comfortably readable.
pub(crate) const FONT_PX: u32 = 14;

/// The longest line of words in a box: longer names and titles wrap, so a box stays narrow
/// and the whole diagram fits a page at its own size.
const LINE_CHARS: usize = 26;

/// `text` in lines of at most [`LINE_CHARS`] characters, broken between words (a longer
/// word keeps a line of its own).
fn wrapped(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= LINE_CHARS => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

/// The words in a box, one line per entry.
pub(crate) fn label(node: &Node) -> Vec<String> {
    match node {
        Node::Certification {
            code, name, retired, ..
        } => {
            let mut lines = wrapped(name);
            lines.push(format!("({code})"));
            if *retired {
                lines.push("retired".into());
            }
            lines
        }
        Node::Group {
            kind: GroupKind::AllOf,
        } => vec!["all of".into()],
        Node::Group {
            kind: GroupKind::OneOf,
        } => vec!["one of".into()],
        Node::Exam {
            code, title, status, ..
        } => {
            let mut lines = vec![format!("Exam {code}")];
            lines.extend(title.iter().flat_map(|t| wrapped(t)));
            match status {
                ExamStatus::Beta => lines.push("beta".into()),
                ExamStatus::Retired => lines.push("retired".into()),
                ExamStatus::Live => {}
            }
            lines
        }
        Node::Course { code, .. } => vec![format!("Course {code}")],
        Node::NoTraining => vec!["no instructor-led training".into()],
    }
}

fn mark(node: &Node) -> Mark {
    match node {
        Node::Certification { mark, .. } | Node::Exam { mark, .. } => *mark,
        _ => Mark::None,
    }
}

/// Fill colours: held green, still to pass amber, groups light grey.
pub(crate) fn fill(node: &Node) -> &'static str {
    match (node, mark(node)) {
        (_, Mark::Held) => "#c8e6c9",
        (_, Mark::ToPass) => "#ffe082",
        (Node::Group { .. }, _) => "#eeeeee",
        (Node::NoTraining, _) => "#ffffff",
        _ => "#e3f2fd",
    }
}

fn dot_quoted(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"{escaped}\"")
}

pub(crate) fn dot(diagram: &PathDiagram) -> String {
    let mut out = String::from("digraph path {\n  rankdir=TB;\n");
    let _ = writeln!(out, "  label={};", dot_quoted(&diagram.title));
    for (i, node) in diagram.nodes.iter().enumerate() {
        let shape = match node {
            Node::Group { .. } => "ellipse",
            _ => "box",
        };
        let label = dot_quoted(&label(node).join("\n")).replace('\n', "\\n");
        let _ = writeln!(
            out,
            "  n{i} [label={label}, shape={shape}, fontsize={FONT_PX}, style=filled, fillcolor=\"{}\"];",
            fill(node)
        );
    }
    for (from, to) in &diagram.edges {
        let _ = writeln!(out, "  n{from} -> n{to};");
    }
    out.push_str("}\n");
    out
}

fn mermaid_quoted(text: &str) -> String {
    // Mermaid labels in quotes take HTML entities for what would end the label.
    let escaped = text.replace('"', "#quot;");
    format!("\"{escaped}\"")
}

pub(crate) fn mermaid(diagram: &PathDiagram) -> String {
    let mut out = String::from("flowchart TB\n");
    for (i, node) in diagram.nodes.iter().enumerate() {
        let label = mermaid_quoted(&label(node).join("<br/>"));
        let _ = match node {
            Node::Group { .. } => writeln!(out, "  n{i}(({label}))"),
            _ => writeln!(out, "  n{i}[{label}]"),
        };
        let _ = writeln!(out, "  style n{i} fill:{}", fill(node));
    }
    for (from, to) in &diagram.edges {
        let _ = writeln!(out, "  n{from} --> n{to}");
    }
    out
}
