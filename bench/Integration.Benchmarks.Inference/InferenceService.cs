using System.Security.Cryptography;
using Integration.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Integration.Benchmarks.Inference;

/// <summary>One inference service on a real Kestrel port of 127.0.0.1, quiet, with its own signing key.</summary>
internal sealed class InferenceService(string redis, IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Integration.Inference.Engine.ShippedData> // any type of the service's assembly names its entry point
{
    public string SigningKey { get; } = RandomNumberGenerator.GetHexString(64);

    public Uri Address => ClientOptions.BaseAddress;

    public static InferenceService Start(string redis, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var service = new InferenceService(redis, settings ?? new Dictionary<string, string?>());
        service.UseKestrel(0);
        service.StartServer();
        return service;
    }

    public string Token(string user, params string[] roles) =>
        TokenIssuer.Issue(new AuthOptions { SigningKey = SigningKey }, user, roles, TimeSpan.FromHours(2), TimeProvider.System).AccessToken;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseContentRoot(AppContext.BaseDirectory); // the service's Data/ is copied next to the benchmark
        builder.UseSetting("ConnectionStrings:redis", redis);
        builder.UseSetting("Auth:SigningKey", SigningKey);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }
}
