namespace Integration.Testing;

/// <summary>
/// Who may call each of a service's routes, as a table the test project keeps (<see cref="Expected"/>: one line per
/// route, <c>METHOD /pattern: roles</c>), checked against the endpoints' metadata and by calling every route with every
/// role that may not (403). A new route fails here until its line says who may call it.
/// </summary>
public abstract class RouteRoleTests<TProgram>(ServiceFactory<TProgram> service) where TProgram : class
{
    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>The table, one route per line.</summary>
    protected abstract string Expected { get; }

    /// <summary>Routes of the framework's own (static files) that the table leaves out.</summary>
    protected virtual bool Include(string pattern) => true;

    /// <summary>Whether the service takes the suite's bearer tokens (the Portal signs people in with a cookie instead).</summary>
    protected virtual bool TakesBearerTokens => true;

    [Fact]
    public async Task Every_route_says_who_may_call_it_and_the_table_agrees()
    {
        var actual = await RouteRoles.OfAsync(service.Services, Include);

        var expected = Expected.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var now = actual.Select(r => r.ToString()).ToList();
        Assert.True(expected.SequenceEqual(now),
            $"The routes and who may call them differ from the table.\nNot in the table: {string.Join("; ", now.Except(expected))}\n" +
            $"In the table only: {string.Join("; ", expected.Except(now))}\nWhat the service says now:\n" + string.Join('\n', now));
    }

    [Fact]
    public async Task Every_role_a_route_does_not_name_gets_403()
    {
        var routes = await RouteRoles.OfAsync(service.Services, Include);
        if (!TakesBearerTokens)
        {
            // Pages: someone not signed in is sent to sign in, whatever the page (the roles of the signed-in are in the table and the browser tests).
            var anonymous = service.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            var notSent = new List<string>();
            foreach (var route in routes.Where(r => r.Method == "GET" && r.Roles is not [RouteRoles.Anyone] && !r.Pattern.Contains('{', StringComparison.Ordinal)))
            {
                using var response = await anonymous.GetAsync(route.Pattern, Cancel);
                if (response.StatusCode is not (System.Net.HttpStatusCode.Redirect or System.Net.HttpStatusCode.Unauthorized))
                {
                    notSent.Add($"{route.Pattern}: {(int)response.StatusCode}");
                }
            }

            Assert.True(notSent.Count == 0, "Served to someone not signed in:\n" + string.Join('\n', notSent));
            return;
        }

        var clients = Integration.ServiceDefaults.Auth.Roles.All.ToDictionary(r => r, r => service.CreateClient($"someone-{r}", r));

        var wrong = await RouteRoles.LetThroughAsync(routes, role => clients[role], Cancel);

        Assert.True(wrong.Count == 0, "Let through:\n" + string.Join('\n', wrong));
    }
}
