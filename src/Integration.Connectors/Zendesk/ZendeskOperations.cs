using System.Text.Json.Nodes;
using Integration.Connectors.Catalog;
using Integration.Connectors.Connections;

namespace Integration.Connectors.Zendesk;

public static class ZendeskOperations
{
    private const string TicketOutput = """{"type":"object","properties":{"ticket":{"type":"object","description":"The Zendesk ticket as the API returns it"}},"required":["ticket"]}""";

    public static IEnumerable<Operation> All() =>
    [
        Operation.Define("zendesk.ticket.get", ConnectionKind.Zendesk, "Read a ticket by id.", writes: false,
            """{"type":"object","properties":{"ticketId":{"type":"integer","minimum":1}},"required":["ticketId"],"additionalProperties":false}""",
            TicketOutput,
            async (call, apis, ct) => Pick(await apis.Zendesk(call.Connection).GetTicket(Long(call.Input, "ticketId"), ct), "ticket")),

        Operation.Define("zendesk.ticket.search", ConnectionKind.Zendesk, "Search tickets with Zendesk's search syntax (e.g. \"status:open refund\").", writes: false,
            """{"type":"object","properties":{"query":{"type":"string","minLength":1},"limit":{"type":"integer","minimum":1,"maximum":1000,"default":100}},"required":["query"],"additionalProperties":false}""",
            """{"type":"object","properties":{"tickets":{"type":"array","items":{"type":"object"}},"count":{"type":"integer"}},"required":["tickets","count"]}""",
            Search),

        Operation.Define("zendesk.ticket.list", ConnectionKind.Zendesk, "One page of all tickets with cursor pagination; pass afterCursor back for the next page (a full sync).", writes: false,
            """{"type":"object","properties":{"afterCursor":{"type":"string"},"pageSize":{"type":"integer","minimum":1,"maximum":100,"default":100}},"additionalProperties":false}""",
            """{"type":"object","properties":{"tickets":{"type":"array","items":{"type":"object"}},"afterCursor":{"type":["string","null"]},"hasMore":{"type":"boolean"}},"required":["tickets","hasMore"]}""",
            async (call, apis, ct) =>
            {
                var page = await apis.Zendesk(call.Connection).ListTickets(call.Input["pageSize"]?.GetValue<int>() ?? 100, call.Input["afterCursor"]?.GetValue<string>(), ct);
                var meta = page["meta"];
                return new JsonObject
                {
                    ["tickets"] = page["tickets"]?.DeepClone() ?? new JsonArray(),
                    ["afterCursor"] = meta?["after_cursor"]?.DeepClone(),
                    ["hasMore"] = meta?["has_more"]?.GetValue<bool>() ?? false,
                };
            }),

        Operation.Define("zendesk.ticket.export", ConnectionKind.Zendesk,
            "Tickets created or changed since a time, or since the cursor of the last call, each once at its latest change (Zendesk's incremental export, " +
            "the way to keep a copy in sync): start with startTime (Unix seconds; 0 = everything), then pass the cursor back, now and on every later sync. " +
            "Zendesk leaves out the last minute's changes and allows 10 calls a minute.", writes: false,
            """{"type":"object","properties":{"startTime":{"type":"integer","minimum":0},"cursor":{"type":"string","minLength":1},"pageSize":{"type":"integer","minimum":1,"maximum":1000,"default":1000}},"additionalProperties":false}""",
            """{"type":"object","properties":{"tickets":{"type":"array","items":{"type":"object"}},"cursor":{"type":"string"},"endOfStream":{"type":"boolean"}},"required":["tickets","cursor","endOfStream"]}""",
            async (call, apis, ct) =>
            {
                var cursor = call.Input["cursor"]?.GetValue<string>();
                var page = await apis.Zendesk(call.Connection).ExportTickets(cursor is null ? call.Input["startTime"]?.GetValue<long>() ?? 0 : null, cursor,
                    call.Input["pageSize"]?.GetValue<int>(), ct);
                return new JsonObject
                {
                    ["tickets"] = page["tickets"]?.DeepClone() ?? new JsonArray(),
                    ["cursor"] = page["after_cursor"]?.DeepClone(),
                    ["endOfStream"] = page["end_of_stream"]?.GetValue<bool>() ?? true,
                };
            }),

        Operation.Define("zendesk.ticket.create", ConnectionKind.Zendesk, "Create a ticket with its first comment; the idempotency key is also sent to Zendesk.", writes: true,
            """
            {"type":"object","properties":{
              "subject":{"type":"string","minLength":1,"maxLength":255},"body":{"type":"string","minLength":1},
              "requester":{"type":"object","properties":{"name":{"type":"string"},"email":{"type":"string","format":"email"}},"required":["email"]},
              "priority":{"enum":["urgent","high","normal","low"]},"type":{"enum":["problem","incident","question","task"]},
              "tags":{"type":"array","items":{"type":"string"}},"externalId":{"type":"string"}},
             "required":["subject","body"],"additionalProperties":false}
            """,
            TicketOutput,
            async (call, apis, ct) =>
            {
                var ticket = new JsonObject { ["subject"] = Text(call.Input, "subject"), ["comment"] = new JsonObject { ["body"] = Text(call.Input, "body") } };
                Copy(call.Input, ticket, ("requester", "requester"), ("priority", "priority"), ("type", "type"), ("tags", "tags"), ("externalId", "external_id"));
                return Pick(await apis.Zendesk(call.Connection).CreateTicket(new JsonObject { ["ticket"] = ticket }, call.IdempotencyKey, ct), "ticket");
            }),

        Operation.Define("zendesk.ticket.update", ConnectionKind.Zendesk, "Change a ticket's status, priority, subject, tags or assignee.", writes: true,
            """
            {"type":"object","properties":{"ticketId":{"type":"integer","minimum":1},
              "status":{"enum":["new","open","pending","hold","solved","closed"]},"priority":{"enum":["urgent","high","normal","low"]},
              "subject":{"type":"string","minLength":1},"tags":{"type":"array","items":{"type":"string"}},"assigneeId":{"type":"integer"}},
             "required":["ticketId"],"additionalProperties":false}
            """,
            TicketOutput,
            async (call, apis, ct) =>
            {
                var ticket = new JsonObject();
                Copy(call.Input, ticket, ("status", "status"), ("priority", "priority"), ("subject", "subject"), ("tags", "tags"), ("assigneeId", "assignee_id"));
                return Pick(await apis.Zendesk(call.Connection).UpdateTicket(Long(call.Input, "ticketId"), new JsonObject { ["ticket"] = ticket }, ct), "ticket");
            }),

        Operation.Define("zendesk.ticket.addComment", ConnectionKind.Zendesk, "Add a public reply or an internal note to a ticket (a ticket update with a comment).", writes: true,
            """
            {"type":"object","properties":{"ticketId":{"type":"integer","minimum":1},"body":{"type":"string","minLength":1},
              "public":{"type":"boolean","default":true},"status":{"enum":["open","pending","hold","solved"]}},
             "required":["ticketId","body"],"additionalProperties":false}
            """,
            TicketOutput,
            async (call, apis, ct) =>
            {
                var ticket = new JsonObject { ["comment"] = new JsonObject { ["body"] = Text(call.Input, "body"), ["public"] = call.Input["public"]?.GetValue<bool>() ?? true } };
                Copy(call.Input, ticket, ("status", "status"));
                return Pick(await apis.Zendesk(call.Connection).UpdateTicket(Long(call.Input, "ticketId"), new JsonObject { ["ticket"] = ticket }, ct), "ticket");
            }),

        Operation.Define("zendesk.ticket.comments", ConnectionKind.Zendesk, "Read a ticket's conversation: its comments, oldest first.", writes: false,
            """{"type":"object","properties":{"ticketId":{"type":"integer","minimum":1}},"required":["ticketId"],"additionalProperties":false}""",
            """{"type":"object","properties":{"comments":{"type":"array","items":{"type":"object"}}},"required":["comments"]}""",
            async (call, apis, ct) => Pick(await apis.Zendesk(call.Connection).ListComments(Long(call.Input, "ticketId"), ct), "comments")),

        Operation.Define("zendesk.user.get", ConnectionKind.Zendesk, "Read a user (requester, agent) by id.", writes: false,
            """{"type":"object","properties":{"userId":{"type":"integer","minimum":1}},"required":["userId"],"additionalProperties":false}""",
            """{"type":"object","properties":{"user":{"type":"object"}},"required":["user"]}""",
            async (call, apis, ct) => Pick(await apis.Zendesk(call.Connection).GetUser(Long(call.Input, "userId"), ct), "user")),
    ];

    private static async Task<JsonNode> Search(OperationCall call, ConnectionApis apis, CancellationToken ct)
    {
        var limit = call.Input["limit"]?.GetValue<int>() ?? 100;
        var tickets = new JsonArray();
        var count = 0;
        for (var page = 1; tickets.Count < limit; page++)
        {
            var result = await apis.Zendesk(call.Connection).Search(Text(call.Input, "query"), page, Math.Min(100, limit), ct);
            count = result["count"]?.GetValue<int>() ?? 0;
            foreach (var ticket in result["results"]?.AsArray() ?? [])
            {
                if (tickets.Count < limit && ticket?["result_type"]?.GetValue<string>() == "ticket")
                {
                    tickets.Add(ticket.DeepClone());
                }
            }

            if (result["next_page"] is null)
            {
                break;
            }
        }

        return new JsonObject { ["tickets"] = tickets, ["count"] = count };
    }

    internal static JsonObject Pick(JsonObject envelope, string name) => new() { [name] = envelope[name]?.DeepClone() };

    internal static long Long(JsonObject input, string name) => input[name]!.GetValue<long>();

    internal static string Text(JsonObject input, string name) => input[name]!.GetValue<string>();

    internal static void Copy(JsonObject from, JsonObject to, params (string From, string To)[] fields)
    {
        foreach (var (source, target) in fields)
        {
            if (from[source] is { } value)
            {
                to[target] = value.DeepClone();
            }
        }
    }
}
