using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Integration.ServiceDefaults.Errors;
using Integration.ServiceDefaults.Json;

namespace Integration.ServiceDefaults.Tests;

/// <summary>What every JSON body must be besides well formed (I-JSON), and lists that refuse null entries, each with the path of the value.</summary>
public sealed class StrictJsonTests
{
    public sealed record Message(string Role, string Content);

    public sealed record Chat(IReadOnlyList<Message>? Messages, IReadOnlyList<string>? Tags, IReadOnlyList<string?>? Optional, IReadOnlyDictionary<string, string>? Labels);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { NoNullEntries.Modify } },
    };

    [Theory]
    [InlineData("""{"a":"x\ud800y"}""", "$.a", "lone surrogate")]
    [InlineData("""{"a":["ok","x\u0000y"]}""", "$.a[1]", "NUL")]
    [InlineData("""{"a":{"b":1e400}}""", "$.a.b", "64-bit floating-point")]
    [InlineData("""{"a":[1,2,1234567890123456789012345678901234567890]}""", "$.a[2]", "19 digits")]
    [InlineData("""{"a":{"b":1,"b":2}}""", "$.a.b", "named twice")]
    [InlineData("""{"odd name":[{"c":1e999}]}""", "$['odd name'][0].c", "64-bit floating-point")]
    public void A_value_that_is_not_i_json_is_named_with_its_path(string json, string path, string reason)
    {
        var problem = StrictJson.Check(Encoding.UTF8.GetBytes(json));

        Assert.NotNull(problem);
        Assert.Equal(path, problem.Path);
        Assert.Contains(reason, problem.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    public void Text_that_is_not_valid_utf8_is_refused_where_it_is(byte[] bad)
    {
        byte[] json = [.. "{\"list\":[\"fine\",\"x"u8, .. bad, .. "\"]}"u8];

        Assert.Equal("$.list[1]", StrictJson.Check(json)?.Path);
    }

    [Theory]
    [InlineData("""{"a":"text","b":[1,2.5,-3e10,true,null,{"c":"\u00e9\ud83d\ude00"}],"c":9223372036854775807}""")]
    [InlineData("""[1,2,3]""")]
    [InlineData("""{"cut":""")] // malformed: the binder says where, not this check
    public void Ordinary_json_passes(string json) => Assert.Null(StrictJson.Check(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"hi"},null]}""", "$.messages[1]")]
    [InlineData("""{"tags":["a",null]}""", "$.tags[1]")]
    [InlineData("""{"labels":{"a":"x","b":null}}""", "$.labels['b']")]
    [InlineData("""{"messages":[{"role":"user","content":5}]}""", "$.messages[0].content")]
    public void A_null_entry_or_a_wrong_value_inside_a_list_is_refused_at_its_path(string json, string path)
    {
        var error = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<Chat>(json, Options));

        Assert.Equal(path, JsonReadErrors.PathOf(error));
        Assert.DoesNotContain("LineNumber", JsonReadErrors.Describe(error));
    }

    [Fact]
    public void A_list_that_declares_its_entries_nullable_takes_nulls()
    {
        var chat = JsonSerializer.Deserialize<Chat>("""{"optional":["a",null],"tags":null}""", Options);

        Assert.Equal(["a", null], chat!.Optional);
        Assert.Null(chat.Tags);
    }
}
