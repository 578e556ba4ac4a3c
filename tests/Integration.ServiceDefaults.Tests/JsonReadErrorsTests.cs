using System.Text.Json;
using Integration.ServiceDefaults.Errors;

namespace Integration.ServiceDefaults.Tests;

public sealed class JsonReadErrorsTests
{
    public enum Decision { Approve, Reject }

    public sealed record Sample(string? Name, int? Count, IReadOnlyList<string>? Tags, Decision? Decision, bool? Flag);

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Theory]
    [InlineData("""{"name": 5}""", "$.name", "The value has the wrong type: expected text, found number.")]
    [InlineData("""{"count": "many"}""", "$.count", "The value is not a whole number in range.")]
    [InlineData("""{"count": 1e40}""", "$.count", "The value is not a whole number in range.")]
    [InlineData("""{"tags": "urgent"}""", "$.tags", "The value has the wrong type: expected a list.")]
    [InlineData("""{"decision": "maybe"}""", "$.decision", "The value has the wrong type, or is not one of the values this field takes.")]
    [InlineData("""{"flag": "yes"}""", "$.flag", "The value has the wrong type: expected true or false, found string.")]
    public void A_value_of_the_wrong_type_is_named_as_the_json_it_should_have_been(string body, string path, string reason)
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Sample>(body, Web));

        Assert.Equal(path, error.Path);
        Assert.Equal(reason, JsonReadErrors.Describe(error));
    }

    [Fact]
    public void Syntax_errors_keep_what_the_reader_expected_without_advice_for_programmers_or_positions()
    {
        var trailingComma = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Sample>("""{"tags": ["a",]}""", Web));
        var cutShort = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Sample>("""{"name": "x", """, Web));

        foreach (var reason in new[] { JsonReadErrors.Describe(trailingComma), JsonReadErrors.Describe(cutShort) })
        {
            Assert.DoesNotContain("reader options", reason);
            Assert.DoesNotContain("LineNumber", reason);
            Assert.DoesNotContain("System.", reason);
            Assert.NotEmpty(reason);
        }

        Assert.Contains("JSON does not allow", JsonReadErrors.Describe(trailingComma));
    }
}
