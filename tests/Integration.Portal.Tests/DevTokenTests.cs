using System.Net;
using System.Net.Http.Json;
using System.Text;
using Integration.Portal.Login;
using Integration.ServiceDefaults.Auth;
using Integration.ServiceDefaults.SystemInfo;
using Integration.Testing;
using Microsoft.AspNetCore.Http;

namespace Integration.Portal.Tests;

public sealed class PortalWithDevTokens : ServiceFactory<Program>
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Auth:DevTokensEnabled"] = "true" };
}

public sealed class DevTokenTests(PortalWithDevTokens portal) : IClassFixture<PortalWithDevTokens>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_dev_token_carries_the_user_and_roles_and_is_accepted()
    {
        var client = portal.CreateClient();
        using var response = await client.PostAsJsonAsync("/auth/dev-token", new { user = "alice", roles = new[] { "designer", "reviewer" } }, Cancel);
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<DevTokenResponse>(Cancel);
        Assert.NotNull(token);
        Assert.Equal("Bearer", token.TokenType);

        var info = await portal.CreateClientWithToken(token.AccessToken).GetFromJsonAsync<ServiceInfo>("/system/info", Cancel);

        Assert.Equal("alice", info!.Caller.Subject);
        Assert.Equal([Roles.Designer, Roles.Reviewer], info.Caller.Roles.Order());
    }

    [Fact]
    public async Task An_invalid_request_gets_400_with_the_path_of_each_error_and_no_token()
    {
        using var response = await portal.CreateClient().PostAsJsonAsync(
            "/auth/dev-token", new { user = "not a name", roles = new[] { "reviewer", "service", "root" } }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(Cancel);
        Assert.Equal(["$.roles[1]", "$.roles[2]", "$.user"], problem!.Errors.Keys.Order());
        Assert.DoesNotContain("accessToken", await response.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task Roles_are_required()
    {
        using var response = await portal.CreateClient().PostAsJsonAsync("/auth/dev-token", new { user = "alice" }, Cancel);

        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["$.roles"], problem!.Errors.Keys);
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded")] // what curl -d sends when no Content-Type is given
    [InlineData("text/plain")]
    public async Task The_body_is_read_as_json_whatever_its_content_type(string contentType)
    {
        using var content = new StringContent("""{"user":"alice","roles":["admin"]}""", Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await portal.CreateClient().PostAsync("/auth/dev-token", content, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["admin"], (await response.Content.ReadFromJsonAsync<DevTokenResponse>(Cancel))!.Roles);
    }

    [Fact]
    public async Task No_body_is_400_saying_what_to_send()
    {
        using var response = await portal.CreateClient().PostAsync("/auth/dev-token", null, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"roles\"", (await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(Cancel))!.Title);
    }

    [Fact]
    public async Task Malformed_json_gets_400_problem_details()
    {
        using var content = new StringContent("{\"user\": \"alice\", \"roles\": [", Encoding.UTF8, "application/json");
        using var response = await portal.CreateClient().PostAsync("/auth/dev-token", content, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(Cancel);
        Assert.Equal(["$.roles[0]"], problem!.Errors.Keys);
    }

    [Fact]
    public async Task A_browser_without_a_sign_in_is_sent_to_the_sign_in_page_which_offers_the_roles()
    {
        using var client = portal.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var home = await client.GetAsync("/instances", Cancel);
        var html = await client.GetStringAsync("/login", Cancel);

        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/login?ReturnUrl=%2Finstances", home.Headers.Location!.PathAndQuery);
        Assert.Contains("Form.Roles", html);
        Assert.All(Roles.UserRoles, role => Assert.Contains($"value=\"{role}\"", html));
        Assert.DoesNotContain("value=\"service\"", html);
    }
}

public sealed class DevTokensOffTests(ServiceFactory<Program> portal) : IClassFixture<ServiceFactory<Program>>
{
    [Fact]
    public async Task Without_the_switch_there_is_no_dev_login()
    {
        var request = new { user = "alice", roles = new[] { "admin" } };

        // Anonymous callers learn nothing about which routes exist: 401, and certainly no token.
        using var anonymous = await portal.CreateClient().PostAsJsonAsync("/auth/dev-token", request, TestContext.Current.CancellationToken);
        using var signedIn = await portal.CreateClient("alice", Roles.Admin).PostAsJsonAsync("/auth/dev-token", request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        // No such endpoint: 405 since the Portal's pages answer GET on every path (the page router says what is not there).
        Assert.Contains(signedIn.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed });
    }
}
