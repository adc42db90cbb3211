//! Field errors and validating newtypes.
//!
//! Every value that enters the system from a form, a file or the API is parsed into one of these types; the only
//! way to build one is its `parse`, so a value that exists is valid. Failures are collected per field into
//! [`FieldErrors`], which the server turns into a 422 answer and the UI shows next to each field.

use std::collections::BTreeMap;
use std::fmt;

/// Errors keyed by field name, with a message (Chinese first: the console's primary language).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(BTreeMap<String, String>);

impl FieldErrors {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }
    /// Record an error for `field` (the first error for a field wins).
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.entry(field.into()).or_insert_with(|| message.into());
    }
    /// Parse `raw` with `parse`, recording the error under `field`; returns the value when it parsed.
    pub fn check<T>(&mut self, field: &str, parsed: Result<T, ValidationError>) -> Option<T> {
        match parsed {
            Ok(v) => Some(v),
            Err(e) => {
                self.add(field, e.to_string());
                None
            }
        }
    }
    /// True when no error was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The recorded errors.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.0.iter()
    }
    /// `Ok(())` when empty, else `Err(self)`.
    pub fn into_result(self) -> Result<(), FieldErrors> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        f.write_str(&parts.join("; "))
    }
}

/// Why one value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValidationError {
    /// The value is required.
    #[error("不能为空")]
    Required,
    /// Too short or too long (in characters).
    #[error("长度应为 {min}–{max} 个字符")]
    Length {
        /// Minimum characters.
        min: usize,
        /// Maximum characters.
        max: usize,
    },
    /// Characters outside the allowed set.
    #[error("{0}")]
    Format(&'static str),
    /// Not one of the allowed values.
    #[error("取值无效，可选：{0}")]
    OneOf(String),
}

fn char_len_between(s: &str, min: usize, max: usize) -> Result<(), ValidationError> {
    let n = s.chars().count();
    if n == 0 && min > 0 {
        return Err(ValidationError::Required);
    }
    if n < min || n > max {
        return Err(ValidationError::Length { min, max });
    }
    Ok(())
}

fn no_control(s: &str) -> Result<(), ValidationError> {
    if s.chars().any(char::is_control) {
        return Err(ValidationError::Format("不能包含控制字符"));
    }
    Ok(())
}

macro_rules! string_newtype {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);
        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
        impl $name {
            /// The inner string.
            pub fn into_inner(self) -> String {
                self.0
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

string_newtype!(
    /// A login name (用户名): 3–32 characters, ASCII letters, digits, `_ . -`, starting with a letter.
    Username
);
impl Username {
    /// Parse a login name.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let s = raw.trim();
        char_len_between(s, 3, 32)?;
        let mut chars = s.chars();
        let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
        if !first_ok || !s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')) {
            return Err(ValidationError::Format("须以字母开头，只能包含字母、数字、下划线、点和连字符"));
        }
        Ok(Self(s.to_ascii_lowercase()))
    }
}

string_newtype!(
    /// A human-readable name (姓名, 部门名称, 角色名称 …): 1–50 characters, no control characters, trimmed.
    Name
);
impl Name {
    /// Parse a name of at most `max` characters.
    pub fn parse_max(raw: &str, max: usize) -> Result<Self, ValidationError> {
        let s = raw.trim();
        char_len_between(s, 1, max)?;
        no_control(s)?;
        Ok(Self(s.to_string()))
    }
    /// Parse a name of at most 50 characters.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        Self::parse_max(raw, 50)
    }
}

string_newtype!(
    /// A machine key (角色标识, 字典类型, 部门编码): 2–64 of `a-z A-Z 0-9 _ - .`, starting with a letter or digit.
    Key
);
impl Key {
    /// Parse a key.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let s = raw.trim();
        char_len_between(s, 2, 64)?;
        let first_ok = s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
        if !first_ok || !s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')) {
            return Err(ValidationError::Format("只能包含字母、数字、下划线、点和连字符"));
        }
        Ok(Self(s.to_string()))
    }
}

string_newtype!(
    /// A telephone number (电话): digits with optional `+`, `-`, spaces and an extension; 5–20 characters.
    Phone
);
impl Phone {
    /// Parse a phone number.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let s = raw.trim();
        char_len_between(s, 5, 20)?;
        let digits = s.chars().filter(char::is_ascii_digit).count();
        if digits < 5 || !s.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')')) {
            return Err(ValidationError::Format("电话号码格式不正确"));
        }
        Ok(Self(s.to_string()))
    }
}

string_newtype!(
    /// An e-mail address (邮箱): one `@`, a non-empty local part and a dotted domain; ≤ 100 characters.
    Email
);
impl Email {
    /// Parse an e-mail address.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let s = raw.trim();
        char_len_between(s, 3, 100)?;
        let ok = match s.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !s.chars().any(|c| c.is_whitespace() || c.is_control())
            }
            None => false,
        };
        if !ok {
            return Err(ValidationError::Format("邮箱格式不正确"));
        }
        Ok(Self(s.to_string()))
    }
}

/// Parse an optional field: empty or whitespace-only means absent.
pub fn optional<T>(
    raw: Option<&str>,
    parse: impl Fn(&str) -> Result<T, ValidationError>,
) -> Result<Option<T>, ValidationError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => parse(s).map(Some),
    }
}

/// Record status (状态) shared by users, departments, roles and dictionary entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Status {
    /// 正常
    #[default]
    Active,
    /// 停用
    Disabled,
}

impl Status {
    /// Parse `active` / `disabled`.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        match raw.trim() {
            "active" => Ok(Self::Active),
            "disabled" => Ok(Self::Disabled),
            _ => Err(ValidationError::OneOf("active, disabled".into())),
        }
    }
    /// The stored code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Disabled => "disabled",
        }
    }
}

/// Colour of a dictionary entry's tag (Element Plus tag types).
pub const TAG_COLOURS: [&str; 6] = ["", "primary", "success", "info", "warning", "danger"];

/// Parse a tag colour.
pub fn parse_tag(raw: &str) -> Result<String, ValidationError> {
    let s = raw.trim();
    if TAG_COLOURS.contains(&s) {
        Ok(s.to_string())
    } else {
        Err(ValidationError::OneOf("primary, success, info, warning, danger".into()))
    }
}

#[cfg(test)]
mod tests;
