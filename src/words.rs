//! How numbers and counts are written in what the user reads: numbers short enough to read,
//! and nouns that agree with their count.

/// A number as a person would write it: at most six significant digits, and in scientific
/// notation when it is very large or very small, so that `1e308` does not print as 309 digits.
///
/// # Examples
/// ```
/// use corridor_atlas::words::readable_number;
/// assert_eq!(readable_number(49.87), "49.87");
/// assert_eq!(readable_number(-95.0), "-95");
/// assert_eq!(readable_number(40.123456789), "40.1235");
/// assert_eq!(readable_number(1e308), "1e308");
/// assert_eq!(readable_number(-2.5e-7), "-2.5e-7");
/// ```
pub fn readable_number(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    if value == 0.0 {
        return "0".to_owned();
    }
    let magnitude = value.abs();
    if (1e-4..1e6).contains(&magnitude) {
        // Six significant digits: as many decimals as the integer part leaves over.
        let integer_digits = magnitude.log10().floor() as i32 + 1;
        let decimals = usize::try_from(6 - integer_digits).unwrap_or(0);
        let text = format!("{value:.decimals$}");
        return trim_zeros(&text).to_owned();
    }
    let text = format!("{value:.5e}");
    match text.split_once('e') {
        Some((mantissa, exponent)) => format!("{}e{exponent}", trim_zeros(mantissa)),
        None => text,
    }
}

/// "49.8700" → "49.87", "40.000" → "40"; a number without a decimal point stays as it is.
fn trim_zeros(text: &str) -> &str {
    if !text.contains('.') {
        return text;
    }
    text.trim_end_matches('0').trim_end_matches('.')
}

/// A count with its noun in the right number: "1 feature", "2 features", "0 features".
///
/// # Examples
/// ```
/// use corridor_atlas::words::counted;
/// assert_eq!(counted(1, "feature", "features"), "1 feature");
/// assert_eq!(counted(3, "property", "properties"), "3 properties");
/// assert_eq!(counted(0, "problem", "problems"), "0 problems");
/// ```
pub fn counted(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_six_significant_digits_at_most() {
        assert_eq!(readable_number(123_456.7), "123457");
        assert_eq!(readable_number(0.000_123_456_789), "0.000123457");
        assert_eq!(readable_number(999_999.9), "1000000");
        assert_eq!(readable_number(0.999_999_99), "1");
        assert_eq!(readable_number(-0.0), "0");
    }

    #[test]
    fn huge_and_tiny_numbers_are_written_in_scientific_notation() {
        assert_eq!(readable_number(1e6), "1e6");
        assert_eq!(readable_number(-1.234_567e300), "-1.23457e300");
        assert_eq!(readable_number(f64::MAX), "1.79769e308");
        assert_eq!(readable_number(5e-324), "4.94066e-324");
        assert!(readable_number(1e308).len() < 10);
    }
}
