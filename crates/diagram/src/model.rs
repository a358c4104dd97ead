//! What a path diagram shows, independent of how it is written.

use std::collections::{HashMap, HashSet};

use certgraph_domain::{ExamStatus, GroupKind};
use certgraph_snapshot::{CatalogSnapshot, CertId, ExamId, ItemRef};

/// How a box is marked for someone's holding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    None,
    /// Held already (or earned by what is held).
    Held,
    /// An exam the plan still has you pass.
    ToPass,
}

/// What to highlight: what is held, and the exams a plan still asks for.
#[derive(Debug, Clone, Default)]
pub struct Highlight {
    pub held_certifications: HashSet<CertId>,
    pub held_exams: HashSet<ExamId>,
    pub to_pass: HashSet<ExamId>,
}

/// One box of the diagram.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Certification {
        code: String,
        name: String,
        retired: bool,
        mark: Mark,
    },
    Group {
        kind: GroupKind,
    },
    Exam {
        code: String,
        title: Option<String>,
        status: ExamStatus,
        mark: Mark,
    },
    Course {
        code: String,
        title: Option<String>,
    },
    /// An exam with no course.
    NoTraining,
}

/// A certification's path: boxes and the arrows from what asks to what is asked for.
#[derive(Debug, Clone)]
pub struct PathDiagram {
    /// The certification's name, for the title.
    pub title: String,
    /// A sentence saying what the diagram shows, for `<desc>` and screen readers.
    pub description: String,
    pub nodes: Vec<Node>,
    pub edges: Vec<(usize, usize)>,
}

impl PathDiagram {
    /// The path of `root`, marked for `highlight`.
    pub fn of(snap: &CatalogSnapshot, root: CertId, highlight: &Highlight) -> Self {
        let mut builder = Builder {
            snap,
            highlight,
            diagram: PathDiagram {
                title: snap.certification(root).record.name.clone(),
                description: String::new(),
                nodes: Vec::new(),
                edges: Vec::new(),
            },
            certifications: HashMap::new(),
            exams: HashMap::new(),
        };
        builder.certification(root);
        let mut diagram = builder.diagram;
        diagram.description = describe(&diagram);
        diagram
    }
}

struct Builder<'a> {
    snap: &'a CatalogSnapshot,
    highlight: &'a Highlight,
    diagram: PathDiagram,
    certifications: HashMap<CertId, usize>,
    exams: HashMap<ExamId, usize>,
}

impl Builder<'_> {
    fn add(&mut self, node: Node) -> usize {
        self.diagram.nodes.push(node);
        self.diagram.nodes.len() - 1
    }

    /// A certification's box and, the first time, everything below it.
    fn certification(&mut self, id: CertId) -> usize {
        if let Some(&at) = self.certifications.get(&id) {
            return at;
        }
        let node = self.snap.certification(id);
        let mark = match self.highlight.held_certifications.contains(&id) {
            true => Mark::Held,
            false => Mark::None,
        };
        let at = self.add(Node::Certification {
            code: node.record.code.to_string(),
            name: node.record.name.clone(),
            retired: node.record.status == certgraph_domain::CertificationStatus::Retired,
            mark,
        });
        self.certifications.insert(id, at);
        for group in &node.groups {
            let group_at = self.add(Node::Group { kind: group.kind });
            self.diagram.edges.push((at, group_at));
            for &item in &group.items {
                let item_at = match item {
                    ItemRef::Certification(c) => self.certification(c),
                    ItemRef::Exam(e) => self.exam(e),
                };
                self.diagram.edges.push((group_at, item_at));
            }
        }
        at
    }

    fn exam(&mut self, id: ExamId) -> usize {
        if let Some(&at) = self.exams.get(&id) {
            return at;
        }
        let node = self.snap.exam(id);
        let mark = if self.highlight.held_exams.contains(&id) {
            Mark::Held
        } else if self.highlight.to_pass.contains(&id) {
            Mark::ToPass
        } else {
            Mark::None
        };
        let at = self.add(Node::Exam {
            code: node.record.code.to_string(),
            title: node.record.title.clone(),
            status: node.record.status,
            mark,
        });
        self.exams.insert(id, at);
        if node.courses.is_empty() {
            let none = self.add(Node::NoTraining);
            self.diagram.edges.push((at, none));
        }
        for &course in &node.courses {
            let record = &self.snap.course(course).record;
            let course_at = self.add(Node::Course {
                code: record.code.to_string(),
                title: record.title.clone(),
            });
            self.diagram.edges.push((at, course_at));
        }
        at
    }
}

fn describe(diagram: &PathDiagram) -> String {
    let count = |f: fn(&Node) -> bool| diagram.nodes.iter().filter(|n| f(n)).count();
    format!(
        "The path to {}: {} certifications, {} requirement groups, {} exams and {} courses. \
         Arrows go from what asks to what is asked for.",
        diagram.title,
        count(|n| matches!(n, Node::Certification { .. })),
        count(|n| matches!(n, Node::Group { .. })),
        count(|n| matches!(n, Node::Exam { .. })),
        count(|n| matches!(n, Node::Course { .. })),
    )
}
