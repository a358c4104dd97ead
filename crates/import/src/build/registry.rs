//! Records by code, in the order first met, each with the tier that orders it in the catalog.

use std::collections::HashMap;

pub(super) struct Entry<T> {
    pub(super) value: T,
    pub(super) tier: u8,
    pub(super) line: usize,
}

/// Records by code, in the order first met.
pub(super) struct Registry<T> {
    entries: Vec<Entry<T>>,
    index: HashMap<String, usize>,
}

impl<T> Default for Registry<T> {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
            index: HashMap::new(),
        }
    }
}

impl<T> Registry<T> {
    pub(super) fn get(&self, code: &str) -> Option<&Entry<T>> {
        self.entries.get(*self.index.get(code)?)
    }

    pub(super) fn get_mut(&mut self, code: &str) -> Option<&mut Entry<T>> {
        self.entries.get_mut(*self.index.get(code)?)
    }

    pub(super) fn insert(&mut self, code: &str, value: T, tier: u8, line: usize) {
        self.index.insert(code.to_owned(), self.entries.len());
        self.entries.push(Entry { value, tier, line });
    }

    pub(super) fn line(&self, code: &str) -> Option<usize> {
        self.get(code).map(|e| e.line)
    }

    /// Each code and the line it was first met on.
    pub(super) fn lines(&self) -> HashMap<String, usize> {
        self.index
            .iter()
            .filter_map(|(code, &i)| self.entries.get(i).map(|e| (code.clone(), e.line)))
            .collect()
    }

    pub(super) fn into_values(mut self) -> Vec<T> {
        self.entries.sort_by_key(|e| e.tier);
        self.entries.into_iter().map(|e| e.value).collect()
    }
}
