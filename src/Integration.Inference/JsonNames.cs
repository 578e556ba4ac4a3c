using System.Text.Json;
using System.Text.Json.Serialization;

namespace Integration.Inference;

public static class JsonNames
{
    /// <summary>Ollama's and OpenAI's wire convention: snake_case names, nulls left out.</summary>
    public static readonly JsonSerializerOptions SnakeCase = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
