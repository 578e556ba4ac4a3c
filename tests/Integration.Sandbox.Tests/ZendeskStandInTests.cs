using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Integration.Sandbox.Tests;

public sealed class ZendeskStandInTests(SandboxFactory sandbox) : IClassFixture<SandboxFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Wrong_credentials_get_zendesks_401()
    {
        var client = sandbox.CreateClient();
        client.DefaultRequestHeaders.Authorization = SandboxFactory.Basic($"{SandboxFactory.ZendeskEmail}/token", "wrong-token-0123456789");

        using var response = await client.GetAsync("/zendesk/api/v2/tickets.json", Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Couldn't authenticate you", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_ticket_is_created_with_its_comment_shown_and_updated_with_a_comment()
    {
        var zendesk = sandbox.Zendesk();
        using var created = await zendesk.PostAsJsonAsync("/zendesk/api/v2/tickets.json", new
        {
            ticket = new { subject = "Parcel missing", comment = new { body = "My parcel never arrived." }, requester = new { name = "Ines Novak", email = "ines.novak@example.org" }, priority = "high" },
        }, Cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ticket = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("ticket");
        var id = ticket.GetProperty("id").GetInt64();
        Assert.Equal(created.Headers.Location!.ToString(), ticket.GetProperty("url").GetString());
        Assert.Equal("new", ticket.GetProperty("status").GetString());
        Assert.Equal("My parcel never arrived.", ticket.GetProperty("description").GetString());

        using var updated = await zendesk.PutAsJsonAsync($"/zendesk/api/v2/tickets/{id}.json", new
        {
            ticket = new { status = "pending", comment = new { body = "We are tracing it with the carrier.", @public = true } },
        }, Cancel);
        var body = await updated.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("pending", body.GetProperty("ticket").GetProperty("status").GetString());
        Assert.Contains(body.GetProperty("audit").GetProperty("events").EnumerateArray(), e => e.GetProperty("type").GetString() == "Comment");

        var comments = await zendesk.GetFromJsonAsync<JsonElement>($"/zendesk/api/v2/tickets/{id}/comments.json", Cancel);
        Assert.Equal(["My parcel never arrived.", "We are tracing it with the carrier."],
            comments.GetProperty("comments").EnumerateArray().Select(c => c.GetProperty("body").GetString()));
    }

    [Fact]
    public async Task A_repeated_idempotency_key_returns_the_first_ticket_and_creates_no_second()
    {
        var zendesk = sandbox.Zendesk();
        var key = Guid.NewGuid().ToString();
        var before = await Count(zendesk);
        var ids = new List<long>();
        var lookups = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/zendesk/api/v2/tickets.json")
            {
                Content = JsonContent.Create(new { ticket = new { subject = "Once", comment = new { body = "Only once." } } }),
            };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await zendesk.SendAsync(request, Cancel);
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("ticket").GetProperty("id").GetInt64());
            lookups.Add(response.Headers.GetValues("x-idempotency-lookup").Single());
        }

        Assert.Equal(ids[0], ids[1]);
        Assert.Equal(["miss", "hit"], lookups);
        Assert.Equal(before + 1, await Count(zendesk));
    }

    [Fact]
    public async Task Cursor_paging_visits_every_ticket_once()
    {
        var zendesk = sandbox.Zendesk();
        var seen = await CursorPagesAsync(zendesk, "tickets", 5);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.True(seen.Count >= 12);
        Assert.Equal(await Count(zendesk), seen.Count);
    }

    [Fact]
    public async Task Bad_input_gets_zendesks_error_bodies()
    {
        var zendesk = sandbox.Zendesk();

        using var missing = await zendesk.GetAsync("/zendesk/api/v2/tickets/999999.json", Cancel);
        using var invalid = await zendesk.PostAsJsonAsync("/zendesk/api/v2/tickets.json", new { ticket = new { subject = "no body" } }, Cancel);
        using var badStatus = await zendesk.PostAsJsonAsync("/zendesk/api/v2/tickets.json", new { ticket = new { comment = new { body = "x" }, status = "maybe" } }, Cancel);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("RecordNotFound", (await missing.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        Assert.Equal("RecordInvalid", (await invalid.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("error").GetString());
        Assert.True((await badStatus.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("details").TryGetProperty("status", out _));
    }

    [Fact]
    public async Task Search_finds_tickets_by_status_and_words()
    {
        var zendesk = sandbox.Zendesk();
        using var created = await zendesk.PostAsJsonAsync("/zendesk/api/v2/tickets.json", new { ticket = new { subject = "Zebra-striped lamp", comment = new { body = "Where is my zebra lamp?" }, status = "hold" } }, Cancel);

        var found = await zendesk.GetFromJsonAsync<JsonElement>("/zendesk/api/v2/search.json?query=" + Uri.EscapeDataString("type:ticket status:hold zebra"), Cancel);

        Assert.Equal(1, found.GetProperty("count").GetInt32());
        Assert.Equal("ticket", found.GetProperty("results")[0].GetProperty("result_type").GetString());
    }

    [Fact]
    public async Task Users_are_listed_with_cursor_and_offset_paging()
    {
        var zendesk = sandbox.Zendesk();

        var viaCursor = await CursorPagesAsync(zendesk, "users", 2);

        var offset = await zendesk.GetFromJsonAsync<JsonElement>("/zendesk/api/v2/users.json", Cancel);
        var users = offset.GetProperty("users").EnumerateArray().ToList();
        Assert.Equal(users.Select(u => u.GetProperty("id").GetInt64()), viaCursor);
        Assert.Equal(users.Count, offset.GetProperty("count").GetInt32());
        Assert.Contains(users, u => u.GetProperty("role").GetString() == "agent");
        Assert.All(users, u => Assert.EndsWith($"/zendesk/api/v2/users/{u.GetProperty("id").GetInt64()}.json", u.GetProperty("url").GetString()));
    }

    [Fact]
    public async Task An_unknown_path_is_zendesks_404_invalid_endpoint_after_its_own_authentication()
    {
        var zendesk = sandbox.Zendesk();
        var stranger = sandbox.CreateClient();

        using var unknown = await zendesk.GetAsync("/zendesk/api/v2/no_such_things.json", Cancel);
        using var wrongMethod = await zendesk.DeleteAsync("/zendesk/api/v2/tickets/1/comments.json", Cancel);
        using var outside = await stranger.GetAsync("/zendesk/nothing-here", Cancel);
        using var anonymous = await stranger.GetAsync("/zendesk/api/v2/no_such_things.json", Cancel);

        foreach (var response in new[] { unknown, wrongMethod, outside })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("InvalidEndpoint", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("error").GetString());
        }

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Couldn't authenticate you", (await anonymous.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("error").GetString());
    }

    /// <summary>The ids of every record of a list, followed page after page with cursor paging (links.next while meta.has_more).</summary>
    private static async Task<List<long>> CursorPagesAsync(HttpClient zendesk, string envelope, int size)
    {
        var ids = new List<long>();
        string? next = $"/zendesk/api/v2/{envelope}.json?page[size]={size}";
        while (next is not null)
        {
            var page = await zendesk.GetFromJsonAsync<JsonElement>(next, Cancel);
            ids.AddRange(page.GetProperty(envelope).EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));
            next = page.GetProperty("meta").GetProperty("has_more").GetBoolean() ? page.GetProperty("links").GetProperty("next").GetString() : null;
        }

        return ids;
    }

    private static async Task<long> Count(HttpClient zendesk) =>
        (await zendesk.GetFromJsonAsync<JsonElement>("/zendesk/api/v2/tickets/count.json", Cancel)).GetProperty("count").GetProperty("value").GetInt64();
}
