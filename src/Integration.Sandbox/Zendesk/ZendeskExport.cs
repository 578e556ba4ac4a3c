using System.Globalization;
using System.Text.Json.Nodes;
using Integration.Sandbox.Store;
using Microsoft.Extensions.Options;

namespace Integration.Sandbox.Zendesk;

/// <summary>
/// Zendesk's cursor-based incremental ticket export (<c>GET /api/v2/incremental/tickets/cursor.json</c>), the standard
/// way to sync tickets: start with <c>start_time</c> (Unix seconds, compared with each ticket's generated_timestamp),
/// then follow <c>after_cursor</c>, now and on every later poll. Each ticket appears once, at its latest change;
/// changes of the last minute are left out, and only a few requests a minute are allowed, as on Zendesk.
/// </summary>
public static class ZendeskExport
{
    private const int MaxPerPage = 1000;

    public static async Task<IResult> Tickets(HttpContext http, EntityStore store, IOptions<SandboxOptions> options, PerMinuteLimits limits, TimeProvider time)
    {
        var zendesk = options.Value.Zendesk;
        var query = http.Request.Query;
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (limits.Count("zendesk-incremental-export") is var (used, wait) && used > zendesk.IncrementalExportsPerMinute)
        {
            http.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Text("Number of allowed incremental export API requests per minute exceeded", "text/plain", statusCode: 429);
        }

        var perPage = MaxPerPage;
        if (query.ContainsKey("per_page") && (!int.TryParse(query["per_page"], NumberStyles.None, CultureInfo.InvariantCulture, out perPage) || perPage is < 1 or > MaxPerPage))
        {
            return Invalid("per_page", $"per_page must be between 1 and {MaxPerPage}");
        }

        long after;
        // An empty cursor is no cursor (clients send "cursor=" with the first start_time request).
        if (query["cursor"].ToString().Length > 0)
        {
            if (ZendeskEndpoints.CursorPosition(query["cursor"]) is not { } position)
            {
                return Invalid("cursor", "The cursor is not one this API returned");
            }

            after = position;
        }
        else if (long.TryParse(query["start_time"], NumberStyles.None, CultureInfo.InvariantCulture, out var start))
        {
            if (start > now - zendesk.IncrementalExportLagSeconds)
            {
                return Invalid("start_time", $"Too recent start_time. Use a start_time older than {zendesk.IncrementalExportLagSeconds} seconds");
            }

            after = await store.ChangeBeforeAsync(ZendeskData.Tickets, t => (t["generated_timestamp"]?.GetValue<long>() ?? 0) >= start);
        }
        else
        {
            return Invalid("start_time", "start_time (Unix seconds) or cursor is required");
        }

        // One more than a page tells whether more is waiting; what changed within the lag stays for a later request.
        var cutoff = now - zendesk.IncrementalExportLagSeconds;
        var changes = (await store.ChangedAfterAsync(ZendeskData.Tickets, after, perPage + 1))
            .TakeWhile(c => (c.Record["generated_timestamp"]?.GetValue<long>() ?? 0) <= cutoff).ToList();
        var page = changes.Take(perPage).ToList();
        var afterCursor = ZendeskEndpoints.CursorFor(page.Count > 0 ? page[^1].Change : after);
        var url = VendorGate.BaseUrl(http, options.Value) + "/zendesk/api/v2/incremental/tickets/cursor.json";
        return TypedResults.Json(new JsonObject
        {
            ["tickets"] = new JsonArray(page.Select(c => (JsonNode)ZendeskEndpoints.Render(c.Record, "tickets", http, options.Value)).ToArray()),
            ["after_url"] = $"{url}?cursor={afterCursor}" + (query.ContainsKey("per_page") ? $"&per_page={perPage}" : ""),
            ["after_cursor"] = afterCursor,
            ["before_url"] = null,
            ["before_cursor"] = null,
            ["end_of_stream"] = changes.Count <= perPage,
        });
    }

    private static IResult Invalid(string parameter, string description) => TypedResults.Json(new JsonObject
    {
        ["error"] = "InvalidPaginationParameter",
        ["description"] = description,
        ["details"] = new JsonObject { [parameter] = description },
    }, statusCode: 400);
}
