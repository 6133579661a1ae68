//! Behaviour of code generated from the feature fixtures, compiled against the
//! fixture crates by `snapshots.rs` (it becomes the `fixture-behaviour` crate
//! of the fixture workspace under `target/fixture-check`).

#[cfg(test)]
mod open_enums {
    use open_enums::models::{Priority, Status};

    #[test]
    fn values_that_collide_once_cased_keep_their_own_variants() {
        let decoded: Vec<Status> = serde_json::from_str(r#"["active", "ACTIVE", "", "Other", "+sort"]"#).unwrap();
        assert_eq!(decoded, [Status::Active, Status::Active2, Status::Value, Status::Other2, Status::Sort]);
        assert_eq!(serde_json::to_string(&decoded).unwrap(), r#"["active","ACTIVE","","Other","+sort"]"#);
    }

    #[test]
    fn unknown_values_are_kept() {
        let status: Status = serde_json::from_str(r#""archived""#).unwrap();
        assert_eq!(status, Status::Other("archived".to_owned()));
        assert_eq!(serde_json::to_string(&status).unwrap(), r#""archived""#);
        let priority: Priority = serde_json::from_str("-1").unwrap();
        assert_eq!(priority, Priority::Minus1);
        assert_eq!(serde_json::from_str::<Priority>("7").unwrap(), Priority::Other(7));
    }
}

#[cfg(test)]
mod nullable {
    use nullable_31::models::{Owner, Pet};

    fn pet(json: &str) -> Pet {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn absent_and_null_are_kept_apart() {
        let absent = pet(r#"{"name": "Rex", "nickname": null}"#);
        assert_eq!((absent.nickname.clone(), absent.tag.clone()), (None, None));
        let null = pet(r#"{"name": "Rex", "nickname": "R", "tag": null, "owner": null}"#);
        assert_eq!(null.tag, Some(None));
        assert_eq!(null.owner, Some(None));
        let owner = pet(r#"{"name": "Rex", "nickname": null, "owner": {"name": "Ann"}}"#);
        assert_eq!(owner.owner, Some(Some(Owner { name: Some("Ann".to_owned()) })));
    }

    #[test]
    fn required_nullable_is_always_sent_and_optional_only_when_set() {
        let minimal = Pet { name: "Rex".to_owned(), ..Default::default() };
        assert_eq!(serde_json::to_string(&minimal).unwrap(), r#"{"name":"Rex","nickname":null}"#);
        let explicit_null = Pet { tag: Some(None), ..minimal };
        assert_eq!(serde_json::to_string(&explicit_null).unwrap(), r#"{"name":"Rex","nickname":null,"tag":null}"#);
    }
}

#[cfg(test)]
mod composition {
    use composition::models::{Named, Pet, TreeNode};

    #[test]
    fn all_of_merges_the_branches_fields() {
        let named: Named = serde_json::from_str(r#"{"id": "7", "name": "seven"}"#).unwrap();
        assert_eq!((named.id.as_str(), named.name.as_deref()), ("7", Some("seven")));
        assert!(serde_json::from_str::<Named>(r#"{"name": "no id"}"#).is_err(), "id is required by the base");
    }

    #[test]
    fn recursive_types_nest() {
        let tree: TreeNode =
            serde_json::from_str(r#"{"value": "leaf", "parent": {"value": "root"}, "children": [{"value": "x"}]}"#)
                .unwrap();
        assert_eq!(tree.parent.as_ref().and_then(|parent| parent.value.as_deref()), Some("root"));
        assert_eq!(tree.children.map(|children| children.len()), Some(1));
    }

    #[test]
    fn untagged_unions_take_the_first_fitting_variant() {
        let pet: Pet = serde_json::from_str(r#"{"meows": true}"#).unwrap();
        assert!(matches!(pet, Pet::Cat(_)));
    }
}

#[cfg(test)]
mod discriminated_unions {
    use discriminated_unions::models::Pet;

    fn pet(json: &str) -> Pet {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn the_discriminator_picks_the_variant() {
        assert!(matches!(pet(r#"{"petType": "kitten", "lives": 9}"#), Pet::Cat(cat) if cat.lives == Some(9)));
        assert!(matches!(pet(r#"{"petType": "dog", "barks": true}"#), Pet::Dog(_)));
        // Shaped like a Cat, but its tag says Lizard (the schema's own name).
        assert!(matches!(pet(r#"{"petType": "Lizard", "lives": 1}"#), Pet::Lizard(_)));
    }

    #[test]
    fn unknown_or_missing_tags_are_kept_as_sent() {
        let parrot = pet(r#"{"petType": "parrot", "talks": true}"#);
        assert!(matches!(&parrot, Pet::Other(value) if value["talks"] == true));
        assert!(matches!(pet(r#"{"lives": 3}"#), Pet::Other(_)));
        assert_eq!(serde_json::to_string(&parrot).unwrap(), r#"{"petType":"parrot","talks":true}"#);
    }

    #[test]
    fn a_tagged_variant_that_does_not_fit_is_an_error() {
        assert!(serde_json::from_str::<Pet>(r#"{"petType": "dog", "barks": "loudly"}"#).is_err());
    }
}
