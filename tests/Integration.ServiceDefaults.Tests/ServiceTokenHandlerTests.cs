using Integration.ServiceDefaults.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Integration.ServiceDefaults.Tests;

public sealed class ServiceTokenHandlerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
    private readonly List<string> _sentTokens = [];

    [Fact]
    public async Task Calls_carry_the_services_own_token_with_the_service_role()
    {
        using var client = CreateClient();

        await client.GetAsync("http://inference/system/info", TestContext.Current.CancellationToken);

        var token = new JsonWebToken(_sentTokens.Single());
        Assert.Equal("workflows", token.Subject);
        Assert.Equal([Roles.Service], token.Claims.Where(c => c.Type == TokenIssuer.RoleClaim).Select(c => c.Value));
        Assert.Equal(_time.GetUtcNow().AddMinutes(10).UtcDateTime, token.ValidTo, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task The_token_is_reused_and_renewed_a_minute_before_it_expires()
    {
        using var client = CreateClient();

        await client.GetAsync("http://inference/a", TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromMinutes(8));
        await client.GetAsync("http://inference/b", TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromMinutes(1.5));
        await client.GetAsync("http://inference/c", TestContext.Current.CancellationToken);

        Assert.Equal(_sentTokens[0], _sentTokens[1]);
        Assert.NotEqual(_sentTokens[1], _sentTokens[2]);
    }

    private HttpClient CreateClient()
    {
        var options = Options.Create(new AuthOptions { SigningKey = new string('s', 48) });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["OTEL_SERVICE_NAME"] = "workflows" }).Build();
        var handler = new ServiceTokenHandler(new TokenIssuer(options, _time), configuration, new HostingEnvironment { ApplicationName = "Integration.Workflows" }, _time)
        {
            InnerHandler = new RecordingHandler(_sentTokens),
        };
        return new HttpClient(handler);
    }

    private sealed class RecordingHandler(List<string> tokens) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            tokens.Add(request.Headers.Authorization!.Parameter!);
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
        }
    }
}
