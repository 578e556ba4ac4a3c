using Integration.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace Integration.Workflows.Tests;

/// <summary>A service without its required settings refuses to start and says which key to set.</summary>
public sealed class StartupValidationTests
{
    [Fact]
    public void A_missing_signing_key_stops_startup_naming_the_setting()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:redis", "127.0.0.1:1"));

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("Auth:SigningKey is not set", error.Message);
    }

    [Fact]
    public void A_short_signing_key_stops_startup()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("ConnectionStrings:redis", "127.0.0.1:1")
            .UseSetting("Auth:SigningKey", "too-short"));

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("at least 32 characters", error.Message);
    }

    [Fact]
    public void A_missing_redis_connection_string_stops_startup_naming_the_setting()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("Auth:SigningKey", new string('s', 48)));

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("ConnectionStrings:redis is not set", error.Message);
    }
}
