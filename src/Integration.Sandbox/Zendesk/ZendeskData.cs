using System.Text.Json.Nodes;
using Integration.Sandbox.Store;

namespace Integration.Sandbox.Zendesk;

public sealed record ZendeskProblem(int Status, JsonObject Body);

/// <summary>
/// Zendesk tickets, comments and users as the Ticketing API v2 shapes them (field names, status and
/// priority values, validation messages). Used by the API endpoints and by seeding alike.
/// </summary>
public sealed class ZendeskData(EntityStore store, TimeProvider time)
{
    public const string Tickets = "zendesk:tickets";
    public const string Users = "zendesk:users";
    public static readonly string[] Statuses = ["new", "open", "pending", "hold", "solved", "closed"];
    public static readonly string[] Priorities = ["urgent", "high", "normal", "low"];
    public static readonly string[] Types = ["problem", "incident", "question", "task"];

    public static ZendeskProblem NotFound() => new(404, new JsonObject { ["error"] = "RecordNotFound", ["description"] = "Not found" });

    public static ZendeskProblem Invalid(string field, string description) => new(422, new JsonObject
    {
        ["error"] = "RecordInvalid",
        ["description"] = "Record validation errors",
        ["details"] = new JsonObject { [field] = new JsonArray(new JsonObject { ["description"] = description, ["error"] = "InvalidValue" }) },
    });

    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public Task<JsonObject?> TicketAsync(long id) => store.GetAsync(Tickets, id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public Task<JsonObject?> UserAsync(long id) => store.GetAsync(Users, id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public async Task<(JsonObject? Ticket, ZendeskProblem? Problem)> CreateTicketAsync(JsonObject input)
    {
        if (Check(input) is { } problem)
        {
            return (null, problem);
        }

        var comment = input["comment"] as JsonObject;
        var body = comment?["body"]?.GetValue<string>() ?? comment?["html_body"]?.GetValue<string>() ?? input["description"]?.GetValue<string>();
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, Invalid("description", "Description: cannot be blank"));
        }

        var requesterId = input["requester_id"]?.GetValue<long>();
        if (requesterId is null && input["requester"] is JsonObject requester)
        {
            var email = requester["email"]?.GetValue<string>();
            if (string.IsNullOrWhiteSpace(email))
            {
                return (null, Invalid("requester", "Requester: Email is not properly formatted"));
            }

            requesterId = await UserForEmailAsync(email, requester["name"]?.GetValue<string>() ?? email.Split('@')[0]);
        }

        if (requesterId is { } given && await UserAsync(given) is null)
        {
            return (null, Invalid("requester_id", "Requester: is invalid"));
        }

        var now = time.GetUtcNow();
        var id = await store.NextAsync(Tickets);
        var subject = input["subject"]?.GetValue<string>() ?? body.Split('\n')[0][..Math.Min(body.Split('\n')[0].Length, 80)];
        var ticket = new JsonObject
        {
            ["id"] = id,
            ["external_id"] = input["external_id"]?.DeepClone(),
            ["type"] = input["type"]?.DeepClone(),
            ["subject"] = subject,
            ["raw_subject"] = subject,
            ["description"] = body,
            ["priority"] = input["priority"]?.DeepClone(),
            ["status"] = input["status"]?.DeepClone() ?? (input["assignee_id"] is null ? "new" : "open"),
            ["recipient"] = null,
            ["requester_id"] = requesterId ?? 1,
            ["submitter_id"] = requesterId ?? 1,
            ["assignee_id"] = input["assignee_id"]?.DeepClone(),
            ["organization_id"] = null,
            ["group_id"] = input["group_id"]?.DeepClone(),
            ["collaborator_ids"] = new JsonArray(),
            ["follower_ids"] = new JsonArray(),
            ["has_incidents"] = false,
            ["due_at"] = null,
            ["tags"] = input["tags"]?.DeepClone() ?? new JsonArray(),
            ["custom_fields"] = input["custom_fields"]?.DeepClone() ?? new JsonArray(),
            ["via"] = new JsonObject { ["channel"] = input["via"]?["channel"]?.DeepClone() ?? "api" },
            ["created_at"] = Timestamp(now),
            ["updated_at"] = Timestamp(now),
            ["generated_timestamp"] = now.ToUnixTimeSeconds(),
        };
        await store.PutAsync(Tickets, id.ToString(System.Globalization.CultureInfo.InvariantCulture), ticket);
        await AddCommentAsync(id, body, comment?["public"]?.GetValue<bool>() ?? true, requesterId ?? 1, now);
        return (ticket, null);
    }

    /// <summary>Applies an update; a comment in it is added to the ticket (Zendesk has no separate comment-create endpoint).</summary>
    public async Task<(JsonObject? Ticket, JsonObject? Audit, ZendeskProblem? Problem)> UpdateTicketAsync(long id, JsonObject input)
    {
        var ticket = await TicketAsync(id);
        if (ticket is null)
        {
            return (null, null, NotFound());
        }

        if (ticket["status"]?.GetValue<string>() == "closed")
        {
            return (null, null, Invalid("status", "Status: closed prevents ticket update"));
        }

        if (Check(input) is { } problem)
        {
            return (null, null, problem);
        }

        var now = time.GetUtcNow();
        var events = new JsonArray();
        foreach (var field in new[] { "subject", "status", "priority", "type", "assignee_id", "group_id", "tags", "custom_fields", "external_id" })
        {
            if (input.TryGetPropertyValue(field, out var value) && value?.ToJsonString() != ticket[field]?.ToJsonString())
            {
                events.Add(new JsonObject { ["type"] = "Change", ["field_name"] = field, ["value"] = value?.DeepClone(), ["previous_value"] = ticket[field]?.DeepClone() });
                ticket[field] = value?.DeepClone();
            }
        }

        if (input["comment"] is JsonObject comment && (comment["body"] ?? comment["html_body"])?.GetValue<string>() is { Length: > 0 } body)
        {
            var author = comment["author_id"]?.GetValue<long>() ?? ticket["assignee_id"]?.GetValue<long?>() ?? 1;
            var added = await AddCommentAsync(id, body, comment["public"]?.GetValue<bool>() ?? true, author, now);
            events.Add(new JsonObject { ["type"] = "Comment", ["id"] = added["id"]!.DeepClone(), ["body"] = body, ["public"] = added["public"]!.DeepClone(), ["author_id"] = author });
        }

        ticket["updated_at"] = Timestamp(now);
        ticket["generated_timestamp"] = now.ToUnixTimeSeconds();
        await store.PutAsync(Tickets, id.ToString(System.Globalization.CultureInfo.InvariantCulture), ticket);
        var audit = new JsonObject
        {
            ["id"] = await store.NextAsync("zendesk:audits"),
            ["ticket_id"] = id,
            ["created_at"] = Timestamp(now),
            ["author_id"] = (input["comment"] as JsonObject)?["author_id"]?.DeepClone() ?? 1,
            ["events"] = events,
        };
        return (ticket, audit, null);
    }

    /// <summary>Many synthetic tickets at once (for load and sync benchmarks), without webhooks or comments.</summary>
    public async Task<long> GenerateAsync(int count, Seeding.Synthetic synthetic)
    {
        var requester = await UserForEmailAsync("bulk.requester@example.com", "Bulk Requester");
        var now = time.GetUtcNow();
        var records = new List<(string, JsonObject)>(count);
        for (var i = 0; i < count; i++)
        {
            var id = await store.NextAsync(Tickets);
            var (subject, body, _) = synthetic.Ticket(synthetic.Person());
            records.Add((id.ToString(System.Globalization.CultureInfo.InvariantCulture), new JsonObject
            {
                ["id"] = id, ["external_id"] = null, ["type"] = "question", ["subject"] = subject, ["raw_subject"] = subject, ["description"] = body,
                ["priority"] = "normal", ["status"] = "open", ["recipient"] = null, ["requester_id"] = requester, ["submitter_id"] = requester,
                ["assignee_id"] = null, ["organization_id"] = null, ["group_id"] = null, ["collaborator_ids"] = new JsonArray(),
                ["follower_ids"] = new JsonArray(), ["has_incidents"] = false, ["due_at"] = null, ["tags"] = new JsonArray("synthetic", "bulk"),
                ["custom_fields"] = new JsonArray(), ["via"] = new JsonObject { ["channel"] = "api" },
                ["created_at"] = Timestamp(now), ["updated_at"] = Timestamp(now), ["generated_timestamp"] = now.ToUnixTimeSeconds(),
            }));
        }

        foreach (var chunk in records.Chunk(1000))
        {
            await store.PutManyAsync(Tickets, chunk);
        }

        return await store.CountAsync(Tickets);
    }

    public async Task<IReadOnlyList<JsonObject>> CommentsAsync(long ticketId) =>
        (await store.ListAsync($"zendesk:comments:{ticketId}")).Select(c => JsonNode.Parse(c)!.AsObject()).ToList();

    public async Task<long> UserForEmailAsync(string email, string name, string role = "end-user")
    {
        var key = $"zendesk:user-by-email:{email.ToLowerInvariant()}";
        if (await store.RecallAsync(key) is { } known)
        {
            return long.Parse(known, System.Globalization.CultureInfo.InvariantCulture);
        }

        var id = await store.NextAsync(Users) + 1000; // user ids stay clear of ticket ids, as on a real instance
        var now = Timestamp(time.GetUtcNow());
        await store.PutAsync(Users, id.ToString(System.Globalization.CultureInfo.InvariantCulture), new JsonObject
        {
            ["id"] = id, ["name"] = name, ["email"] = email, ["role"] = role, ["active"] = true, ["verified"] = true,
            ["organization_id"] = null, ["custom_role_id"] = null, ["created_at"] = now, ["updated_at"] = now,
        });
        var (first, value) = await store.RememberAsync(key, id.ToString(System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromDays(3650));
        return first ? id : long.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<JsonObject> AddCommentAsync(long ticketId, string body, bool isPublic, long author, DateTimeOffset at)
    {
        var comment = new JsonObject
        {
            ["id"] = await store.NextAsync("zendesk:comments"),
            ["type"] = "Comment",
            ["body"] = body,
            ["html_body"] = $"<div class=\"zd-comment\"><p>{System.Net.WebUtility.HtmlEncode(body)}</p></div>",
            ["plain_body"] = body,
            ["public"] = isPublic,
            ["author_id"] = author,
            ["attachments"] = new JsonArray(),
            ["via"] = new JsonObject { ["channel"] = "api" },
            ["created_at"] = Timestamp(at),
        };
        await store.PushAsync($"zendesk:comments:{ticketId}", comment.ToJsonString());
        return comment;
    }

    private static ZendeskProblem? Check(JsonObject input) =>
        Shape(input, TicketFields, "") ?? (input["comment"] as JsonObject is { } comment ? Shape(comment, CommentFields, "comment.") : null) ??
        (input["requester"] as JsonObject is { } requester ? Shape(requester, RequesterFields, "requester.") : null) ??
        Enumerated(input, "status", Statuses) ?? Enumerated(input, "priority", Priorities) ?? Enumerated(input, "type", Types);

    private enum Kind { Text, Whole, Flag, Object, Texts, Objects }

    private static readonly (string Field, Kind Kind)[] TicketFields =
    [
        ("subject", Kind.Text), ("raw_subject", Kind.Text), ("description", Kind.Text), ("external_id", Kind.Text), ("status", Kind.Text), ("priority", Kind.Text),
        ("type", Kind.Text), ("requester_id", Kind.Whole), ("assignee_id", Kind.Whole), ("group_id", Kind.Whole), ("organization_id", Kind.Whole),
        ("comment", Kind.Object), ("requester", Kind.Object), ("via", Kind.Object), ("tags", Kind.Texts), ("custom_fields", Kind.Objects),
    ];

    private static readonly (string Field, Kind Kind)[] CommentFields = [("body", Kind.Text), ("html_body", Kind.Text), ("public", Kind.Flag), ("author_id", Kind.Whole)];

    private static readonly (string Field, Kind Kind)[] RequesterFields = [("email", Kind.Text), ("name", Kind.Text)];

    /// <summary>
    /// Each known field of the JSON type Zendesk documents for it (null allowed), else 422 RecordInvalid under the field, as
    /// Zendesk words a field it cannot take (see saas-api-facts.md: wrong JSON types).
    /// </summary>
    private static ZendeskProblem? Shape(JsonObject input, (string Field, Kind Kind)[] fields, string prefix)
    {
        foreach (var (field, kind) in fields)
        {
            if (input[field] is not { } value)
            {
                continue;
            }

            var fits = kind switch
            {
                Kind.Text => value.GetValueKind() == System.Text.Json.JsonValueKind.String,
                Kind.Whole => value is JsonValue number && number.GetValueKind() == System.Text.Json.JsonValueKind.Number && long.TryParse(number.ToJsonString(),
                    System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _),
                Kind.Flag => value.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False,
                Kind.Object => value is JsonObject,
                Kind.Texts => value is JsonArray texts && texts.All(t => t?.GetValueKind() == System.Text.Json.JsonValueKind.String),
                _ => value is JsonArray objects && objects.All(o => o is JsonObject),
            };
            if (!fits)
            {
                var name = prefix + field;
                return Invalid(name, $"{char.ToUpperInvariant(name[0])}{name[1..]}: is invalid");
            }
        }

        return null;
    }

    private static ZendeskProblem? Enumerated(JsonObject input, string field, string[] allowed) =>
        input[field] is { } value && (value.GetValueKind() != System.Text.Json.JsonValueKind.String || !allowed.Contains(value.GetValue<string>()))
            ? Invalid(field, $"{char.ToUpperInvariant(field[0])}{field[1..]}: {value.ToJsonString().Trim('"')} is not valid")
            : null;
}
