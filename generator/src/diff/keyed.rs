//! Pairs the items of two versions by key: what is new, what is gone, and
//! what both versions have. Every rule of the comparison starts this way, over
//! operations, parameters, types, fields, enum values, variants, statuses and
//! media types.

use std::collections::BTreeMap;

/// Where an item was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pairing<V> {
    /// Only in the new version.
    Added(V),
    /// Only in the old version.
    Removed(V),
    /// In both: the old item, then the new one.
    Both(V, V),
}

/// `old` and `new` paired by key, in key order. When a version repeats a key,
/// its last item stands for it, as a map built from the items would keep.
pub(super) fn pair_by_key<K: Ord, V>(
    old: impl IntoIterator<Item = (K, V)>,
    new: impl IntoIterator<Item = (K, V)>,
) -> Vec<(K, Pairing<V>)> {
    let mut new: BTreeMap<K, V> = new.into_iter().collect();
    let mut paired: BTreeMap<K, Pairing<V>> = BTreeMap::new();
    for (key, before) in old.into_iter().collect::<BTreeMap<K, V>>() {
        let pairing = match new.remove(&key) {
            Some(after) => Pairing::Both(before, after),
            None => Pairing::Removed(before),
        };
        paired.insert(key, pairing);
    }
    paired.extend(
        new.into_iter()
            .map(|(key, after)| (key, Pairing::Added(after))),
    );
    paired.into_iter().collect()
}

/// Pairs plain values, which are their own keys.
pub(super) fn pair_values<K: Ord>(
    old: impl IntoIterator<Item = K>,
    new: impl IntoIterator<Item = K>,
) -> Vec<(K, Pairing<()>)> {
    pair_by_key(
        old.into_iter().map(|value| (value, ())),
        new.into_iter().map(|value| (value, ())),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_added_removed_and_common_items_in_key_order() {
        let old = [("b", 1), ("a", 2)];
        let new = [("c", 3), ("b", 4)];
        assert_eq!(
            pair_by_key(old, new),
            vec![
                ("a", Pairing::Removed(2)),
                ("b", Pairing::Both(1, 4)),
                ("c", Pairing::Added(3)),
            ]
        );
    }

    #[test]
    fn a_repeated_key_keeps_its_last_item() {
        let paired = pair_by_key([("a", 1), ("a", 2)], [("a", 3)]);
        assert_eq!(paired, vec![("a", Pairing::Both(2, 3))]);
    }

    #[test]
    fn values_pair_with_themselves() {
        let paired = pair_values(["400", "404"], ["404", "413"]);
        assert_eq!(
            paired,
            vec![
                ("400", Pairing::Removed(())),
                ("404", Pairing::Both((), ())),
                ("413", Pairing::Added(())),
            ]
        );
    }

    #[test]
    fn empty_sides_pair_to_nothing() {
        let paired = pair_by_key(Vec::<(u8, u8)>::new(), Vec::new());
        assert!(paired.is_empty());
    }
}
