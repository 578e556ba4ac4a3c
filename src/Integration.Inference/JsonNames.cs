using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Integration.Inference;

public static class JsonNames
{
    /// <summary>Ollama's and OpenAI's wire convention: snake_case names, nulls left out.</summary>
    public static readonly JsonSerializerOptions SnakeCase = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Model output is full of quotes and angle brackets; escaping them as \u0022 is valid but unreadable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        // A null where a request's list declares none (a message) is the caller's error, as in every service.
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver { Modifiers = { Integration.ServiceDefaults.Json.NoNullEntries.Modify } },
    };
}
