//! Walks the document's top-level blocks: `##` level sections, `###` certifications, their
//! description, `#### Prerequisites` lists and path image.

use certgraph_domain::{ExamCode, GroupKind, Image, Level};

use crate::items::read_item;
use crate::levels::{name_level, section_level};
use crate::markdown::{blocks, first_link, plain_text, Block, Inline, Item, Link};
use crate::positions::Diagnostics;
use crate::raw::{RawCert, RawGroup};
use crate::MarkdownError;

/// Which part of a certification section the reader is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Description,
    Prerequisites,
    /// A `####` section other than Prerequisites: skipped.
    Other,
}

/// Reads every certification section of `text`.
/// The certifications of `text`; one that cannot be read is reported and left out.
pub(crate) fn read(text: &str, diag: &mut Diagnostics<'_>) -> Vec<RawCert> {
    let mut reader = Reader {
        diag,
        section: None,
        current: None,
        part: Part::Description,
        pending: None,
        certs: Vec::new(),
        skipping: false,
    };
    for block in blocks(text) {
        if let Err(e) = reader.block(block) {
            reader.diag.fail(e);
        }
    }
    reader.close();
    if reader.certs.is_empty() && reader.diag.errors.is_empty() {
        reader.diag.fail(MarkdownError::NoCertifications);
    }
    reader.certs
}

struct Reader<'d, 'a> {
    diag: &'d mut Diagnostics<'a>,
    section: Option<Level>,
    current: Option<RawCert>,
    part: Part,
    /// A `One of:` / `Then:` waiting for its list: kind, offset, text.
    pending: Option<(GroupKind, usize, String)>,
    certs: Vec<RawCert>,
    /// Inside a certification that could not be read: its body is not "outside any certification".
    skipping: bool,
}

impl Reader<'_, '_> {
    fn block(&mut self, block: Block<'_>) -> Result<(), MarkdownError> {
        match block {
            Block::Heading { level: 1, .. } => {}
            Block::Heading {
                level: 2,
                start,
                inlines,
            } => {
                self.close();
                self.skipping = false;
                self.section(start, &inlines);
            }
            Block::Heading {
                level: 3,
                start,
                inlines,
            } => {
                self.close();
                let heading = self.heading(start, &inlines);
                self.skipping = heading.is_err();
                self.current = Some(heading?);
            }
            _ if self.skipping => {}
            Block::Heading { start, inlines, .. } => self.subheading(start, &inlines),
            Block::Paragraph {
                start,
                source,
                inlines,
            } => self.paragraph(start, source, &inlines),
            Block::List { start, source, items } => self.list(start, source, &items)?,
            Block::Other { start, source } => self.other(start, source),
        }
        Ok(())
    }

    /// Ends the current certification section.
    fn close(&mut self) {
        self.drop_pending();
        self.part = Part::Description;
        self.certs.extend(self.current.take());
    }

    fn drop_pending(&mut self) {
        if let Some((_, at, text)) = self.pending.take() {
            self.diag
                .warn(at, format!("“{text}” is not followed by a list; ignored it"));
        }
    }

    /// `## Microsoft Certified: Expert ★★★`: the level of the certifications below.
    fn section(&mut self, start: usize, inlines: &[Inline]) {
        let text = plain_text(inlines);
        let (level, problem) = section_level(text.trim());
        self.section = level;
        if let Some(problem) = problem {
            self.diag.warn(start, problem);
        }
    }

    /// `### [AZ-303, AZ-304](…/certifications/azure-solutions-architect/) Azure Solutions Architect Expert`.
    fn heading(&mut self, start: usize, inlines: &[Inline]) -> Result<RawCert, MarkdownError> {
        let Some((at, link)) = first_link(inlines) else {
            let text = plain_text(inlines).trim().to_owned();
            return Err(MarkdownError::HeadingWithoutLink {
                line: self.diag.line(start),
                text,
            });
        };
        let (before, after) = (&inlines[..at], &inlines[at + 1..]);
        if !plain_text(before).trim().is_empty() {
            self.diag.warn(
                start,
                format!(
                    "ignored the text “{}” before the heading's link",
                    plain_text(before).trim()
                ),
            );
        }
        let (name, exam_codes) = self.name_and_codes(link, &plain_text(after));
        let (line, column) = self.diag.position(link.start);
        if name.is_empty() {
            return Err(MarkdownError::MissingName { line, column });
        }
        let level = self.level_of(&name, link.start)?;
        Ok(RawCert {
            start: link.start,
            name,
            url: link.url.clone(),
            exam_codes,
            level,
            description: Vec::new(),
            image: None,
            groups: Vec::new(),
        })
    }

    /// The name after the heading's link (a leading `:` dropped) and the exam codes in the link's
    /// text; a link whose text is no list of codes may hold the name instead.
    fn name_and_codes(&mut self, link: &Link, after: &str) -> (String, Vec<ExamCode>) {
        let name = after.trim().trim_start_matches(':').trim();
        let codes: Result<Vec<ExamCode>, _> = link
            .text
            .split([',', '/', ';'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(ExamCode::parse)
            .collect();
        match codes {
            Ok(codes) => (name.to_owned(), codes),
            Err(_) if name.is_empty() => (link.text.trim().to_owned(), Vec::new()),
            Err(_) => {
                let text = link.text.trim();
                self.diag.warn(
                    link.start,
                    format!("the heading's link text “{text}” is not a list of exam codes; ignored it"),
                );
                (name.to_owned(), Vec::new())
            }
        }
    }

    fn level_of(&mut self, name: &str, start: usize) -> Result<Level, MarkdownError> {
        match (self.section, name_level(name)) {
            (Some(section), Some(named)) if section != named => {
                self.diag.warn(
                    start,
                    format!(
                        "certification “{name}” is under a {} section but its name says {}; used {}",
                        section.as_str(),
                        named.as_str(),
                        section.as_str()
                    ),
                );
                Ok(section)
            }
            (Some(level), _) | (None, Some(level)) => Ok(level),
            (None, None) => Err(MarkdownError::UnknownLevel {
                line: self.diag.line(start),
                name: name.to_owned(),
            }),
        }
    }

    /// `#### **Prerequisites**` (or any other `####` section, which is skipped).
    fn subheading(&mut self, start: usize, inlines: &[Inline]) {
        let text = plain_text(inlines);
        let text = text.trim();
        let Some(name) = self.current.as_ref().map(|cert| cert.name.clone()) else {
            let message = format!("ignored the heading “{text}” outside any certification");
            return self.diag.warn(start, message);
        };
        self.drop_pending();
        let title = text.trim_end_matches(':').trim().to_lowercase();
        if matches!(title.as_str(), "prerequisites" | "prerequisite" | "requirements") {
            self.part = Part::Prerequisites;
        } else {
            let message = format!(
                "ignored the section “{text}” of certification “{name}” (only Prerequisites is read)"
            );
            self.diag.warn(start, message);
            self.part = Part::Other;
        }
    }

    fn paragraph(&mut self, start: usize, source: &str, inlines: &[Inline]) {
        if let Some(image) = lone_image(inlines) {
            return self.image(start, image);
        }
        let Some(cert) = &mut self.current else {
            return self
                .diag
                .warn(start, "ignored a paragraph outside any certification");
        };
        match self.part {
            Part::Description => cert.description.push(normalise_line_endings(source)),
            Part::Prerequisites => self.marker(start, inlines),
            Part::Other => {}
        }
    }

    fn image(&mut self, start: usize, image: Image) {
        match &mut self.current {
            Some(cert) if cert.image.is_none() => cert.image = Some(image),
            Some(cert) => {
                let name = cert.name.clone();
                self.diag.warn(
                    start,
                    format!(
                        "certification “{name}” already has a path image; ignored “{}”",
                        image.url
                    ),
                );
            }
            None => self.diag.warn(
                start,
                format!("ignored the image “{}” outside any certification", image.url),
            ),
        }
    }

    /// `One of:` / `Then:` before a prerequisites list.
    fn marker(&mut self, start: usize, inlines: &[Inline]) {
        let text = plain_text(inlines).trim().to_owned();
        let key = text.trim_end_matches(':').trim().to_lowercase();
        let kind = match key.as_str() {
            "one of" | "one of the following" | "any one of" | "any of" | "either" => GroupKind::OneOf,
            "then" | "and then" | "all of" | "all of the following" | "and" | "plus" => GroupKind::AllOf,
            _ => {
                let shown: String = text.chars().take(80).collect();
                return self.diag.warn(
                    start,
                    format!("ignored the paragraph “{shown}” among the prerequisites"),
                );
            }
        };
        self.drop_pending();
        self.pending = Some((kind, start, text));
    }

    fn list(&mut self, start: usize, source: &str, items: &[Item]) -> Result<(), MarkdownError> {
        let Some(cert) = &mut self.current else {
            self.diag.warn(start, "ignored a list outside any certification");
            return Ok(());
        };
        match self.part {
            Part::Description => cert.description.push(normalise_line_endings(source)),
            Part::Prerequisites => {
                let kind = self.pending.take().map_or(GroupKind::AllOf, |(kind, _, _)| kind);
                let mut read = Vec::new();
                for item in items {
                    match read_item(item, self.diag) {
                        Ok(item) => read.push(item),
                        Err(e) => self.diag.fail(e),
                    }
                }
                // A group whose every item was refused is not also "empty".
                let refused = read.is_empty() && !items.is_empty();
                if let Some(cert) = self.current.as_mut().filter(|_| !refused) {
                    cert.groups.push(RawGroup { kind, items: read });
                }
            }
            Part::Other => {}
        }
        Ok(())
    }

    fn other(&mut self, start: usize, source: &str) {
        let is_rule = source.chars().all(|c| matches!(c, '-' | '*' | '_' | ' ' | '\t'));
        match (&mut self.current, self.part) {
            _ if is_rule => {}
            (Some(cert), Part::Description) => cert.description.push(normalise_line_endings(source)),
            (_, Part::Other) => {}
            _ => self.diag.warn(
                start,
                "ignored a block that is neither a heading, a paragraph nor a list",
            ),
        }
    }
}

/// The image of a paragraph that holds only an image.
fn lone_image(inlines: &[Inline]) -> Option<Image> {
    let mut images = inlines.iter().filter_map(|i| match i {
        Inline::Image(link) => Some(link),
        _ => None,
    });
    let image = images.next()?;
    let only = images.next().is_none()
        && inlines.iter().all(|i| match i {
            Inline::Text(t) => t.trim().is_empty(),
            Inline::Image(_) => true,
            Inline::Link(_) => false,
        });
    only.then(|| Image {
        url: image.url.clone(),
        alt: image.text.clone(),
    })
}

/// CRLF and lone CR become LF, so that a description does not depend on the file's line endings.
fn normalise_line_endings(source: &str) -> String {
    source.replace("\r\n", "\n").replace('\r', "\n")
}
