//! The diagram as SVG: the DOT form laid out by `layout-rs` (a Rust implementation of
//! Graphviz-style layered layout), with a `<title>` and `<desc>` added so the picture is
//! named and described for screen readers. Its text stays real SVG text.

use layout::backends::svg::SVGWriter;
use layout::gv::{DotParser, GraphBuilder};

use crate::model::PathDiagram;

pub(crate) fn svg(diagram: &PathDiagram) -> String {
    let dot = crate::text::dot(diagram);
    let parsed = match DotParser::new(&dot).process() {
        Ok(graph) => graph,
        // The DOT is ours; if the layout library ever refuses it, say so in the picture.
        Err(e) => return fallback(diagram, &e),
    };
    let mut builder = GraphBuilder::new();
    builder.visit_graph(&parsed);
    let mut graph = builder.get();
    let mut writer = SVGWriter::new();
    graph.do_it(false, false, false, &mut writer);
    with_title(&writer.finalize(), diagram)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Inserts `<title>` and `<desc>` as the first children of the root `<svg>` element.
fn with_title(svg: &str, diagram: &PathDiagram) -> String {
    let named = format!(
        "<title>{}</title><desc>{}</desc>",
        escape(&format!("Path to {}", diagram.title)),
        escape(&diagram.description)
    );
    match svg
        .find("<svg")
        .and_then(|start| svg[start..].find('>').map(|end| start + end + 1))
    {
        Some(at) => format!("{}{named}{}", &svg[..at], &svg[at..]),
        None => svg.to_owned(),
    }
}

fn fallback(diagram: &PathDiagram, error: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"480\" height=\"40\"><title>{}</title>\
         <text x=\"8\" y=\"24\">{}</text></svg>",
        escape(&diagram.title),
        escape(&format!("the diagram could not be laid out: {error}"))
    )
}
