use super::*;

#[test]
fn usernames() {
    assert_eq!(Username::parse(" Admin_1 ").map(Username::into_inner), Ok("admin_1".into()));
    assert!(Username::parse("ab").is_err());
    assert!(Username::parse("1abc").is_err());
    assert!(Username::parse("张三丰").is_err());
    assert!(Username::parse("a b c").is_err());
    assert!(Username::parse(&"a".repeat(33)).is_err());
}

#[test]
fn names_count_characters_not_bytes() {
    assert!(Name::parse(&"知".repeat(50)).is_ok());
    assert_eq!(Name::parse(&"知".repeat(51)), Err(ValidationError::Length { min: 1, max: 50 }));
    assert_eq!(Name::parse("   "), Err(ValidationError::Required));
    assert!(Name::parse("a\u{0}b").is_err());
}

#[test]
fn phones_and_emails() {
    assert!(Phone::parse("022-60001234").is_ok());
    assert!(Phone::parse("+86 138 0000 0000").is_ok());
    assert!(Phone::parse("abc12345").is_err());
    assert!(Email::parse("a@b.cn").is_ok());
    assert!(Email::parse("a@b").is_err());
    assert!(Email::parse("a b@c.cn").is_err());
    assert!(Email::parse("@c.cn").is_err());
}

#[test]
fn optional_fields() {
    assert_eq!(optional(Some("  "), Phone::parse), Ok(None));
    assert_eq!(optional(None, Phone::parse), Ok(None));
    assert!(optional(Some("x"), Phone::parse).is_err());
}

#[test]
fn field_errors_keep_first_message() {
    let mut e = FieldErrors::new();
    assert!(e.check("name", Name::parse("")).is_none());
    e.add("name", "second");
    assert_eq!(e.iter().count(), 1);
    assert_eq!(e.iter().next().map(|(_, m)| m.as_str()), Some("不能为空"));
    assert!(e.into_result().is_err());
}
