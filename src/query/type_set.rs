//! A set of line item types, as the form's checkboxes hold them.

use super::LineItemType;

/// Some of the 19 line item types; iterates in the API's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TypeSet(u32);

impl TypeSet {
    /// Every type.
    pub fn all() -> TypeSet {
        TypeSet((1 << LineItemType::ALL.len()) - 1)
    }

    /// No type.
    pub fn none() -> TypeSet {
        TypeSet(0)
    }

    fn bit(t: LineItemType) -> u32 {
        let i = LineItemType::ALL
            .iter()
            .position(|x| *x == t)
            .unwrap_or_default();
        1 << i
    }

    pub fn contains(self, t: LineItemType) -> bool {
        self.0 & TypeSet::bit(t) != 0
    }

    pub fn insert(&mut self, t: LineItemType) {
        self.0 |= TypeSet::bit(t);
    }

    /// Selects `t` if it was not, clears it if it was.
    pub fn toggle(&mut self, t: LineItemType) {
        self.0 ^= TypeSet::bit(t);
    }

    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The types in the set, in the API's order.
    pub fn iter(self) -> impl Iterator<Item = LineItemType> {
        LineItemType::ALL
            .into_iter()
            .filter(move |t| self.contains(*t))
    }
}

impl FromIterator<LineItemType> for TypeSet {
    fn from_iter<I: IntoIterator<Item = LineItemType>>(types: I) -> TypeSet {
        let mut set = TypeSet::none();
        types.into_iter().for_each(|t| set.insert(t));
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_each_type_once_in_the_apis_order() {
        assert_eq!(TypeSet::all().len(), 19);
        assert!(TypeSet::none().is_empty());
        let mut set: TypeSet = [LineItemType::OverageUsage, LineItemType::Usage]
            .into_iter()
            .collect();
        assert_eq!(
            set.iter().collect::<Vec<_>>(),
            [LineItemType::Usage, LineItemType::OverageUsage]
        );
        set.toggle(LineItemType::Usage);
        set.toggle(LineItemType::AdHoc);
        assert!(!set.contains(LineItemType::Usage) && set.contains(LineItemType::AdHoc));
        assert_eq!(set.len(), 2);
        let every: TypeSet = LineItemType::ALL.into_iter().collect();
        assert_eq!(every, TypeSet::all());
    }
}
