using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Integration.Sandbox.Store;
using Microsoft.Extensions.Options;

namespace Integration.Sandbox.Zendesk;

/// <summary>
/// Zendesk Support's Ticketing API v2 under <c>/zendesk</c>: point a Zendesk client's base URL at
/// <c>http://127.0.0.1:5105/zendesk</c> instead of <c>https://{subdomain}.zendesk.com</c>.
/// </summary>
public static class ZendeskEndpoints
{
    public static void MapZendeskEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/zendesk/api/v2").AllowAnonymous().WithMetadata(Integration.ServiceDefaults.Json.ChecksItsOwnJson.Instance).AddEndpointFilter<ZendeskGate>().WithTags("Zendesk stand-in");
        // Zendesk accepts every path with or without ".json".
        foreach (var suffix in new[] { "", ".json" })
        {
            api.MapGet("/tickets" + suffix, (HttpContext http, EntityStore store, IOptions<SandboxOptions> options) =>
                List(http, store, options.Value, ZendeskData.Tickets, "tickets"));
            api.MapPost("/tickets" + suffix, CreateTicket);
            api.MapGet("/tickets/count" + suffix, CountTickets);
            api.MapGet("/tickets/show_many" + suffix, ShowMany);
            api.MapGet("/tickets/{id:long}" + suffix, ShowTicket);
            api.MapPut("/tickets/{id:long}" + suffix, UpdateTicket);
            api.MapGet("/tickets/{id:long}/comments" + suffix, Comments);
            api.MapGet("/users" + suffix, (HttpContext http, EntityStore store, IOptions<SandboxOptions> options) =>
                List(http, store, options.Value, ZendeskData.Users, "users"));
            api.MapGet("/users/{id:long}" + suffix, ShowUser);
            api.MapGet("/incremental/tickets/cursor" + suffix, ZendeskExport.Tickets);
            api.MapGet("/search" + suffix, Search);
        }

        // Zendesk answers a path it does not serve with 404 InvalidEndpoint, after authenticating the caller as for any other.
        api.Map("/{**path}", InvalidEndpoint);
        app.Map("/zendesk/{**path}", InvalidEndpoint).AllowAnonymous().WithTags("Zendesk stand-in");
    }

    private static IResult InvalidEndpoint() => TypedResults.Json(new JsonObject { ["error"] = "InvalidEndpoint", ["description"] = "Not found" }, statusCode: 404);

    /// <summary>A table's records with Zendesk's two kinds of paging: cursor (page[size], page[after]) or offset (page, per_page).</summary>
    private static async Task<IResult> List(HttpContext http, EntityStore store, SandboxOptions options, string table, string envelope)
    {
        var query = http.Request.Query;
        var baseUrl = VendorGate.BaseUrl(http, options) + $"/zendesk/api/v2/{envelope}.json";
        if (query.ContainsKey("page[size]") || query.ContainsKey("page[after]"))
        {
            var size = int.TryParse(query["page[size]"], out var s) ? s : 100;
            if (size is < 1 or > 100)
            {
                return Problem(ZendeskData.Invalid("page[size]", "page[size] must be between 1 and 100"));
            }

            var after = Cursor(query["page[after]"]);
            var page = await store.PageAsync(table, after, size + 1);
            var hasMore = page.Count > size;
            var shown = page.Take(size).ToList();
            var afterCursor = shown.Count > 0 ? CursorFor(shown[^1].Sequence) : null;
            var beforeCursor = shown.Count > 0 ? CursorFor(shown[0].Sequence) : null;
            return Json(new JsonObject
            {
                [envelope] = new JsonArray(shown.Select(t => (JsonNode)Render(t.Record, envelope, http, options)).ToArray()),
                ["meta"] = new JsonObject { ["has_more"] = hasMore, ["after_cursor"] = afterCursor, ["before_cursor"] = beforeCursor },
                ["links"] = new JsonObject
                {
                    ["next"] = hasMore ? $"{baseUrl}?page%5Bafter%5D={afterCursor}&page%5Bsize%5D={size}" : null,
                    ["prev"] = beforeCursor is null ? null : $"{baseUrl}?page%5Bbefore%5D={beforeCursor}&page%5Bsize%5D={size}",
                },
            });
        }

        var (number, perPage) = (int.TryParse(query["page"], out var p) ? p : 1, int.TryParse(query["per_page"], out var pp) ? pp : 100);
        if (number < 1 || perPage is < 1 or > 100)
        {
            return Problem(ZendeskData.Invalid("per_page", "per_page must be between 1 and 100"));
        }

        if ((long)number * perPage > 10_000)
        {
            // Since 2024 Zendesk refuses offset paging past the first 10,000 records: use cursor paging.
            return TypedResults.Json(new { error = "InvalidPaginationParameter", description = "Offset pagination is limited to the first 10000 records. Use cursor pagination instead." }, statusCode: 400);
        }

        var total = await store.CountAsync(table);
        var all = await store.PageAsync(table, (number - 1) * (long)perPage == 0 ? 0 : await SequenceAt(store, table, (number - 1) * perPage), perPage);
        return Json(new JsonObject
        {
            [envelope] = new JsonArray(all.Select(t => (JsonNode)Render(t.Record, envelope, http, options)).ToArray()),
            ["next_page"] = number * (long)perPage < total ? $"{baseUrl}?page={number + 1}&per_page={perPage}" : null,
            ["previous_page"] = number > 1 ? $"{baseUrl}?page={number - 1}&per_page={perPage}" : null,
            ["count"] = total,
        });
    }

    private static async Task<long> SequenceAt(EntityStore store, string table, int offset)
    {
        var page = await store.PageAsync(table, 0, offset);
        return page.Count == offset ? page[^1].Sequence : long.MaxValue;
    }

    private static async Task<IResult> CountTickets(EntityStore store, TimeProvider time) => Json(new JsonObject
    {
        ["count"] = new JsonObject { ["value"] = await store.CountAsync(ZendeskData.Tickets), ["refreshed_at"] = ZendeskData.Timestamp(time.GetUtcNow()) },
    });

    private static async Task<IResult> ShowTicket(long id, HttpContext http, ZendeskData data, IOptions<SandboxOptions> options) =>
        await data.TicketAsync(id) is { } ticket
            ? Json(new JsonObject { ["ticket"] = Render(ticket, http, options.Value) })
            : Problem(ZendeskData.NotFound());

    private static async Task<IResult> ShowMany(HttpContext http, ZendeskData data, IOptions<SandboxOptions> options)
    {
        var tickets = new JsonArray();
        foreach (var id in http.Request.Query["ids"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (long.TryParse(id, out var ticketId) && await data.TicketAsync(ticketId) is { } ticket)
            {
                tickets.Add(Render(ticket, http, options.Value));
            }
        }

        return Json(new JsonObject { ["tickets"] = tickets });
    }

    private static async Task<IResult> CreateTicket(HttpContext http, ZendeskData data, EntityStore store, ZendeskWebhooks webhooks, IOptions<SandboxOptions> options)
    {
        if (await ReadEnvelope(http, "ticket") is not { } input)
        {
            return Problem(ZendeskData.Invalid("ticket", "The body must be {\"ticket\": {...}}"));
        }

        var key = http.Request.Headers["Idempotency-Key"].ToString();
        var fingerprint = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(input.ToJsonString())));
        if (key.Length > 0 && await store.RecallAsync($"zendesk:idempotency:{key}") is { } remembered)
        {
            var (ticketId, earlierFingerprint) = (remembered.Split(' ')[0], remembered.Split(' ')[1]);
            if (earlierFingerprint != fingerprint)
            {
                return TypedResults.Json(new { error = "IdempotentRequestError", description = "The idempotency key was already used with a different request." }, statusCode: 400);
            }

            http.Response.Headers["x-idempotency-lookup"] = "hit";
            var earlier = await data.TicketAsync(long.Parse(ticketId, CultureInfo.InvariantCulture));
            return TypedResults.Json(new JsonObject { ["ticket"] = Render(earlier!, http, options.Value) }, statusCode: 201);
        }

        var (ticket, problem) = await data.CreateTicketAsync(input);
        if (problem is not null)
        {
            return Problem(problem);
        }

        if (key.Length > 0)
        {
            await store.RememberAsync($"zendesk:idempotency:{key}", $"{ticket!["id"]} {fingerprint}", TimeSpan.FromHours(2));
            http.Response.Headers["x-idempotency-lookup"] = "miss";
        }

        var rendered = Render(ticket!, http, options.Value);
        webhooks.TicketChanged("created", rendered);
        http.Response.Headers.Location = rendered["url"]!.GetValue<string>();
        return TypedResults.Json(new JsonObject { ["ticket"] = rendered }, statusCode: 201);
    }

    private static async Task<IResult> UpdateTicket(long id, HttpContext http, ZendeskData data, ZendeskWebhooks webhooks, IOptions<SandboxOptions> options)
    {
        if (await ReadEnvelope(http, "ticket") is not { } input)
        {
            return Problem(ZendeskData.Invalid("ticket", "The body must be {\"ticket\": {...}}"));
        }

        var (ticket, audit, problem) = await data.UpdateTicketAsync(id, input);
        if (problem is not null)
        {
            return Problem(problem);
        }

        var rendered = Render(ticket!, http, options.Value);
        webhooks.TicketChanged("updated", rendered);
        return Json(new JsonObject { ["ticket"] = rendered, ["audit"] = audit });
    }

    private static async Task<IResult> Comments(long id, HttpContext http, ZendeskData data)
    {
        if (await data.TicketAsync(id) is null)
        {
            return Problem(ZendeskData.NotFound());
        }

        var comments = await data.CommentsAsync(id);
        var ordered = http.Request.Query["sort"] == "-created_at" ? comments.Reverse() : comments;
        return Json(new JsonObject { ["comments"] = new JsonArray(ordered.Select(c => (JsonNode)c).ToArray()), ["next_page"] = null, ["previous_page"] = null, ["count"] = comments.Count });
    }

    private static async Task<IResult> ShowUser(long id, HttpContext http, ZendeskData data, IOptions<SandboxOptions> options) =>
        await data.UserAsync(id) is { } user ? Json(new JsonObject { ["user"] = Render(user, "users", http, options.Value) }) : Problem(ZendeskData.NotFound());

    private static async Task<IResult> Search(HttpContext http, EntityStore store, IOptions<SandboxOptions> options)
    {
        var query = http.Request.Query["query"].ToString();
        var (number, perPage) = (int.TryParse(http.Request.Query["page"], out var p) ? p : 1, int.TryParse(http.Request.Query["per_page"], out var pp) ? pp : 100);
        if (perPage is < 1 or > 100 || number < 1)
        {
            return Problem(ZendeskData.Invalid("per_page", "per_page must be between 1 and 100"));
        }

        if ((long)number * perPage > 1000)
        {
            return Problem(ZendeskData.Invalid("page", "Search returns at most 1000 results; use the export endpoint for more"));
        }

        var matches = (await store.AllAsync(ZendeskData.Tickets)).Where(ZendeskSearch.Parse(query)).ToList();
        var baseUrl = VendorGate.BaseUrl(http, options.Value) + "/zendesk/api/v2/search.json";
        var results = matches.Skip((number - 1) * perPage).Take(perPage).Select(t =>
        {
            var rendered = Render(t, http, options.Value);
            rendered["result_type"] = "ticket";
            return (JsonNode)rendered;
        }).ToArray();
        var encoded = Uri.EscapeDataString(query);
        return Json(new JsonObject
        {
            ["results"] = new JsonArray(results),
            ["facets"] = null,
            ["next_page"] = number * perPage < Math.Min(matches.Count, 1000) ? $"{baseUrl}?page={number + 1}&per_page={perPage}&query={encoded}" : null,
            ["previous_page"] = number > 1 ? $"{baseUrl}?page={number - 1}&per_page={perPage}&query={encoded}" : null,
            ["count"] = matches.Count,
        });
    }

    private static JsonObject Render(JsonObject ticket, HttpContext http, SandboxOptions options) => Render(ticket, "tickets", http, options);

    /// <summary>A record as the API shows it: with its own API url.</summary>
    internal static JsonObject Render(JsonObject record, string envelope, HttpContext http, SandboxOptions options)
    {
        var copy = (JsonObject)record.DeepClone();
        copy["url"] = $"{VendorGate.BaseUrl(http, options)}/zendesk/api/v2/{envelope}/{record["id"]}.json";
        return copy;
    }

    private static async Task<JsonObject?> ReadEnvelope(HttpContext http, string name) => (await VendorGate.ReadObjectAsync(http))?[name] as JsonObject;

    private static long Cursor(string? cursor) => string.IsNullOrEmpty(cursor) ? 0 : CursorPosition(cursor) ?? 0;

    /// <summary>The position a cursor of ours stands for; null when it is not one.</summary>
    internal static long? CursorPosition(string? cursor)
    {
        cursor ??= "";
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor.Replace('-', '+').Replace('_', '/').PadRight((cursor.Length + 3) / 4 * 4, '=')));
            return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var position) ? position : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    internal static string CursorFor(long sequence) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(sequence.ToString(CultureInfo.InvariantCulture))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static IResult Json(JsonObject body) => TypedResults.Json(body);

    internal static IResult Problem(ZendeskProblem problem) => TypedResults.Json(problem.Body, statusCode: problem.Status);
}
