//! A small fixed-size bit set over a search problem's local indices.

use std::cmp::Ordering;

/// A set of small integers, one bit each.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Bits(Vec<u64>);

impl Bits {
    /// An empty set that can hold `0..len`.
    pub fn new(len: usize) -> Self {
        Self(vec![0; len.div_ceil(64)])
    }

    pub fn insert(&mut self, i: u32) {
        self.0[i as usize / 64] |= 1 << (i % 64);
    }

    pub fn contains(&self, i: u32) -> bool {
        self.0[i as usize / 64] & (1 << (i % 64)) != 0
    }

    pub fn union_with(&mut self, other: &Bits) {
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a |= b;
        }
    }

    /// `self` without the members of `other`.
    pub fn difference(&self, other: &Bits) -> Bits {
        Bits(self.0.iter().zip(&other.0).map(|(a, b)| a & !b).collect())
    }

    /// `self` restricted to the members of `other`.
    pub fn intersection(&self, other: &Bits) -> Bits {
        Bits(self.0.iter().zip(&other.0).map(|(a, b)| a & b).collect())
    }

    pub fn intersects(&self, other: &Bits) -> bool {
        self.0.iter().zip(&other.0).any(|(a, b)| a & b != 0)
    }

    /// Whether the sets share a member that is not in `except`.
    pub fn intersects_except(&self, other: &Bits, except: &Bits) -> bool {
        self.0
            .iter()
            .zip(&other.0)
            .zip(&except.0)
            .any(|((a, b), e)| a & b & !e != 0)
    }

    /// How many members below `bound` the two sets share.
    pub fn count_common_below(&self, other: &Bits, bound: u32) -> u32 {
        let mut count = 0;
        for (w, (a, b)) in self.0.iter().zip(&other.0).enumerate() {
            let start = w as u32 * 64;
            if start >= bound {
                break;
            }
            let mask = if bound - start >= 64 {
                u64::MAX
            } else {
                (1u64 << (bound - start)) - 1
            };
            count += (a & b & mask).count_ones();
        }
        count
    }

    /// The members, ascending.
    pub fn ones(&self) -> impl Iterator<Item = u32> + '_ {
        self.0.iter().enumerate().flat_map(|(w, &word)| {
            let mut word = word;
            std::iter::from_fn(move || {
                (word != 0).then(|| {
                    let bit = word.trailing_zeros();
                    word &= word - 1;
                    w as u32 * 64 + bit
                })
            })
        })
    }

    /// Orders two sets of equal size as their sorted member lists compare: the set holding
    /// the smallest member of the symmetric difference comes first.
    pub fn cmp_sorted(&self, other: &Bits) -> Ordering {
        for (a, b) in self.0.iter().zip(&other.0) {
            let diff = a ^ b;
            if diff != 0 {
                let lowest = diff & diff.wrapping_neg();
                return if a & lowest != 0 {
                    Ordering::Less
                } else {
                    Ordering::Greater
                };
            }
        }
        Ordering::Equal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(len: usize, members: &[u32]) -> Bits {
        let mut bits = Bits::new(len);
        for &m in members {
            bits.insert(m);
        }
        bits
    }

    #[test]
    fn sets_compare_like_their_sorted_members() {
        let a = set(130, &[1, 70, 129]);
        let b = set(130, &[2, 3, 4]);
        assert_eq!(a.cmp_sorted(&b), Ordering::Less);
        assert_eq!(b.cmp_sorted(&a), Ordering::Greater);
        assert_eq!(a.cmp_sorted(&a.clone()), Ordering::Equal);
        assert_eq!(
            set(130, &[5, 100]).cmp_sorted(&set(130, &[5, 99])),
            Ordering::Greater
        );
    }

    #[test]
    fn members_are_listed_ascending_and_counted_below_a_bound() {
        let a = set(200, &[0, 63, 64, 199]);
        assert_eq!(a.ones().collect::<Vec<_>>(), vec![0, 63, 64, 199]);
        assert_eq!(a.count_common_below(&a, 64), 2);
        assert_eq!(a.count_common_below(&a, 65), 3);
        assert_eq!(a.count_common_below(&a, 200), 4);
        assert_eq!(a.difference(&a).ones().count(), 0);
        assert!(a.intersects(&set(200, &[199])));
    }
}
