using System.Text.Json.Nodes;
using Refit;

namespace Integration.Connectors.Zendesk;

/// <summary>Zendesk Support's Ticketing API v2 (developer.zendesk.com/api-reference/ticketing).</summary>
public interface IZendeskApi
{
    [Get("/api/v2/tickets/{id}.json")]
    Task<JsonObject> GetTicket(long id, CancellationToken cancellationToken);

    [Post("/api/v2/tickets.json")]
    Task<JsonObject> CreateTicket([Body] JsonObject body, [Header("Idempotency-Key")] string? idempotencyKey, CancellationToken cancellationToken);

    [Put("/api/v2/tickets/{id}.json")]
    Task<JsonObject> UpdateTicket(long id, [Body] JsonObject body, CancellationToken cancellationToken);

    [Get("/api/v2/search.json")]
    Task<JsonObject> Search(string query, int page, [AliasAs("per_page")] int perPage, CancellationToken cancellationToken);

    /// <summary>Cursor pagination: follow meta.after_cursor while meta.has_more.</summary>
    [Get("/api/v2/tickets.json")]
    Task<JsonObject> ListTickets([AliasAs("page[size]")] int size, [AliasAs("page[after]")] string? after, CancellationToken cancellationToken);

    /// <summary>Incremental cursor export: start with start_time (Unix seconds), then send after_cursor back; end_of_stream says when it is caught up.</summary>
    [Get("/api/v2/incremental/tickets/cursor.json")]
    Task<JsonObject> ExportTickets([AliasAs("start_time")] long? startTime, string? cursor, [AliasAs("per_page")] int? perPage, CancellationToken cancellationToken);

    [Get("/api/v2/tickets/{id}/comments.json")]
    Task<JsonObject> ListComments(long id, CancellationToken cancellationToken);

    [Get("/api/v2/users/{id}.json")]
    Task<JsonObject> GetUser(long id, CancellationToken cancellationToken);
}
