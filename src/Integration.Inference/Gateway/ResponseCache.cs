using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Integration.Inference.Registry;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Integration.Inference.Gateway;

public sealed record CachedAnswer(string Content, string FinishReason, int PromptTokens, int CompletionTokens);

/// <summary>
/// Answers to deterministic requests (temperature 0), keyed by the model variant, its current revision
/// (a newly promoted classifier is a new revision) and everything in the request that shapes the answer.
/// </summary>
public sealed class ResponseCache(IConnectionMultiplexer redis, IOptions<InferenceOptions> options)
{
    public static string Key(string model, string revision, PreparedChat chat)
    {
        var material = JsonSerializer.Serialize(new
        {
            model,
            revision,
            messages = chat.Messages.Select(m => new { role = m.Role.Value, text = m.Text }),
            format = chat.Output.Raw,
            chat.Options.MaxOutputTokens,
            chat.Options.Seed,
            chat.Options.StopSequences,
        });
        return "inference:cache:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)));
    }

    public async Task<CachedAnswer?> GetAsync(string key)
    {
        var value = await redis.GetDatabase().StringGetAsync(key);
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<CachedAnswer>(value.ToString());
    }

    public Task SetAsync(string key, CachedAnswer answer) =>
        redis.GetDatabase().StringSetAsync(key, JsonSerializer.Serialize(answer), options.Value.CacheTtl);
}
