using System.Text.RegularExpressions;
using NJsonSchema.Validation;

namespace Integration.ServiceDefaults.Schemas;

/// <summary>
/// NJsonSchema's validation errors as the suite shows them: at a JSON path (<c>$.items[0].name</c>, the missing property
/// itself for a required one), in a sentence that says what the schema wants (<c>"At most 255 characters."</c>), not
/// its error code (<c>StringTooLong</c>).
/// </summary>
public static partial class SchemaErrors
{
    /// <summary>Where the error is, under <paramref name="root"/> ("$" for a whole document, "$.input" for a part of a request).</summary>
    public static string PathOf(ValidationError error, string root = "$")
    {
        var path = string.IsNullOrEmpty(error.Path) || error.Path == "#" ? root : root + "." + error.Path.TrimStart('#', '/').Replace('/', '.');
        // A missing property is reported at its parent; say the property itself.
        return error.Kind == ValidationErrorKind.PropertyRequired && error.Property is { } property && !path.EndsWith("." + property, StringComparison.Ordinal)
            ? path + "." + property
            : path;
    }

    /// <summary>What is wrong there, in words.</summary>
    public static string Describe(ValidationError error)
    {
        var schema = error.Schema;
        return error.Kind switch
        {
            ValidationErrorKind.PropertyRequired => "This property is required.",
            ValidationErrorKind.NoAdditionalPropertiesAllowed or ValidationErrorKind.AdditionalPropertiesNotValid => "This property is not one the schema allows.",
            ValidationErrorKind.StringExpected => "Expected text.",
            ValidationErrorKind.NumberExpected => "Expected a number.",
            ValidationErrorKind.IntegerExpected => "Expected a whole number.",
            ValidationErrorKind.BooleanExpected => "Expected true or false.",
            ValidationErrorKind.ObjectExpected => "Expected an object.",
            ValidationErrorKind.ArrayExpected => "Expected a list.",
            ValidationErrorKind.NullExpected => "Expected null.",
            ValidationErrorKind.StringTooShort => $"At least {Count(schema?.MinLength, "character")}.",
            ValidationErrorKind.StringTooLong => $"At most {Count(schema?.MaxLength, "character")}.",
            ValidationErrorKind.NumberTooSmall => $"At least {schema?.ExclusiveMinimum ?? schema?.Minimum}{(schema?.IsExclusiveMinimum == true || schema?.ExclusiveMinimum is not null ? " (not included)" : "")}.",
            ValidationErrorKind.NumberTooBig or ValidationErrorKind.IntegerTooBig =>
                $"At most {schema?.ExclusiveMaximum ?? schema?.Maximum}{(schema?.IsExclusiveMaximum == true || schema?.ExclusiveMaximum is not null ? " (not included)" : "")}.",
            ValidationErrorKind.TooFewItems => $"At least {Count(schema?.MinItems, "item")}.",
            ValidationErrorKind.TooManyItems => $"At most {Count(schema?.MaxItems, "item")}.",
            ValidationErrorKind.ItemsNotUnique => "The items must all differ.",
            ValidationErrorKind.NotInEnumeration => schema?.Enumeration is { Count: > 0 } values
                ? $"One of {string.Join(", ", values.Select(v => v is string text ? $"'{text}'" : v?.ToString() ?? "null"))}."
                : "Not one of the values allowed.",
            ValidationErrorKind.PatternMismatch => $"Does not match the pattern {schema?.Pattern}.",
            ValidationErrorKind.EmailExpected => "Expected an email address.",
            ValidationErrorKind.DateTimeExpected => "Expected a date and time (ISO 8601).",
            ValidationErrorKind.DateExpected => "Expected a date (yyyy-mm-dd).",
            ValidationErrorKind.UriExpected => "Expected a URI.",
            ValidationErrorKind.GuidExpected => "Expected a GUID.",
            ValidationErrorKind.NotAnyOf or ValidationErrorKind.NotOneOf or ValidationErrorKind.NoTypeValidates => "Fits none of the shapes the schema allows.",
            _ => Words().Replace(error.Kind.ToString(), " $1").Trim() is var words ? char.ToUpperInvariant(words[0]) + words[1..].ToLowerInvariant() + "." : "",
        };
    }

    private static string Count(int? n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";

    [GeneratedRegex("(?<=[a-z])([A-Z])")]
    private static partial Regex Words();
}
