//! pulldown-cmark's event stream, regrouped into the top-level blocks the importer reads.
//!
//! Only block structure and links matter to the seed format, so inline markup (emphasis,
//! code spans) is flattened to its text, and every piece keeps its byte offset in the source.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// A link or an image: its text (alt text for an image), destination and source offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Link {
    pub(crate) text: String,
    pub(crate) url: String,
    pub(crate) start: usize,
}

/// A flattened piece of inline content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Inline {
    Text(String),
    Link(Link),
    Image(Link),
}

/// One item of a list; `nested` is set when it held block content (a sub-list, a quote…) that was dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Item {
    pub(crate) start: usize,
    pub(crate) inlines: Vec<Inline>,
    pub(crate) nested: bool,
}

/// A top-level block of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Block<'a> {
    Heading {
        level: u8,
        start: usize,
        inlines: Vec<Inline>,
    },
    /// `source` is the paragraph's exact source text without its final line ending.
    Paragraph {
        start: usize,
        source: &'a str,
        inlines: Vec<Inline>,
    },
    List {
        start: usize,
        source: &'a str,
        items: Vec<Item>,
    },
    /// Anything else (code block, quote, HTML, rule…), kept as source text.
    Other { start: usize, source: &'a str },
}

type Spanned<'a> = (Event<'a>, Range<usize>);

/// Parses `text` (CommonMark, no extensions) into its top-level blocks.
pub(crate) fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut current: Vec<Spanned<'_>> = Vec::new();
    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        current.push((event, range));
        if depth == 0 {
            out.push(to_block(text, std::mem::take(&mut current)));
        }
    }
    out
}

fn to_block<'a>(text: &'a str, events: Vec<Spanned<'a>>) -> Block<'a> {
    let range = events.first().map_or(0..0, |(_, r)| r.clone());
    let start = range.start;
    let source = source_of(text, range);
    let inner = events.get(1..events.len().saturating_sub(1)).unwrap_or_default();
    match events.first().map(|(e, _)| e) {
        Some(Event::Start(Tag::Heading { level, .. })) => Block::Heading {
            level: *level as u8,
            start,
            inlines: flatten(inner).0,
        },
        Some(Event::Start(Tag::Paragraph)) => Block::Paragraph {
            start,
            source,
            inlines: flatten(inner).0,
        },
        Some(Event::Start(Tag::List(_))) => Block::List {
            start,
            source,
            items: items(inner),
        },
        _ => Block::Other { start, source },
    }
}

/// The source text of `range`, without trailing line endings and spaces.
fn source_of(text: &str, range: Range<usize>) -> &str {
    text.get(range)
        .unwrap_or_default()
        .trim_end_matches(['\n', '\r', ' ', '\t'])
}

/// Splits the events inside a list into its items.
fn items(events: &[Spanned<'_>]) -> Vec<Item> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut item_start = 0;
    for (i, (event, range)) in events.iter().enumerate() {
        match event {
            Event::Start(_) => {
                if depth == 0 {
                    item_start = i;
                }
                depth += 1;
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    let inner = events.get(item_start + 1..i).unwrap_or_default();
                    let (inlines, nested) = flatten(inner);
                    let start = events.get(item_start).map_or(range.start, |(_, r)| r.start);
                    items.push(Item {
                        start,
                        inlines,
                        nested,
                    });
                }
            }
            _ => {}
        }
    }
    items
}

/// Flattens inline events to text, links and images. Block containers inside (a list item's
/// paragraphs) are looked through; nested lists, quotes and code blocks are dropped and
/// reported by the returned flag.
fn flatten(events: &[Spanned<'_>]) -> (Vec<Inline>, bool) {
    let mut out = Flattener::default();
    let mut skipping = 0usize;
    for (event, range) in events {
        if skipping > 0 {
            match event {
                Event::Start(_) => skipping += 1,
                Event::End(_) => skipping -= 1,
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::List(_) | Tag::BlockQuote(_) | Tag::CodeBlock(_) | Tag::HtmlBlock) => {
                out.nested = true;
                skipping = 1;
            }
            Event::Start(Tag::Link { dest_url, .. }) => out.open(dest_url, range.start, false),
            Event::Start(Tag::Image { dest_url, .. }) => out.open(dest_url, range.start, true),
            Event::End(TagEnd::Link | TagEnd::Image) => out.close(),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_)) | Event::SoftBreak | Event::HardBreak => {
                out.text(" ")
            }
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => out.text(t),
            _ => {}
        }
    }
    out.finish()
}

#[derive(Default)]
struct Flattener {
    inlines: Vec<Inline>,
    /// The open link or image, its kind, and how many links/images are open inside it.
    open: Option<(Link, bool, usize)>,
    nested: bool,
}

impl Flattener {
    fn open(&mut self, url: &str, start: usize, image: bool) {
        match &mut self.open {
            Some((_, _, inner)) => *inner += 1,
            None => {
                let link = Link {
                    text: String::new(),
                    url: url.to_owned(),
                    start,
                };
                self.open = Some((link, image, 0));
            }
        }
    }

    fn close(&mut self) {
        match &mut self.open {
            Some((_, _, inner)) if *inner > 0 => *inner -= 1,
            Some(_) => {
                if let Some((link, image, _)) = self.open.take() {
                    self.inlines.push(if image {
                        Inline::Image(link)
                    } else {
                        Inline::Link(link)
                    });
                }
            }
            None => {}
        }
    }

    fn text(&mut self, text: &str) {
        if let Some((link, _, _)) = &mut self.open {
            link.text.push_str(text);
        } else if let Some(Inline::Text(last)) = self.inlines.last_mut() {
            last.push_str(text);
        } else {
            self.inlines.push(Inline::Text(text.to_owned()));
        }
    }

    fn finish(mut self) -> (Vec<Inline>, bool) {
        self.close();
        (self.inlines, self.nested)
    }
}

/// The first link among `inlines`, and its index.
pub(crate) fn first_link(inlines: &[Inline]) -> Option<(usize, &Link)> {
    inlines.iter().enumerate().find_map(|(i, inline)| match inline {
        Inline::Link(link) => Some((i, link)),
        _ => None,
    })
}

/// The plain text of some inlines: text, link text and image alt text, in order.
pub(crate) fn plain_text(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .map(|inline| match inline {
            Inline::Text(t) => t.as_str(),
            Inline::Link(l) | Inline::Image(l) => l.text.as_str(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tight_list_item_keeps_its_links_and_text_in_order() {
        let blocks = blocks("* [Exam A-100: T](https://x.org/a) (See: [B](https://x.org/b))\n");
        let [Block::List { items, .. }] = blocks.as_slice() else {
            panic!("{blocks:?}")
        };
        let inlines = &items[0].inlines;
        assert!(matches!(&inlines[0], Inline::Link(l) if l.text == "Exam A-100: T" && l.start == 2));
        assert_eq!(inlines[1], Inline::Text(" (See: ".into()));
        assert!(matches!(&inlines[2], Inline::Link(l) if l.url == "https://x.org/b"));
    }

    #[test]
    fn paragraph_source_is_exact_and_loses_only_its_line_ending() {
        let blocks = blocks("“Quoted” *text*  \nnext\r\n\r\nsecond\n");
        assert!(matches!(
            &blocks[0],
            Block::Paragraph {
                source: "“Quoted” *text*  \nnext",
                ..
            }
        ));
        assert!(matches!(
            &blocks[1],
            Block::Paragraph {
                source: "second",
                start: 30,
                ..
            }
        ));
    }

    #[test]
    fn nested_lists_are_dropped_and_flagged() {
        let blocks = blocks("* a\n  * b\n");
        let [Block::List { items, .. }] = blocks.as_slice() else {
            panic!("{blocks:?}")
        };
        assert_eq!(items.len(), 1);
        assert!(items[0].nested);
        assert_eq!(plain_text(&items[0].inlines).trim(), "a");
    }
}
