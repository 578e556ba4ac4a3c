using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace Integration.Portal.Login;

/// <summary>
/// Gets a signed-in person's next access token from the identity provider with their refresh token, before the one they have
/// lapses. Providers rotate refresh tokens (each is good once), while the same person's cookie and their open pages each
/// hold a copy: so every refresh is remembered by the token it used, and whoever comes with a used one follows on from its
/// answer instead of being refused. Null when the provider refuses (the person signs in again) or cannot be reached.
/// </summary>
public sealed class ProviderTokenRefresher(IOptionsMonitor<OpenIdConnectOptions> oidc, TimeProvider time, ILogger<ProviderTokenRefresher> logger)
{
    /// <summary>A chain of refreshes longer than this means the provider hands out tokens that are stale already.</summary>
    private const int MostSteps = 4;
    private static readonly TimeSpan Remembered = TimeSpan.FromHours(24);

    private readonly ConcurrentDictionary<string, (Lazy<Task<ProviderTokens?>> Answer, DateTimeOffset At)> _answers = new(StringComparer.Ordinal);

    /// <summary>Tokens fit to send now: these, or the ones that follow them.</summary>
    public async Task<ProviderTokens?> FreshAsync(ProviderTokens tokens)
    {
        for (var step = 0; tokens.Stale(time.GetUtcNow()); step++)
        {
            if (tokens.Refresh is null || step == MostSteps)
            {
                return null;
            }

            var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tokens.Refresh)));
            Forget();
            var answer = _answers.GetOrAdd(key, _ => (new Lazy<Task<ProviderTokens?>>(() => RefreshAsync(tokens.Refresh)), time.GetUtcNow()));
            var next = await answer.Answer.Value;
            if (next is null)
            {
                _answers.TryRemove(key, out _); // a provider back from an outage may take it yet
                return null;
            }

            tokens = next;
        }

        return tokens;
    }

    private void Forget()
    {
        foreach (var (key, _) in _answers.Where(a => a.Value.At < time.GetUtcNow() - Remembered))
        {
            _answers.TryRemove(key, out _);
        }
    }

    /// <summary>One refresh, shared by everyone holding that refresh token: no one caller's cancellation may end it for the others (the backchannel's timeout bounds it).</summary>
    private async Task<ProviderTokens?> RefreshAsync(string refreshToken)
    {
        var cancellationToken = CancellationToken.None;
        var options = oidc.Get(ProviderSignIn.Scheme);
        try
        {
            var configuration = await options.ConfigurationManager!.GetConfigurationAsync(cancellationToken);
            var received = time.GetUtcNow();
            using var response = await options.Backchannel.PostAsync(configuration.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken,
                ["client_id"] = options.ClientId!, ["client_secret"] = options.ClientSecret ?? "",
            }), cancellationToken);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            if (!response.IsSuccessStatusCode || !body.TryGetProperty("access_token", out var access))
            {
                // The provider's words only: the tokens are never logged.
                logger.LogWarning("The identity provider refused a refresh ({Status} {Error}: {Description}); the person signs in again.",
                    (int)response.StatusCode, Text(body, "error"), Text(body, "error_description"));
                return null;
            }

            var seconds = body.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var s) ? s
                : int.TryParse(Text(body, "expires_in"), NumberStyles.None, CultureInfo.InvariantCulture, out s) ? s : 300;
            // A provider that does not rotate sends no new refresh token: the one used stays good.
            return new ProviderTokens(access.GetString()!, Text(body, "refresh_token") ?? refreshToken, received, received.AddSeconds(seconds));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException)
        {
            logger.LogWarning("The identity provider could not be asked for a fresh token: {Reason}", e.Message);
            return null;
        }
    }

    private static string? Text(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
