using System.Net.Http.Headers;
using System.Security.Cryptography;
using Integration.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Integration.Testing;

/// <summary>
/// One service in process (WebApplicationFactory) against a real Redis of its own, with a fresh signing
/// key, and HttpClients that carry tokens for any user and roles.
/// </summary>
public class ServiceFactory<TProgram> : WebApplicationFactory<TProgram>, IAsyncLifetime where TProgram : class
{
    private TestRedis? _redis;

    public string SigningKey { get; init; } = RandomNumberGenerator.GetHexString(64);

    public TestRedis Redis => _redis ?? throw new InvalidOperationException("The factory has not been initialized.");

    /// <summary>Extra configuration for a test class (e.g. a feature switch); the defaults come first.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>Whether the service listens on a real port of 127.0.0.1 (Kestrel, its limits and all), for a client in another process or a raw socket.</summary>
    protected virtual bool OnRealPort => false;

    /// <summary>Where the service listens (on a real port once initialized, when <see cref="OnRealPort"/>).</summary>
    public string Url => ClientOptions.BaseAddress.ToString().TrimEnd('/');

    public virtual async ValueTask InitializeAsync()
    {
        _redis = await TestRedis.StartAsync(TestContext.Current.CancellationToken);
        if (OnRealPort)
        {
            UseKestrel(0);
            StartServer();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:redis", Redis.ConnectionString);
        builder.UseSetting("Auth:SigningKey", SigningKey);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public HttpClient CreateClient(string user, params string[] roles) =>
        CreateClientWithToken(IssueToken(SigningKey, user, roles, TimeSpan.FromHours(1)));

    public HttpClient CreateClientWithToken(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static string IssueToken(string signingKey, string user, string[] roles, TimeSpan lifetime, TimeProvider? time = null) =>
        TokenIssuer.Issue(new AuthOptions { SigningKey = signingKey }, user, roles, lifetime, time ?? TimeProvider.System).AccessToken;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
