using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Integration.Sandbox.Tests;

/// <summary>The Sandbox on a clock the test moves, with Zendesk's export rules: a minute's lag and five requests a minute.</summary>
public sealed class ExportSandboxFactory : SandboxFactory
{
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Sandbox:Zendesk:IncrementalExportLagSeconds"] = "60",
        ["Sandbox:Zendesk:IncrementalExportsPerMinute"] = "5",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Time));
    }
}

/// <summary>Zendesk's cursor-based incremental ticket export, the way connectors and ETL tools sync tickets.</summary>
public sealed class ZendeskExportTests(ExportSandboxFactory sandbox) : IClassFixture<ExportSandboxFactory>
{
    private const string Export = "/zendesk/api/v2/incremental/tickets/cursor.json";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Tickets_come_once_each_at_their_latest_change_and_the_cursor_picks_up_later_changes_after_the_minutes_lag()
    {
        var zendesk = sandbox.Zendesk();
        var seeded = await Count(zendesk);
        sandbox.Time.Advance(TimeSpan.FromSeconds(61));

        var (first, cursor, pages) = await FollowAsync(zendesk, $"{Export}?start_time=0&per_page=5");
        Assert.Equal(seeded, first.Count);
        Assert.Equal(first.Count, first.Distinct().Count());
        Assert.Equal((int)Math.Ceiling(seeded / 5.0), pages);

        var changed = first[2];
        using (var update = await zendesk.PutAsJsonAsync($"/zendesk/api/v2/tickets/{changed}.json", new { ticket = new { status = "pending" } }, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        }

        using var created = await zendesk.PostAsJsonAsync("/zendesk/api/v2/tickets.json", new { ticket = new { subject = "Later", comment = new { body = "Created after the first sync." } } }, Cancel);
        var newId = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("ticket").GetProperty("id").GetInt64();

        // Changes of the last minute wait for a later request; the cursor stays where it was.
        var tooSoon = await zendesk.GetFromJsonAsync<JsonElement>($"{Export}?cursor={cursor}", Cancel);
        Assert.Empty(tooSoon.GetProperty("tickets").EnumerateArray());
        Assert.True(tooSoon.GetProperty("end_of_stream").GetBoolean());
        Assert.Equal(cursor, tooSoon.GetProperty("after_cursor").GetString());

        sandbox.Time.Advance(TimeSpan.FromSeconds(61));
        var later = await zendesk.GetFromJsonAsync<JsonElement>($"{Export}?cursor={cursor}", Cancel);
        var tickets = later.GetProperty("tickets").EnumerateArray().ToList();
        Assert.Equal([changed, newId], tickets.Select(t => t.GetProperty("id").GetInt64()));
        Assert.Equal("pending", tickets[0].GetProperty("status").GetString());
        Assert.True(later.GetProperty("end_of_stream").GetBoolean());
        Assert.EndsWith($"?cursor={later.GetProperty("after_cursor").GetString()}", later.GetProperty("after_url").GetString());

        // A start time picks the tickets changed since then, compared with generated_timestamp.
        var since = tickets[0].GetProperty("generated_timestamp").GetInt64();
        var fromTime = await zendesk.GetFromJsonAsync<JsonElement>($"{Export}?start_time={since}", Cancel);
        Assert.Equal([changed, newId], fromTime.GetProperty("tickets").EnumerateArray().Select(t => t.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task Bad_parameters_are_400_and_more_than_the_minutes_allowance_is_429_in_plain_text()
    {
        var zendesk = sandbox.Zendesk();
        sandbox.Time.Advance(TimeSpan.FromMinutes(1));
        var now = sandbox.Time.GetUtcNow().ToUnixTimeSeconds();

        using var none = await zendesk.GetAsync(Export, Cancel);
        using var recent = await zendesk.GetAsync($"{Export}?start_time={now - 10}", Cancel);
        using var badCursor = await zendesk.GetAsync($"{Export}?cursor=not-a-cursor", Cancel);
        using var badSize = await zendesk.GetAsync($"{Export}?start_time=0&per_page=1001", Cancel);
        using var fifth = await zendesk.GetAsync($"{Export}?start_time=0", Cancel);
        using var sixth = await zendesk.GetAsync($"{Export}?start_time=0", Cancel);

        foreach (var (response, parameter) in new[] { (none, "start_time"), (recent, "start_time"), (badCursor, "cursor"), (badSize, "per_page") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("details").TryGetProperty(parameter, out _), parameter);
        }

        Assert.Equal(HttpStatusCode.OK, fifth.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, sixth.StatusCode);
        Assert.Equal("text/plain", sixth.Content.Headers.ContentType?.MediaType);
        Assert.InRange(sixth.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
    }

    /// <summary>Follows after_url until end_of_stream: the ticket ids in order, the last cursor and the number of pages.</summary>
    private static async Task<(List<long> Ids, string Cursor, int Pages)> FollowAsync(HttpClient zendesk, string url)
    {
        var ids = new List<long>();
        for (var pages = 1; ; pages++)
        {
            var page = await zendesk.GetFromJsonAsync<JsonElement>(url, Cancel);
            ids.AddRange(page.GetProperty("tickets").EnumerateArray().Select(t => t.GetProperty("id").GetInt64()));
            if (page.GetProperty("end_of_stream").GetBoolean())
            {
                return (ids, page.GetProperty("after_cursor").GetString()!, pages);
            }

            url = page.GetProperty("after_url").GetString()!;
        }
    }

    private static async Task<long> Count(HttpClient zendesk) =>
        (await zendesk.GetFromJsonAsync<JsonElement>("/zendesk/api/v2/tickets/count.json", Cancel)).GetProperty("count").GetProperty("value").GetInt64();
}
