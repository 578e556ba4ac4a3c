namespace Integration.Testing;

/// <summary>
/// What every service's fuzz tests check of its routes, beside its own bodies' theory: each route that may take a body is
/// fuzzed or named as taking none (<see cref="FuzzCoverage"/>), and no path or query value gets a 5xx (<see cref="RequestFuzz"/>).
/// </summary>
public abstract class RouteFuzzTests<TProgram>(ServiceFactory<TProgram> service) where TProgram : class
{
    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>The bodies the service's theory fuzzes, by method and path.</summary>
    protected abstract IEnumerable<(string Method, string Path)> Fuzzed { get; }

    /// <summary>Routes that take no body (<c>POST /v1/instances/{id}/cancel</c>): the path says all they act on.</summary>
    protected abstract IReadOnlyList<string> TakeNoBody { get; }

    /// <summary>Further URLs with <c>{fuzz}</c> where a value goes (a query a handler reads by hand).</summary>
    protected virtual IEnumerable<(string Method, string Url)> ExtraUrls => [];

    /// <summary>Routes whose answer is not about their input (a 501 for what a gateway does not do).</summary>
    protected virtual bool Include(string pattern) => true;

    /// <summary>Whose requests pass the route's roles: every role the suite has, unless the route needs another login.</summary>
    protected virtual HttpClient ClientFor(string url) => _all ??= service.CreateClient("fuzzer", [.. Integration.ServiceDefaults.Auth.Roles.All]);

    private HttpClient? _all;

    /// <summary>Logins the routes need, made before the requests (a stand-in's session).</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    protected static IEnumerable<(string Method, string Path)> Of(IEnumerable<TheoryDataRow<string, string, string, string>> rows) =>
        rows.Select(r => (r.Data.Item1, r.Data.Item2));

    [Fact]
    public async Task Every_route_that_may_take_a_body_is_fuzzed_or_takes_none()
    {
        var uncovered = await FuzzCoverage.UncoveredAsync(service.Services, Fuzzed, TakeNoBody);

        Assert.True(uncovered.Count == 0, "Not fuzzed:\n" + string.Join('\n', uncovered));
    }

    [Fact]
    public async Task Hostile_path_and_query_values_never_get_a_5xx()
    {
        await PrepareAsync();
        var wrong = await RequestFuzz.FiveHundredsAsync(service.Services, ClientFor, Include, ExtraUrls, Cancel);

        Assert.True(wrong.Count == 0, $"{wrong.Count} answered 5xx:\n" + string.Join('\n', wrong));
    }
}
