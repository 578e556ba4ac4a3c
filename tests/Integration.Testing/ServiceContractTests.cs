using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Integration.ServiceDefaults.Auth;
using Integration.ServiceDefaults.SystemInfo;
using Microsoft.AspNetCore.Mvc;

namespace Integration.Testing;

/// <summary>
/// What every service of the suite promises, whatever its features: health without a token, a bearer
/// token on everything else, 401 and 403 as ProblemDetails. Each service's test project runs these.
/// A deriving class names its fixture (IClassFixture) so that a service needing more settings can bring its own.
/// </summary>
public abstract class ServiceContractTests<TProgram>(ServiceFactory<TProgram> service)
    where TProgram : class
{
    protected ServiceFactory<TProgram> Service { get; } = service;

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Health_answers_without_a_token_and_reports_redis()
    {
        using var response = await Service.CreateClient().GetAsync("/health", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        // Aspire's Redis client names its check "StackExchange.Redis" (and "StackExchange.Redis_KEY" for a keyed client).
        var redis = body.RootElement.GetProperty("checks").EnumerateArray()
            .Where(c => c.GetProperty("name").GetString()!.StartsWith("StackExchange.Redis", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(redis);
        Assert.All(redis, check => Assert.Equal("Healthy", check.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api_without_a_token()
    {
        using var response = await Service.CreateClient().GetAsync("/openapi/v1.json", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        Assert.StartsWith("3.", document.RootElement.GetProperty("openapi").GetString());
        Assert.True(document.RootElement.GetProperty("paths").TryGetProperty("/system/info", out _));
    }

    [Fact]
    public async Task Liveness_answers_without_a_token()
    {
        using var response = await Service.CreateClient().GetAsync("/alive", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_request_without_a_token_gets_401_problem_details()
    {
        using var response = await Service.CreateClient().GetAsync("/system/info", Cancel);

        var problem = await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("bearer token", problem.Detail);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_gets_401()
    {
        var forged = ServiceFactory<TProgram>.IssueToken(new string('k', 64), "mallory", [Roles.Admin], TimeSpan.FromHours(1));

        using var response = await Service.CreateClientWithToken(forged).GetAsync("/system/info", Cancel);

        var problem = await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("not valid", problem.Detail);
    }

    [Fact]
    public async Task An_expired_token_gets_401_saying_so()
    {
        var lastWeek = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-7));
        var expired = ServiceFactory<TProgram>.IssueToken(Service.SigningKey, "alice", [Roles.Admin], TimeSpan.FromHours(1), lastWeek);

        using var response = await Service.CreateClientWithToken(expired).GetAsync("/system/info", Cancel);

        var problem = await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("expired", problem.Detail);
    }

    [Fact]
    public async Task A_valid_token_is_accepted_and_the_caller_is_known()
    {
        var info = await Service.CreateClient("alice", Roles.Designer, Roles.Reviewer).GetFromJsonAsync<ServiceInfo>("/system/info", Cancel);

        Assert.NotNull(info);
        Assert.Equal("alice", info.Caller.Subject);
        Assert.Equal([Roles.Designer, Roles.Reviewer], info.Caller.Roles.Order());
    }

    [Fact]
    public async Task The_wrong_role_gets_403_problem_details_naming_the_roles_needed()
    {
        using var response = await Service.CreateClient("bob", Roles.Designer).GetAsync("/system/dependencies", Cancel);

        var problem = await AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains($"'{Roles.Admin}'", problem.Detail);
    }

    protected static async Task<ProblemDetails> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(Cancel);
        Assert.NotNull(problem);
        Assert.Equal((int)status, problem.Status);
        return problem;
    }
}
